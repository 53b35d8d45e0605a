package dev.lambdarunner.sources;

import dev.lambdarunner.sources.RunnerFetch.Fetched;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Repositories on a fake GitLab ({@code git http-backend}) and jobs fetching them through the runner's git object
 * cache under {@code work/git-cache}, for the tests of that cache. Each repository has {@code main.tf} and
 * {@code modules/readme.md}. A test registers it as an extension: it ends with the test, its files and server too.
 */
final class CachedSources implements AfterEachCallback {

    static final long MAX = 512L * 1024 * 1024;
    static final String MAIN_TF = "resource \"terraform_data\" \"x\" {}\n";

    final FakeGitLab gitLab = FakeGitLab.start();
    private final FakeRunner runner = gitLab.addRunner();
    private final Path tmp;

    /** The first and the second job of one project, through one cache. */
    record ColdAndWarm(Fetched cold, Fetched warm) {
    }

    CachedSources() {
        try {
            this.tmp = Files.createTempDirectory("cached-sources-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeRepo repo(String path) throws IOException {
        return repo(path, MAIN_TF);
    }

    FakeRepo repo(String path, String mainTf) throws IOException {
        Path modules = Files.createDirectories(tmp.resolve("sources/" + path + "/modules"));
        Files.writeString(modules.getParent().resolve("main.tf"), mainTf);
        Files.writeString(modules.resolve("readme.md"), "nested " + path + "\n");
        return gitLab.createRepo(path, modules.getParent());
    }

    /** A fetcher with the cache, as the runner has it. */
    SourceFetcher fetcher() {
        return SourceFetcher.cached(cacheDir(), MAX);
    }

    /** A fetcher whose cache is warm: a job of {@code repo} fetched through it already. */
    SourceFetcher warmed(FakeRepo repo, int depth) throws Exception {
        SourceFetcher fetcher = fetcher();
        fetch(fetcher, repo, depth);
        return fetcher;
    }

    ColdAndWarm twice(FakeRepo repo, int depth) throws Exception {
        SourceFetcher fetcher = fetcher();
        Fetched cold = fetch(fetcher, repo, depth);
        return new ColdAndWarm(cold, fetch(fetcher, repo, depth));
    }

    /** A job of {@code repo} started on GitLab, its sources fetched by {@code fetcher}. */
    Fetched fetch(SourceFetcher fetcher, FakeRepo repo, int depth) throws Exception {
        return new RunnerFetch(gitLab, runner, tmp.resolve("builds")).fetch(fetcher, repo, depth);
    }

    Path cacheDir() {
        return tmp.resolve("work/git-cache");
    }

    /** Where the cache of {@code repo} is, whether or not it exists. */
    Path cacheOf(FakeRepo repo) throws URISyntaxException {
        return new GitCache(cacheDir(), MAX).repositoryDir(url(repo));
    }

    URIish url(FakeRepo repo) throws URISyntaxException {
        return new URIish(gitLab.url() + "/" + repo.fullPath() + ".git");
    }

    /** The repository caches there are, by name. */
    List<Path> caches() throws IOException {
        try (Stream<Path> entries = Files.list(cacheDir())) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".git")).sorted().toList();
        }
    }

    /** The commit checked out in {@code dir}. */
    static String head(Path dir) throws IOException {
        try (Git git = Git.open(dir.toFile())) {
            return git.getRepository().resolve("HEAD").name();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        gitLab.close();
        CacheEviction.deleteTree(tmp);
    }
}
