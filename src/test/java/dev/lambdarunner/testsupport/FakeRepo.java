package dev.lambdarunner.testsupport;

import java.nio.file.Path;

/**
 * A bare git repository served by the fake GitLab at {@code /<fullPath>.git} over smart HTTP.
 *
 * @param projectId     GitLab project id of the repository
 * @param fullPath      project path, e.g. {@code group/infra}
 * @param sha           commit id of {@code HEAD} (the only commit)
 * @param defaultBranch always {@code main}
 * @param bareDir       the bare repository on disk
 */
public record FakeRepo(long projectId, String fullPath, String sha, String defaultBranch, Path bareDir) {
}
