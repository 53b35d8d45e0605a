package dev.lambdarunner.credentials.aws;

/**
 * The STS role session name {@code gl-<project>-<job>}, which CloudTrail records with every call made with
 * the session: the project path with each character STS does not allow ({@code [\w+=,.@-]}) replaced by
 * {@code -}, shortened from its end so that the whole name fits STS's 64 characters; the job id is always kept.
 */
final class SessionName {

    static final int MAX_LENGTH = 64;

    private SessionName() {
    }

    static String of(String projectPath, long jobId) {
        String suffix = "-" + jobId;
        StringBuilder project = new StringBuilder();
        for (int i = 0; i < projectPath.length(); i++) {
            char c = projectPath.charAt(i);
            project.append(allowed(c) ? c : '-');
        }
        int room = MAX_LENGTH - "gl-".length() - suffix.length();
        String kept = project.length() > room ? project.substring(0, room) : project.toString();
        return "gl-" + kept + suffix;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_+=,.@-".indexOf(c) >= 0;
    }
}
