package dev.lambdarunner.sources;

import dev.lambdarunner.sensitive.Secret;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

import java.io.IOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Fetches a job's sources with JGit (there is no git binary in Lambda) into a fresh project directory:
 * init, fetch GitLab's refspecs (shallow when asked), check out the exact commit detached.
 * The job token goes to JGit as credentials only; the remote URL stored and shown has none.
 *
 * <p>With a cache ({@link #cached}), GitLab's objects are fetched into the repository's cache under
 * {@code <work-dir>/git-cache} first, so a later job fetches only what changed, and the project directory is
 * fetched from that cache (a copy: it stays self-contained). Any trouble with the cache costs one line in the
 * job log and a direct fetch, never the job.
 */
public final class SourceFetcher implements SourceFetch {
    private final Optional<GitCache> cache;

    /** Fetches every job straight from GitLab. */
    public SourceFetcher() {
        this.cache = Optional.empty();
    }

    private SourceFetcher(GitCache cache) {
        this.cache = Optional.of(cache);
    }

    /** Keeps git objects per repository under {@code cacheDir}, all of them within {@code maxBytes}. */
    public static SourceFetcher cached(Path cacheDir, long maxBytes) {
        return new SourceFetcher(new GitCache(cacheDir, maxBytes));
    }

    @Override
    public void fetch(SourceRequest request, Writer log, BooleanSupplier cancelled) throws SourceException {
        URIish url = parse(request.repoUrl());
        URIish clean = url.setUser(null).setPass(null);
        Transfer fromGitLab = Transfer.from(url, request.effectiveRefspecs().stream().map(RefSpec::new).toList(),
                request.depth(), request.timeout());
        if (cache.isPresent() && fetchThroughCache(cache.get(), request, fromGitLab, clean, log, cancelled)) {
            return;
        }
        try (Git git = init(request.projectDir(), clean)) {
            fromGitLab.run(git, log, cancelled);
            checkout(git, request);
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new SourceException(describe(request, clean, e), e);
        }
    }

    /**
     * True when the project directory is ready; false after one line in the job log, when a direct fetch should
     * follow (the project directory is emptied again before it).
     */
    private static boolean fetchThroughCache(GitCache cache, SourceRequest request, Transfer fromGitLab, URIish clean,
                                             Writer log, BooleanSupplier cancelled) throws SourceException {
        String problem;
        try (Git git = init(request.projectDir(), clean)) {
            cache.fetchInto(git, fromGitLab, clean, log, cancelled);
            checkout(git, request);
            return true;
        } catch (CacheException e) {
            problem = e.getMessage();
        } catch (GitAPIException | IOException | RuntimeException e) {
            problem = describe(request, clean, e);
            cache.discard(clean);
        }
        if (cancelled.getAsBoolean()) {
            throw new SourceException("fetching " + clean + ": " + problem, null);
        }
        try {
            log.write("Git object cache not usable (" + problem + "), fetching directly from " + clean + "\n");
            log.flush();
        } catch (IOException e) {
            // the job log is gone; the direct fetch reports what matters
        }
        return false;
    }

    private static Git init(Path projectDir, URIish clean) throws GitAPIException, IOException {
        emptyDirectory(projectDir);
        Git git = Git.init().setDirectory(projectDir.toFile()).setInitialBranch("main").call();
        StoredConfig config = git.getRepository().getConfig();
        config.setString("remote", "origin", "url", clean.toString());
        config.save();
        return git;
    }

    private static void checkout(Git git, SourceRequest request) throws GitAPIException {
        if (request.checkout()) {
            git.checkout().setName(request.sha()).setForced(true).call();
        }
    }

    /** A project directory starts empty: a failed attempt through the cache leaves nothing for the next one. */
    private static void emptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> all = children.toList();
            for (Path child : all) {
                CacheEviction.deleteTree(child);
            }
        }
    }

    private static String describe(SourceRequest request, URIish clean, Exception e) {
        String what = e instanceof org.eclipse.jgit.api.errors.RefNotFoundException
                || e instanceof org.eclipse.jgit.api.errors.InvalidRefNameException
                ? "checking out " + request.sha()
                : "fetching " + clean;
        // JGit messages name the URL it was given: the clean one, so no token can appear.
        return what + ": " + e.getMessage();
    }

    private static URIish parse(Secret repoUrl) throws SourceException {
        try {
            return new URIish(repoUrl.value());
        } catch (URISyntaxException | RuntimeException e) {
            throw new SourceException("fetching sources: the repository URL GitLab sent is not valid", null);
        }
    }
}
