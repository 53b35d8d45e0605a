package dev.lambdarunner.gitlab;

/** The {@code Job-Status} header GitLab returns on job updates and trace patches. */
public enum JobStatus {
    RUNNING, PENDING, CANCELING, CANCELED, FAILED, SUCCESS, UNKNOWN;

    public static JobStatus fromHeader(String value) {
        if (value == null || value.isBlank()) {
            return UNKNOWN;
        }
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** GitLab asked for a graceful stop: the job keeps reporting but must end soon. */
    public boolean cancelRequested() {
        return this == CANCELING;
    }

    /** The job is over on GitLab's side: stop running it and stop sending. */
    public boolean aborted() {
        return this == CANCELED || this == FAILED;
    }
}
