package dev.lambdarunner.sources;

import dev.lambdarunner.sensitive.Secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to check out for a job. {@code repoUrl} is GitLab's {@code git_info.repo_url}, which carries the
 * job token as URL credentials; it is split into a clean URL and credentials where it is used.
 *
 * @param refspecs GitLab's refspecs; when empty, the defaults gitlab-runner uses for {@code ref}/{@code refType}
 * @param depth    shallow fetch depth; 0 fetches everything
 * @param checkout false when {@code GIT_CHECKOUT=false}: fetch only
 */
public record SourceRequest(Secret repoUrl, String ref, String refType, String sha, List<String> refspecs, int depth,
                            boolean checkout, Path projectDir, Duration timeout) {

    List<String> effectiveRefspecs() {
        if (!refspecs.isEmpty()) {
            return refspecs;
        }
        if (depth == 0 || ref == null) {
            return List.of("+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
        }
        return "tag".equals(refType)
                ? List.of("+refs/tags/" + ref + ":refs/tags/" + ref)
                : List.of("+refs/heads/" + ref + ":refs/remotes/origin/" + ref);
    }
}
