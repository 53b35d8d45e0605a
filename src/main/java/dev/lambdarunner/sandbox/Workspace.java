package dev.lambdarunner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * A job's own directory tree, {@code <root>/builds/<jobId>-<random>} with {@code project/}, {@code tmp/} and
 * {@code home/}, readable by the runner's user only. Closing removes it, so nothing of one job reaches the next
 * job in a warm Lambda.
 */
public final class Workspace implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Workspace.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Workspace(Path root) {
        this.root = root;
    }

    /**
     * Creates <root>/builds/<jobId>-<random> with owner-only permissions (rwx------), and inside it project/, tmp/,
     * home/. Files and links planted in builds/ by an earlier job's code are removed first.
     */
    public static Workspace create(Path root, long jobId) throws IOException {
        Path builds = Files.createDirectories(root.resolve("builds"));
        removePlanted(builds);
        Path dir = Files.createTempDirectory(builds, jobId + "-");
        Workspace workspace = new Workspace(dir);
        try {
            // Set explicitly: the mode given at creation is still narrowed by the umask, and must not depend on it.
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            for (Path sub : new Path[] {workspace.projectDir(), workspace.tmpDir(), workspace.homeDir()}) {
                Files.setPosixFilePermissions(Files.createDirectory(sub), OWNER_ONLY);
            }
        } catch (IOException | UnsupportedOperationException e) {
            workspace.close();
            throw new IOException("creating workspace for job %d in %s: %s".formatted(jobId, builds, e), e);
        }
        return workspace;
    }

    /**
     * Removes what a job's code may have left next to the workspaces: every file, link or special file in
     * {@code builds/}. Directories stay: they are workspaces, maybe of jobs running now (a removed workspace goes
     * with its job, whatever happened).
     */
    private static void removePlanted(Path builds) throws IOException {
        try (Stream<Path> entries = Files.list(builds)) {
            for (Path entry : entries.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /** The workspace directory itself. */
    public Path root() {
        return root;
    }

    /** Where the job's sources go; Terraform runs in here or below. */
    public Path projectDir() {
        return root.resolve("project");
    }

    /** The job's {@code TMPDIR}. */
    public Path tmpDir() {
        return root.resolve("tmp");
    }

    /** The job's {@code HOME}, so nothing reads or writes the runner's home. */
    public Path homeDir() {
        return root.resolve("home");
    }

    /**
     * The job's end: first kills whatever of the job still runs detached (each sandboxed process already swept
     * behind itself; this catches anything else), then removes the whole workspace: never follows symlinks out of
     * it, handles read-only files and dirs; logs (no throw) what it could not remove. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Orphans.instance().sweep(Duration.ZERO);
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int failures = TreeRemover.remove(root);
        if (failures > 0) {
            LOG.warnf("Removing workspace... incomplete path=%s failures=%d", root, failures);
        }
    }

    @Override
    public String toString() {
        return "Workspace[" + root + "]";
    }
}
