package dev.lambdarunner.sources;

import dev.lambdarunner.sensitive.Secret;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shallow jobs through the cache, on a history of several commits: JGit's in-process upload-pack does not tell
 * the client about its own shallow commits, so the cache must hold at least the job's depth and the workspace
 * is fetched from it with the job's depth. Every workspace must be walkable to its shallow boundary (or root).
 */
class SourceFetcherShallowTest {
    private static final String REFSPEC = "+refs/heads/main:refs/remotes/origin/main";
    @TempDir
    Path tmp;
    private int jobs;

    @Test
    void eachDepthGetsExactlyItsHistoryFromOneCache() throws Exception {
        Path origin = tmp.resolve("origin");
        List<String> shas = commits(origin, 6);
        SourceFetcher fetcher = SourceFetcher.cached(tmp.resolve("git-cache"), 512L << 20);

        for (int depth : new int[] {1, 3, 2, 0, 4}) {
            Path dir = fetch(fetcher, origin, shas.get(5), depth);

            assertThat(walk(dir, shas.get(5))).as("commits of a depth %d job", depth)
                    .isEqualTo(depth == 0 ? 6 : depth);
            assertThat(shallow(dir)).as("shallow file of a depth %d job", depth)
                    .isEqualTo(depth == 0 ? Set.of() : Set.of(shas.get(6 - depth)));
        }
    }

    @Test
    void aNewCommitComesThroughTheCache() throws Exception {
        Path origin = tmp.resolve("origin");
        commits(origin, 3);
        SourceFetcher fetcher = SourceFetcher.cached(tmp.resolve("git-cache"), 512L << 20);
        fetch(fetcher, origin, head(origin), 2);

        String next = commits(origin, 1).get(0);
        Path dir = fetch(fetcher, origin, next, 2);

        assertThat(walk(dir, next)).isEqualTo(2);
        assertThat(dir.resolve("f1")).hasContent("1");
    }

    private Path fetch(SourceFetcher fetcher, Path origin, String sha, int depth) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("job-" + ++jobs));
        StringWriter log = new StringWriter();
        fetcher.fetch(new SourceRequest(Secret.of(origin.toUri().toString()), "main", "branch", sha, List.of(REFSPEC), depth,
                true, dir, Duration.ofMinutes(1)), log, () -> false);
        assertThat(log.toString()).doesNotContain("Git object cache not usable");
        return dir;
    }

    /** Counts the commits reachable from {@code sha}, reading every one (a missing parent throws). */
    private static int walk(Path dir, String sha) throws IOException {
        try (Git git = Git.open(dir.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            walk.markStart(walk.parseCommit(ObjectId.fromString(sha)));
            int n = 0;
            for (RevCommit c : walk) {
                git.getRepository().open(c.getTree()).getSize();
                n++;
            }
            return n;
        }
    }

    private static Set<String> shallow(Path dir) throws IOException {
        try (Git git = Git.open(dir.toFile())) {
            Set<String> names = new java.util.HashSet<>();
            git.getRepository().getObjectDatabase().getShallowCommits().forEach(id -> names.add(id.name()));
            return names;
        }
    }

    /** Adds {@code n} commits (file {@code f<i>}) to the repository at {@code dir}, creating it; returns their ids. */
    private static List<String> commits(Path dir, int n) throws Exception {
        try (Git git = Files.exists(dir) ? Git.open(dir.toFile())
                : Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            List<String> shas = new java.util.ArrayList<>();
            int start = (int) Files.list(dir).filter(p -> p.getFileName().toString().startsWith("f")).count();
            for (int i = start; i < start + n; i++) {
                Files.writeString(dir.resolve("f" + i), String.valueOf(i));
                git.add().addFilepattern(".").call();
                shas.add(git.commit().setMessage("c" + i).setAuthor("t", "t@example.invalid")
                        .setCommitter("t", "t@example.invalid").setSign(false).call().name());
            }
            return shas;
        }
    }

    private static String head(Path dir) throws IOException {
        try (Git git = Git.open(dir.toFile())) {
            return git.getRepository().resolve("HEAD").name();
        }
    }
}
