package dev.lambdarunner.sources;

import dev.lambdarunner.sources.CachedSources.ColdAndWarm;
import dev.lambdarunner.sources.RunnerFetch.Fetched;
import dev.lambdarunner.testsupport.FakeRepo;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

import static dev.lambdarunner.sources.CachedSources.head;
import static org.assertj.core.api.Assertions.assertThat;

/** The git object cache on a real smart-HTTP repository served by the fake GitLab ({@code git http-backend}). */
class SourceFetcherCacheTest {
    @RegisterExtension
    final CachedSources sources = new CachedSources();

    @Test
    void secondJobOfTheSameProjectGetsNoPackFromGitLab() throws Exception {
        FakeRepo repo = sources.repo("group/infra");

        ColdAndWarm jobs = sources.twice(repo, 20);

        Fetched cold = jobs.cold();
        Fetched warm = jobs.warm();
        assertThat(cold.objects()).isEqualTo(5); // commit, two trees, two blobs: main.tf and modules/readme.md
        assertThat(warm.objects()).isZero();
        assertThat(warm.uploadPackBytes()).isLessThan(cold.uploadPackBytes());
        assertThat(warm.exchanges()).noneMatch(GitExchange::sentObjects);
        assertThat(warm.exchanges()).isNotEmpty(); // GitLab still checks the job token on every job
        for (Fetched f : List.of(cold, warm)) {
            assertThat(f.dir().resolve("main.tf")).hasContent("resource \"terraform_data\" \"x\" {}");
            assertThat(head(f.dir())).isEqualTo(repo.sha());
        }
        try (var cache = new FileRepositoryBuilder().setGitDir(sources.caches().get(0).toFile()).build()) {
            assertThat(cache.getRefDatabase().getRefsByPrefix("refs/pipelines/")).hasSize(1); // the last job's only
        }
        System.out.printf("git from server: cold %d bytes (upload-pack %d, %d objects), warm %d bytes"
                        + " (upload-pack %d, %d objects)%n", cold.totalBytes(), cold.uploadPackBytes(), cold.objects(),
                warm.totalBytes(), warm.uploadPackBytes(), warm.objects());
    }

    @Test
    void fullCloneJobsAreCachedToo() throws Exception {
        FakeRepo repo = sources.repo("group/full");

        ColdAndWarm jobs = sources.twice(repo, 0);

        assertThat(jobs.cold().uploadPackBytes()).isPositive();
        assertThat(jobs.warm().exchanges()).noneMatch(GitExchange::sentObjects);
        assertThat(head(jobs.warm().dir())).isEqualTo(repo.sha());
    }

