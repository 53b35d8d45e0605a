package dev.lambdarunner.sources;

import dev.lambdarunner.sources.RunnerFetch.Fetched;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.GitExchange;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The git object cache on a real smart-HTTP repository served by the fake GitLab ({@code git http-backend}). */
class SourceFetcherCacheTest {
    private static final long MAX = 512L * 1024 * 1024;
    private final FakeGitLab gitLab = FakeGitLab.start();
    private final FakeRunner runner = gitLab.addRunner();
    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        gitLab.close();
    }

    @Test
    void secondJobOfTheSameProjectGetsNoPackFromGitLab() throws Exception {
        FakeRepo repo = repo("group/infra");
        SourceFetcher fetcher = SourceFetcher.cached(cacheDir(), MAX);

        Fetched cold = fetch(fetcher, repo, 20);
        Fetched warm = fetch(fetcher, repo, 20);

        assertThat(cold.objects()).isEqualTo(5); // commit, two trees, two blobs: main.tf and modules/readme.md
        assertThat(warm.objects()).isZero();
        assertThat(warm.uploadPackBytes()).isLessThan(cold.uploadPackBytes());
        assertThat(warm.exchanges()).noneMatch(GitExchange::sentObjects);
        assertThat(warm.exchanges()).isNotEmpty(); // GitLab still checks the job token on every job
        for (Fetched f : List.of(cold, warm)) {
            assertThat(f.dir().resolve("main.tf")).hasContent("resource \"terraform_data\" \"x\" {}");
            assertThat(head(f.dir())).isEqualTo(repo.sha());
        }
        try (var cache = new FileRepositoryBuilder().setGitDir(caches().get(0).toFile()).build()) {
            assertThat(cache.getRefDatabase().getRefsByPrefix("refs/pipelines/")).hasSize(1); // the last job's only
        }
        System.out.printf("git from server: cold %d bytes (upload-pack %d, %d objects), warm %d bytes"
                        + " (upload-pack %d, %d objects)%n", cold.totalBytes(), cold.uploadPackBytes(), cold.objects(),
                warm.totalBytes(), warm.uploadPackBytes(), warm.objects());
    }

    @Test
    void fullCloneJobsAreCachedToo() throws Exception {
        FakeRepo repo = repo("group/full");
        SourceFetcher fetcher = SourceFetcher.cached(cacheDir(), MAX);

        Fetched cold = fetch(fetcher, repo, 0);
        Fetched warm = fetch(fetcher, repo, 0);

        assertThat(cold.uploadPackBytes()).isPositive();
        assertThat(warm.exchanges()).noneMatch(GitExchange::sentObjects);
        assertThat(head(warm.dir())).isEqualTo(repo.sha());
    }

    @Test
    void differentRepositoriesGetDifferentCaches() throws Exception {
        FakeRepo a = repo("group/a");
        FakeRepo b = repo("other/b", "resource \"terraform_data\" \"b\" {}\n");
        SourceFetcher fetcher = SourceFetcher.cached(cacheDir(), MAX);

        fetch(fetcher, a, 20);
        Fetched second = fetch(fetcher, b, 20);

        assertThat(second.objects()).isPositive(); // nothing of a's cache served b
        List<Path> caches = caches();
        assertThat(caches).hasSize(2);
        for (Path cache : caches) {
            try (var r = new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build()) {
                boolean hasA = r.getObjectDatabase().has(ObjectId.fromString(a.sha()));
                boolean hasB = r.getObjectDatabase().has(ObjectId.fromString(b.sha()));
                assertThat(hasA).isNotEqualTo(hasB);
            }
        }
        assertThat(Files.exists(second.dir().resolve(".git/objects/info/alternates"))).isFalse();
    }

    @Test
    void corruptedCacheIsRebuiltAndTheJobSucceeds() throws Exception {
        FakeRepo repo = repo("group/corrupt");
        SourceFetcher fetcher = SourceFetcher.cached(cacheDir(), MAX);
        fetch(fetcher, repo, 20);
        Path cache = caches().get(0);
        try (Stream<Path> files = Files.walk(cache.resolve("objects"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.write(file, "garbage".getBytes(StandardCharsets.US_ASCII));
            }
        }
        Files.writeString(cache.resolve("HEAD"), "garbage\n");

        Fetched damaged = fetch(fetcher, repo, 20);
        Fetched rebuilding = fetch(fetcher, repo, 20);
        Fetched after = fetch(fetcher, repo, 20);

        assertThat(head(damaged.dir())).isEqualTo(repo.sha());
        assertThat(damaged.dir().resolve("main.tf")).exists();
        assertThat(damaged.log().lines().filter(l -> l.startsWith("Git object cache not usable")).count())
                .isEqualTo(1);
        assertThat(rebuilding.objects()).isEqualTo(5); // the damaged cache was removed: the next job refills it
        assertThat(rebuilding.log()).doesNotContain("Git object cache not usable");
        assertThat(after.exchanges()).noneMatch(GitExchange::sentObjects); // warm again
        assertThat(head(after.dir())).isEqualTo(repo.sha());
    }

    @Test
    void anObjectPlantedInTheCacheUnderAnotherIdNeverReachesTheWorkspace() throws Exception {
        FakeRepo repo = repo("group/planted");
        Path cache = new GitCache(cacheDir(), MAX).repositoryDir(new URIish(gitLab.url() + "/group/planted.git"));
        try (Git git = Git.init().setBare(true).setDirectory(cache.toFile()).call()) {
            Repository r = git.getRepository();
            ObjectId evil;
            try (ObjectInserter insert = r.newObjectInserter()) {
                ObjectId blob = insert.insert(Constants.OBJ_BLOB, "resource \"terraform_data\" \"evil\" {}\n"
                        .getBytes(StandardCharsets.UTF_8));
                TreeFormatter tree = new TreeFormatter();
                tree.append("main.tf", FileMode.REGULAR_FILE, blob);
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(insert.insert(tree));
                commit.setAuthor(new PersonIdent("x", "x@example.invalid"));
                commit.setCommitter(new PersonIdent("x", "x@example.invalid"));
                commit.setMessage("planted");
                evil = insert.insert(commit);
                insert.flush();
            }
            // what a job's process running as the runner's user could do: the evil commit under the real id
            Path loose = cache.resolve("objects/" + evil.name().substring(0, 2) + "/" + evil.name().substring(2));
            Path target = Files.createDirectories(cache.resolve("objects/" + repo.sha().substring(0, 2)))
                    .resolve(repo.sha().substring(2));
            Files.copy(loose, target);
            RefUpdate main = r.updateRef("refs/heads/main");
            main.setNewObjectId(ObjectId.fromString(repo.sha()));
            main.forceUpdate();
        }

        Fetched f = fetch(SourceFetcher.cached(cacheDir(), MAX), repo, 20);

        assertThat(f.dir().resolve("main.tf")).hasContent("resource \"terraform_data\" \"x\" {}");
        assertThat(head(f.dir())).isEqualTo(repo.sha());
        assertThat(f.log()).contains("Git object cache not usable");
        assertThat(Files.exists(cache)).isFalse(); // removed: the next job rebuilds it from GitLab
    }

    @Test
    void anUpdateThatDidNotFinishIsRebuilt() throws Exception {
        FakeRepo repo = repo("group/killed");
        SourceFetcher fetcher = SourceFetcher.cached(cacheDir(), MAX);
        fetch(fetcher, repo, 20);
        Path cache = caches().get(0);
        String name = cache.getFileName().toString();
        Files.writeString(cache.resolveSibling(name.replace(".git", ".updating")), "");

        Fetched next = fetch(fetcher, repo, 20);

        assertThat(next.log()).contains("Rebuilding the git object cache");
        assertThat(next.uploadPackBytes()).isPositive();
        assertThat(head(next.dir())).isEqualTo(repo.sha());
        assertThat(fetch(fetcher, repo, 20).exchanges()).noneMatch(GitExchange::sentObjects);
    }

    @Test
    void theTokenIsStoredNowhereAndTheWorkspaceStandsAlone() throws Exception {
        FakeRepo repo = repo("group/secret");
        SourceFetcher fetcher = SourceFetcher.cached(cacheDir(), MAX);
        Fetched f = fetch(fetcher, repo, 20);

        String token = f.job().token();
        try (Stream<Path> files = Stream.concat(Files.walk(cacheDir()), Files.walk(f.dir().resolve(".git")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain(token);
            }
        }
        assertThat(f.log()).doesNotContain(token);
        Path cache = caches().get(0);
        assertThat(Files.readString(cache.resolve("config"))).doesNotContain("url", "remote", "token");
        assertThat(cache.getFileName().toString())
                .isEqualTo(GitCache.key(new URIish(gitLab.url() + "/group/secret.git")) + ".git");

        assertThat(Files.exists(f.dir().resolve(".git/objects/info/alternates"))).isFalse();
        CacheEviction.deleteTree(cacheDir());
        try (Git git = Git.open(f.dir().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            var commit = walk.parseCommit(ObjectId.fromString(repo.sha()));
            assertThat(git.getRepository().open(commit.getTree()).getSize()).isPositive();
            assertThat(git.status().call().isClean()).isTrue();
        }
    }

    @Test
    void cachesBeyondTheBoundAreDeletedLeastRecentlyUsedFirst() throws Exception {
        FakeRepo a = repo("group/old");
        FakeRepo b = repo("group/new", "resource \"terraform_data\" \"n\" {}\n");
        fetch(SourceFetcher.cached(cacheDir(), MAX), a, 20);
        long oneCache = treeSize(caches().get(0));

        Fetched f = fetch(SourceFetcher.cached(cacheDir(), oneCache + oneCache / 2), b, 20);

        assertThat(caches()).containsExactly(new GitCache(cacheDir(), MAX)
                .repositoryDir(new URIish(gitLab.url() + "/group/new.git")));
        assertThat(head(f.dir())).isEqualTo(b.sha());
    }

    @Test
    void concurrentJobsOfOneProjectShareTheCache() throws Exception {
        FakeRepo repo = repo("group/busy");
        SourceFetcher fetcher = SourceFetcher.cached(cacheDir(), MAX);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Fetched>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> fetch(fetcher, repo, 20)));
            }
            for (Future<Fetched> result : results) {
                Fetched f = result.get();
                assertThat(head(f.dir())).isEqualTo(repo.sha());
                assertThat(f.log()).doesNotContain("Git object cache not usable");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(caches()).hasSize(1);
    }

    @Test
    void withoutTheCacheNothingIsKept() throws Exception {
        Fetched f = fetch(new SourceFetcher(), repo("group/plain"), 20);

        assertThat(Files.exists(cacheDir())).isFalse();
        assertThat(f.uploadPackBytes()).isPositive();
        assertThat(f.dir().resolve("main.tf")).exists();
    }

    private Fetched fetch(SourceFetcher fetcher, FakeRepo repo, int depth) throws Exception {
        return new RunnerFetch(gitLab, runner, tmp.resolve("builds")).fetch(fetcher, repo, depth);
    }

    private FakeRepo repo(String path) throws IOException {
        return repo(path, "resource \"terraform_data\" \"x\" {}\n");
    }

    private FakeRepo repo(String path, String mainTf) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("sources/" + path + "/modules"));
        Files.writeString(source.getParent().resolve("main.tf"), mainTf);
        Files.writeString(source.resolve("readme.md"), "nested " + path + "\n");
        return gitLab.createRepo(path, source.getParent());
    }

    private Path cacheDir() {
        return tmp.resolve("work/git-cache");
    }

    private List<Path> caches() throws IOException {
        try (Stream<Path> entries = Files.list(cacheDir())) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".git")).sorted().toList();
        }
    }

    private static String head(Path dir) throws IOException {
        try (Git git = Git.open(dir.toFile())) {
            return git.getRepository().resolve("HEAD").name();
        }
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
