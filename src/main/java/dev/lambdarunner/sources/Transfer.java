package dev.lambdarunner.sources;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.Writer;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One JGit fetch: from GitLab (with the job token as credentials only) or from a local cache (no credentials).
 *
 * @param remote      URL or path fetched from; never carries credentials
 * @param user        user of HTTP Basic, or {@code null} for none
 * @param depth       shallow depth; 0 fetches everything
 * @param unshallow   ask for the history a shallow repository lacks (only with depth 0)
 *
 * <p>The receiving side names each object by the hash of its content, so an object written into the cache under
 * another id never passes as that id in the workspace: the commit or a file is missing there and the checkout
 * fails. (JGit's object and connectivity checks, {@code setCheckFetchedObjects}, reject shallow fetches.)
 */
record Transfer(String remote, String user, String password, List<RefSpec> refspecs, int depth, boolean unshallow,
                Duration timeout) {

    static Transfer from(URIish withCredentials, List<RefSpec> refspecs, int depth, Duration timeout) {
        URIish clean = withCredentials.setUser(null).setPass(null);
        String password = withCredentials.getPass() == null ? "" : withCredentials.getPass();
        return new Transfer(clean.toString(), withCredentials.getUser(), password, refspecs, depth, false, timeout);
    }

    /** The same refspecs and depth from a local cache: no credentials. */
    Transfer fromCache(String cacheRemote) {
        return new Transfer(cacheRemote, null, null, refspecs, depth, false, timeout);
    }

    /**
     * Fetches from {@link #remote} itself, never from a remote name looked up in the repository's configuration:
     * {@code FetchCommand.setRemote} would take a remote that a cache's config names like this URL. Stale refs under
     * the refspecs' destinations are pruned, so a ref only the repository had never reaches a workspace.
     */
    void run(Git git, Writer log, BooleanSupplier cancelled) throws GitAPIException {
        try (Transport transport = Transport.open(git.getRepository(), new URIish(remote))) {
            transport.setTagOpt(TagOpt.NO_TAGS);
            transport.setRemoveDeletedRefs(true);
            transport.setTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
            if (user != null) {
                transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(user, password));
            }
            if (depth > 0) {
                transport.setDepth(depth);
            } else if (unshallow) {
                transport.setDepth(Constants.INFINITE_DEPTH);
            }
            transport.fetch(new CancellableMonitor(log, cancelled), refspecs);
        } catch (URISyntaxException e) {
            throw new InvalidRemoteException("fetching sources: not a repository URL: " + e.getReason());
        } catch (NotSupportedException | TransportException e) {
            throw new org.eclipse.jgit.api.errors.TransportException(e.getMessage(), e);
        }
    }

    /** Only the remote: credentials never reach a log. */
    @Override
    public String toString() {
        return "Transfer[" + remote + ", depth=" + depth + "]";
    }
}