    @Test
    void differentRepositoriesGetDifferentCaches() throws Exception {
        FakeRepo a = sources.repo("group/a");
        FakeRepo b = sources.repo("other/b", "resource \"terraform_data\" \"b\" {}\n");
        SourceFetcher fetcher = sources.fetcher();

        sources.fetch(fetcher, a, 20);
        Fetched second = sources.fetch(fetcher, b, 20);

        assertThat(second.objects()).isPositive(); // nothing of a's cache served b
        List<Path> caches = sources.caches();
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
        FakeRepo repo = sources.repo("group/corrupt");
        SourceFetcher fetcher = sources.warmed(repo, 20);
        Path cache = sources.caches().get(0);
        try (Stream<Path> files = Files.walk(cache.resolve("objects"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.write(file, "garbage".getBytes(StandardCharsets.US_ASCII));
            }
        }
        Files.writeString(cache.resolve("HEAD"), "garbage\n");

        Fetched damaged = sources.fetch(fetcher, repo, 20);
        Fetched rebuilding = sources.fetch(fetcher, repo, 20);
        Fetched after = sources.fetch(fetcher, repo, 20);

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
        FakeRepo repo = sources.repo("group/planted");
        Path cache = sources.cacheOf(repo);
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

        Fetched f = sources.fetch(sources.fetcher(), repo, 20);

        assertThat(f.dir().resolve("main.tf")).hasContent("resource \"terraform_data\" \"x\" {}");
        assertThat(head(f.dir())).isEqualTo(repo.sha());
        assertThat(f.log()).contains("Git object cache not usable");
        assertThat(Files.exists(cache)).isFalse(); // removed: the next job rebuilds it from GitLab
    }

    @Test
    void anUpdateThatDidNotFinishIsRebuilt() throws Exception {
        FakeRepo repo = sources.repo("group/killed");
        SourceFetcher fetcher = sources.warmed(repo, 20);
        Path cache = sources.caches().get(0);
        String name = cache.getFileName().toString();
        Files.writeString(cache.resolveSibling(name.replace(".git", ".updating")), "");

        Fetched next = sources.fetch(fetcher, repo, 20);

        assertThat(next.log()).contains("Rebuilding the git object cache");
        assertThat(next.uploadPackBytes()).isPositive();
        assertThat(head(next.dir())).isEqualTo(repo.sha());
        assertThat(sources.fetch(fetcher, repo, 20).exchanges()).noneMatch(GitExchange::sentObjects);
    }

    @Test
    void theTokenIsStoredNowhereAndTheWorkspaceStandsAlone() throws Exception {
        FakeRepo repo = sources.repo("group/secret");
        SourceFetcher fetcher = sources.fetcher();
        Fetched f = sources.fetch(fetcher, repo, 20);

        String token = f.job().token();
        try (Stream<Path> files = Stream.concat(Files.walk(sources.cacheDir()), Files.walk(f.dir().resolve(".git")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain(token);
            }
        }
        assertThat(f.log()).doesNotContain(token);
        Path cache = sources.caches().get(0);
        assertThat(Files.readString(cache.resolve("config"))).doesNotContain("url", "remote", "token");
        assertThat(cache.getFileName().toString())
                .isEqualTo(GitCache.key(sources.url(repo)) + ".git");

        assertThat(Files.exists(f.dir().resolve(".git/objects/info/alternates"))).isFalse();
        CacheEviction.deleteTree(sources.cacheDir());
        try (Git git = Git.open(f.dir().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            var commit = walk.parseCommit(ObjectId.fromString(repo.sha()));
            assertThat(git.getRepository().open(commit.getTree()).getSize()).isPositive();
            assertThat(git.status().call().isClean()).isTrue();
        }
    }

    @Test
    void cachesBeyondTheBoundAreDeletedLeastRecentlyUsedFirst() throws Exception {
        FakeRepo a = sources.repo("group/old");
        FakeRepo b = sources.repo("group/new", "resource \"terraform_data\" \"n\" {}\n");
        sources.fetch(sources.fetcher(), a, 20);
        long oneCache = treeSize(sources.caches().get(0));

        Fetched f = sources.fetch(SourceFetcher.cached(sources.cacheDir(), oneCache + oneCache / 2), b, 20);

        assertThat(sources.caches()).containsExactly(sources.cacheOf(b));
        assertThat(head(f.dir())).isEqualTo(b.sha());
    }

    @Test
    void concurrentJobsOfOneProjectShareTheCache() throws Exception {
        FakeRepo repo = sources.repo("group/busy");
        SourceFetcher fetcher = sources.fetcher();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Fetched>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> sources.fetch(fetcher, repo, 20)));
            }
            for (Future<Fetched> result : results) {
                Fetched f = result.get();
                assertThat(head(f.dir())).isEqualTo(repo.sha());
                assertThat(f.log()).doesNotContain("Git object cache not usable");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sources.caches()).hasSize(1);
    }

    @Test
    void withoutTheCacheNothingIsKept() throws Exception {
        Fetched f = sources.fetch(new SourceFetcher(), sources.repo("group/plain"), 20);

        assertThat(Files.exists(sources.cacheDir())).isFalse();
        assertThat(f.uploadPackBytes()).isPositive();
        assertThat(f.dir().resolve("main.tf")).exists();
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
