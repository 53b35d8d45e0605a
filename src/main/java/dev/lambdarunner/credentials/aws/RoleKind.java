package dev.lambdarunner.credentials.aws;

/** Which of the two configured roles a job gets. */
enum RoleKind {
    PLAN, APPLY;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
