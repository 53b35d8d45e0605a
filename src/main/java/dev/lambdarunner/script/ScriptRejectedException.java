package dev.lambdarunner.script;

/**
 * A script line the runner refuses to run, with the construct that caused it. Thrown before any
 * command of the job runs, so a job never half-runs a script that contains a refused line.
 */
public final class ScriptRejectedException extends RuntimeException {

    private final String line;
    private final String reason;

    /**
     * @param line   the refused command as written in the job's script (never expanded values)
     * @param reason what is refused and why, lowercase
     */
    public ScriptRejectedException(String line, String reason) {
        super("refused script line '" + line + "': " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** The refused command as written in the job's script. */
    public String line() {
        return line;
    }

    /** What is refused and why. */
    public String reason() {
        return reason;
    }
}
