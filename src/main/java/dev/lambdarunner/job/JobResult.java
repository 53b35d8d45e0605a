package dev.lambdarunner.job;

import java.util.Optional;

/** How a job's stages ended: it succeeded, or it failed for the reason its {@link JobFailure} gives. */
sealed interface JobResult permits JobResult.Succeeded, JobResult.Failed {

    JobResult SUCCEEDED = new Succeeded();

    /** The job did everything it was asked to. */
    record Succeeded() implements JobResult {
    }

    /** The job failed; {@code cause} is what its final report says. */
    record Failed(JobFailure cause) implements JobResult {
    }

    static JobResult failed(JobFailure cause) {
        return new Failed(cause);
    }

    /** Succeeded when there is no failure. */
    static JobResult of(Optional<JobFailure> failure) {
        return failure.<JobResult>map(Failed::new).orElse(SUCCEEDED);
    }

    /** The failure, empty for a job that succeeded. */
    default Optional<JobFailure> failure() {
        return this instanceof Failed failed ? Optional.of(failed.cause()) : Optional.empty();
    }

    default boolean succeeded() {
        return this instanceof Succeeded;
    }
}
