package dev.lambdarunner.sources;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Per-repository object caches: {@code <root>/<sha256 of the URL without credentials>.git}, a bare repository,
 * next to its {@code .lock} file and, while an update runs, its {@code .updating} marker. A job's code can write
 * here too, so before each use the root is swept and the repository restored to the runner's own layout with a
 * config it writes itself ({@link CacheLayout}); GitLab's URL and the job token come from the payload only. One repository's cache never serves another: the key is its URL, and GitLab is asked first on every
 * job, so only a job whose token GitLab accepts for that repository is ever copied its objects.
 * The workspace gets a copy of the objects by a local fetch, never alternates into the cache.
 */
final class GitCache {
    private static final String PIPELINES = "refs/pipelines/";
    private final Path root;
    private final long maxBytes;

    GitCache(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    /** Where the cache of the repository at {@code cleanUrl} lives (the URL must not carry credentials). */
    Path repositoryDir(URIish cleanUrl) {
        return root.resolve(key(cleanUrl) + ".git");
    }

    /**
     * Updates the repository's cache from GitLab, then fetches the job's refspecs from it into
     * {@code workspace} (an initialised repository). Throws {@link CacheException} on anything that went wrong
     * with the cache; the caller falls back to a direct fetch.
     */
    void fetchInto(Git workspace, Transfer fromGitLab, URIish cleanUrl, Writer log, BooleanSupplier cancelled)
            throws CacheException {
        Path dir = repositoryDir(cleanUrl);
        Path lockFile = sibling(dir, ".lock");
        try {
            Files.createDirectories(root);
            CacheLayout.sweepRoot(root);
            // another job fetching the same repository is worth waiting for, but not for all of this job's time
            Optional<CacheLock> held = CacheLock.acquire(lockFile, fromGitLab.timeout().dividedBy(2), cancelled);
            if (held.isEmpty()) {
                throw new CacheException("waiting for the lock " + lockFile.getFileName() + ": timed out", null);
            }
            try (CacheLock lock = held.get()) {
                useLocked(dir, workspace, fromGitLab, log, cancelled);
                Files.setLastModifiedTime(lockFile, FileTime.from(Instant.now()));
            }
        } catch (IOException | RuntimeException e) {
            throw new CacheException(e.getMessage(), e);
        }
        new CacheEviction(root, maxBytes).evict();
    }

    /** Removes the repository's cache (when no other job is using it), e.g. after its copy could not be checked out. */
    void discard(URIish cleanUrl) {
        Path dir = repositoryDir(cleanUrl);
        try {
            Optional<CacheLock> held = CacheLock.tryAcquire(sibling(dir, ".lock"));
            if (held.isPresent()) {
                try (CacheLock lock = held.get()) {
                    CacheEviction.deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the next job's copy fails the same way and tries again
        }
    }

    /** Runs with the lock held; a failure removes the cache (under the same lock) so the next job rebuilds it. */
    private void useLocked(Path dir, Git workspace, Transfer fromGitLab, Writer log, BooleanSupplier cancelled)
            throws CacheException {
        try {
            update(dir, fromGitLab, log, cancelled);
            fromGitLab.fromCache(dir.toUri().toString()).run(workspace, log, cancelled);
        } catch (GitAPIException | IOException | RuntimeException e) {
            try {
                CacheEviction.deleteTree(dir);
                Files.deleteIfExists(sibling(dir, ".updating"));
            } catch (IOException | RuntimeException left) {
                e.addSuppressed(left); // its damage or its .updating marker makes the next job rebuild it
            }
            throw new CacheException(e.getMessage(), e);
        }
    }

    private void update(Path dir, Transfer fromGitLab, Writer log, BooleanSupplier cancelled)
            throws IOException, GitAPIException {
        Path marker = sibling(dir, ".updating");
        if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS) || Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                && !looksLikeRepository(dir)) {
            log.write("Rebuilding the git object cache: an earlier update did not finish\n");
            CacheEviction.deleteTree(dir);
            Files.deleteIfExists(marker);
        }
        Files.write(marker, new byte[0], StandardOpenOption.CREATE_NEW);
        int cached = Files.exists(dir) ? CacheLayout.restore(dir) : -1;
        try (Git cache = open(dir)) {
            int depth = depth(cached, fromGitLab.depth());
            boolean shallow = !cache.getRepository().getObjectDatabase().getShallowCommits().isEmpty();
            Transfer mirror = new Transfer(fromGitLab.remote(), fromGitLab.user(), fromGitLab.password(),
                    mirrored(fromGitLab.refspecs()), depth, depth == 0 && shallow, fromGitLab.timeout());
            mirror.run(cache, log, cancelled);
            CacheLayout.writeConfig(dir, depth);
            forgetOtherPipelines(cache, fromGitLab.refspecs());
        }
        Files.delete(marker);
    }

    /**
     * The depth the cache is fetched with: never less than before (0, everything, beats any depth). JGit reads a
     * shallow commit as having no parents, in the cache and when it serves the workspace from it; fetching a
     * shallower history would add shallow commits nearer the tips and cut a later deeper job short. With the
     * depth never decreasing, the shallow commit nearest any tip is at least as deep as any job asks for.
     *
     * @param cached the depth of earlier fetches, -1 for a new cache
     */
    static int depth(int cached, int job) {
        if (cached < 0) {
            return job;
        }
        return cached == 0 || job == 0 ? 0 : Math.max(cached, job);
    }

    /**
     * GitLab makes a {@code refs/pipelines/<id>} per pipeline: the cache keeps only the current job's, so its refs
     * (which it advertises to every workspace) do not grow with each pipeline. Their objects stay until evicted.
     */
    private static void forgetOtherPipelines(Git cache, List<RefSpec> refspecs) throws IOException {
        Repository repo = cache.getRepository();
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(PIPELINES)) {
            boolean wanted = refspecs.stream().anyMatch(r -> r.matchSource(ref.getName()));
            if (!wanted) {
                RefUpdate delete = repo.updateRef(ref.getName());
                delete.setForceUpdate(true);
                delete.delete();
            }
        }
    }

    /** A new cache starts from JGit's bare layout, trimmed to the runner's own like any other before use. */
    private static Git open(Path dir) throws IOException, GitAPIException {
        if (!Files.exists(dir)) {
            Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
            CacheLayout.restore(dir);
        }
        return new Git(new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).setBare().build());
    }

    /** A directory (not a link) with the files of a repository; links inside are removed by the restore. */
    private static boolean looksLikeRepository(Path dir) {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(dir.resolve("HEAD")) && Files.isRegularFile(dir.resolve("config"))
                && Files.isDirectory(dir.resolve("objects"));
    }

    /** The cache keeps refs under their names on GitLab, so the job's own refspecs apply to it unchanged. */
    private static List<RefSpec> mirrored(List<RefSpec> refspecs) {
        return refspecs.stream().map(r -> r.setDestination(r.getSource()).setForceUpdate(true)).toList();
    }

    private static Path sibling(Path dir, String suffix) {
        String name = dir.getFileName().toString();
        return dir.resolveSibling(name.substring(0, name.length() - ".git".length()) + suffix);
    }

    static String key(URIish cleanUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(cleanUrl.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
