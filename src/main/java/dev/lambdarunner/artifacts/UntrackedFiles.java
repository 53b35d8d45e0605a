package dev.lambdarunner.artifacts;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code artifacts:untracked}: the files of the working tree that git does not track, ignored ones included (GitLab:
 * "untracked ignores configuration in the repository's .gitignore"), like gitlab-runner's {@code git ls-files -o}.
 * Read from the repository's index with JGit; the {@code .git} directory itself never counts.
 */
final class UntrackedFiles {

    private UntrackedFiles() {
    }

    static Set<String> list(Path projectDir, List<String> tree, List<String> log) throws IOException {
        Set<String> untracked = new TreeSet<>();
        if (!Files.isDirectory(projectDir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            log.add("WARNING: untracked: the project directory is not a git repository (GIT_STRATEGY=none?)");
            return untracked;
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(projectDir.resolve(".git").toFile())
                .setWorkTree(projectDir.toFile()).setMustExist(true).build()) {
            DirCache index = repo.readDirCache();
            for (String path : tree) {
                if (path.equals(".git") || path.startsWith(".git/")) {
                    continue;
                }
                boolean directory = Files.isDirectory(projectDir.resolve(path), LinkOption.NOFOLLOW_LINKS);
                if (!directory && index.findEntry(path) < 0) {
                    untracked.add(path);
                }
            }
        }
        return untracked;
    }
}
