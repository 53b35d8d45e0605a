package dev.lambdarunner.sources;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TextProgressMonitor;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.util.function.BooleanSupplier;

/**
 * Fetches a job's sources with JGit (there is no git binary in Lambda) into a fresh project directory:
 * init, fetch GitLab's refspecs (shallow when asked), check out the exact commit detached.
 * The job token goes to JGit as credentials only; the remote URL stored and shown has none.
 */
public final class SourceFetcher {

    /**
     * @param log       where progress goes (the job log)
     * @param cancelled polled during the transfer; true stops it (job canceled or out of time)
     */
    public void fetch(SourceRequest request, Writer log, BooleanSupplier cancelled) throws SourceException {
        URIish url = parse(request.repoUrl());
        URIish clean = url.setUser(null).setPass(null);
        try (Git git = Git.init().setDirectory(request.projectDir().toFile()).setInitialBranch("main").call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", clean.toString());
            config.save();
            var fetch = git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(request.effectiveRefspecs().stream().map(RefSpec::new).toList())
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, request.timeout().toSeconds())))
                    .setProgressMonitor(new CancellableMonitor(log, cancelled));
            if (url.getUser() != null) {
                fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(url.getUser(), nullToEmpty(url.getPass())));
            }
            if (request.depth() > 0) {
                fetch.setDepth(request.depth());
            }
            fetch.call();
            if (request.checkout()) {
                git.checkout().setName(request.sha()).setForced(true).call();
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new SourceException(describe(request, clean, e), e);
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

    private static URIish parse(String repoUrl) throws SourceException {
        try {
            return new URIish(repoUrl);
        } catch (URISyntaxException | RuntimeException e) {
            throw new SourceException("fetching sources: the repository URL GitLab sent is not valid", null);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** JGit progress to the job log; also how a canceled or timed-out job stops a transfer. */
    private static final class CancellableMonitor extends TextProgressMonitor {
        private final BooleanSupplier cancelled;

        CancellableMonitor(Writer out, BooleanSupplier cancelled) {
            super(out);
            this.cancelled = cancelled;
        }

        @Override
        public boolean isCancelled() {
            return cancelled.getAsBoolean();
        }
    }
}
