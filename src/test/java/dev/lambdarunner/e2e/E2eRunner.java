package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.JobSpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every end-to-end test of the packaged runner stands on: one {@link FakeGitLab} with one registered runner
 * for the test class, its repositories, a fresh work directory per test, and the runner processes the test starts.
 * Register it as a {@code static} {@code @RegisterExtension} field.
 *
 * <p>After each test it ends every runner process the test started (and fails if one will not end), then fails on
 * a protocol violation the fake saw or a job workspace left in the work directory, and deletes the work directory:
 * nothing of one test reaches the next.
 */
final class E2eRunner implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** How long a test waits for a job, or for a runner process to exit. */
    static final Duration JOB_WAIT = Duration.ofSeconds(90);

    private final Map<String, FakeRepo> repos = new HashMap<>();
    private final List<RunnerCli> started = new ArrayList<>();
    private FakeGitLab gitlab;
    private FakeRunner runner;
    private Path root;
    private Path work;

    FakeGitLab gitlab() {
        return gitlab;
    }

    FakeRunner runner() {
        return runner;
    }

    /**
     * This test's {@code RUNNER_WORK_DIR}. Its parent is the test's too (and deleted with it), for what a test puts
     * beside the work directory, outside the runner's reach.
     */
    Path work() {
        return work;
    }

    /** The repository {@code infra/<fixture>} holding {@code src/test/resources/terraform/<fixture>}. */
    FakeRepo repo(String fixture) {
        return repo("infra/" + fixture, fixture);
    }

    /** The repository {@code fullPath} holding {@code src/test/resources/terraform/<fixture>}, made on first use. */
    FakeRepo repo(String fullPath, String fixture) {
        return repos.computeIfAbsent(fullPath,
                path -> gitlab.createRepo(path, Path.of("src/test/resources/terraform", fixture)));
    }

    /** Queues {@code spec} on the fake. */
    FakeJob enqueue(JobSpec spec) {
        return gitlab.enqueue(spec);
    }

    /** {@link RunnerCli#pollingEnv} for this fake, runner and work directory; callers add to it. */
    Map<String, String> pollingEnv() {
        return RunnerCli.pollingEnv(gitlab.url(), runner.token(), work);
    }

    /** Starts the packaged runner; it is ended after the test whatever happens. */
    RunnerCli start(Map<String, String> env, String... args) throws IOException {
        return track(RunnerCli.start(env, args));
    }

    /** Like {@link #start}, with {@code prefix} before the java command and {@code jvmOptions} before -jar. */
    RunnerCli startAs(List<String> prefix, List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        return track(RunnerCli.startAs(prefix, jvmOptions, env, args));
    }

    /** {@code run --once}, which must exit 0 whatever the job's result. */
    void runOnce(Map<String, String> env) throws Exception {
        try (RunnerCli cli = start(env, "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }
    }

    /**
     * A warm runner ({@code run} without {@code --once}) takes the queued {@code jobs} in order; it is stopped with
     * SIGTERM once all ended. Returns what it printed.
     */
    RunnerCli.Output runUntilFinished(Map<String, String> env, FakeJob... jobs) throws Exception {
        try (RunnerCli cli = start(env, "run")) {
            for (FakeJob job : jobs) {
                try {
                    job.awaitFinished(JOB_WAIT);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nrunner stderr:\n" + cli.stderr(), e);
                }
            }
            cli.terminate();
            return cli.awaitOutput(JOB_WAIT);
        }
    }

    /** Fails if anything named {@code name} is anywhere under the work directory. */
    void assertNothingNamedInWork(String name) throws IOException {
        try (Stream<Path> all = Files.walk(work)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals(name))).as("files named " + name).isEmpty();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        gitlab = FakeGitLab.start();
        runner = gitlab.addRunner();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        gitlab.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("e2e-");
        // open to all, so that a runner started as another user (IsolationIT) reaches the work directory, which is
        // private like any temporary directory
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        work = Files.createDirectory(root.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            endStartedRunners();
            gitlab.assertNoViolations();
            LeftoverWorkspaces.assertNoneIn(work);
        } finally {
            deleteTree(root);
        }
    }

    private RunnerCli track(RunnerCli cli) {
        started.add(cli);
        return cli;
    }

    private void endStartedRunners() throws InterruptedException {
        List<Long> alive = new ArrayList<>();
        for (RunnerCli cli : started) {
            cli.close();
            if (!cli.awaitEnd(Duration.ofSeconds(10))) {
                alive.add(cli.pid());
            }
        }
        started.clear();
        assertThat(alive).as("runner processes that would not end").isEmpty();
    }

    /** Deepest first, so that each directory is empty when its turn comes. */
    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
