package dev.lambdarunner.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ordinary user the isolation tests start the runner as. Root reads every {@code /proc/<pid>/environ} and may
 * attach to any process, so a runner started as root would prove nothing: when the tests run as root, the runner
 * runs as {@value #NAME} (created by {@code .ci/run}) through {@code setpriv}; otherwise it runs as the test's own,
 * already unprivileged, user. A missing user under root fails the test: a security test must not skip silently.
 */
final class UnprivilegedUser {

    static final String NAME = "lambdarunner-test";

    private final boolean switching;
    private final String uid;
    private final String gid;

    private UnprivilegedUser(boolean switching, String uid, String gid) {
        this.switching = switching;
        this.uid = uid;
        this.gid = gid;
    }

    static UnprivilegedUser resolve() throws IOException, InterruptedException {
        if (!"0".equals(id("-u", null))) {
            return new UnprivilegedUser(false, null, null);
        }
        String uid = id("-u", NAME);
        if (uid == null) {
            throw new AssertionError("the isolation tests run as root and need the unprivileged user '" + NAME
                    + "' to start the runner as (root reads every /proc): create it with "
                    + "'useradd --system --no-create-home " + NAME + "' (.ci/run does)");
        }
        return new UnprivilegedUser(true, uid, id("-g", NAME));
    }

    /** The command prefix that runs {@code argv} as this user. */
    List<String> prefix() {
        return switching ? List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--") : List.of();
    }

    /** Makes {@code dir} and everything under it this user's, so that the runner can work in it. */
    void own(Path dir) throws IOException {
        if (!switching) {
            return;
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.toList()) {
                Files.setOwner(path, users.lookupPrincipalByName(NAME));
                Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                        .setGroup(users.lookupPrincipalByGroupName(NAME));
            }
        }
    }

    private static String id(String flag, String user) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(user == null ? List.of("id", flag) : List.of("id", flag, user))
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.waitFor() == 0 ? out : null;
    }
}
