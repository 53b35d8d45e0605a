package dev.lambdarunner.pipeline;

/**
 * Why a job cannot be resolved: {@link Kind#UNKNOWN} when what it needs may come from an include that check cannot
 * read (so it is not guessed), {@link Kind#INVALID} when GitLab itself would reject the pipeline.
 */
final class JobProblem extends RuntimeException {

    enum Kind { UNKNOWN, INVALID }

    private final Kind kind;

    JobProblem(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
