package dev.lambdarunner.sandbox;

/** Why a sandboxed process was stopped before it ended on its own. */
public enum StopReason {
    /** The job was canceled in GitLab. */
    CANCELED,
    /** The job's deadline passed. */
    TIMEOUT,
    /** The runner itself is shutting down. */
    SHUTDOWN
}
