package dev.lambdarunner.testsupport;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A GitLab stand-in for tests: the runner API ({@code /api/v4/runners/verify}, {@code /jobs/request},
 * {@code PUT /jobs/:id}, {@code PATCH /jobs/:id/trace}, {@code POST/GET /jobs/:id/artifacts}) and GitLab-managed
 * Terraform state ({@code /projects/:id/terraform/state/:name[/lock]}) exactly as the protocol reference
 * describes them, plus git over smart HTTP backed by the real {@code git http-backend}. It answers like GitLab and records, as
 * {@link #violations()}, everything the runner sends that GitLab's protocol does not allow. Thread-safe;
 * long polls block server threads, so the executor grows as needed.
 *
 * <pre>{@code
 * try (FakeGitLab gitLab = FakeGitLab.start()) {
 *     FakeRunner runner = gitLab.addRunner();
 *     FakeRepo repo = gitLab.createRepo("group/infra", Path.of("src/test/resources/terraform/simple"));
 *     FakeJob job = gitLab.enqueue(JobSpec.builder().repo(repo).script("terraform init").build());
 *     // run the runner against gitLab.url() with runner.token()
 *     assertThat(job.awaitFinished(Duration.ofSeconds(30)).status()).isEqualTo("success");
 *     gitLab.assertNoViolations();
 * }
 * }</pre>
 * Runner API requests must carry the runner's {@code User-Agent} and {@code X-Request-Id}; git requests are
 * exempt (they come from git or JGit).
 */
public final class FakeGitLab implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY the second write can wait
        // for a delayed ACK (~40 ms) on every keep-alive request. Read once, when the server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Path root;
    private final String url;
    private final JobQueue queue = new JobQueue();
    private final Violations violations = new Violations();
    private final Faults faults = new Faults();
    private final Settings settings = new Settings();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final AtomicLong jobIds = new AtomicLong(1000);
    private final AtomicLong pipelineIds = new AtomicLong(500);
    private final GitRepos repos;
    private final RegistrationEndpoints registration;
    private final TerraformStateEndpoint terraformStates;
    private final ArtifactsEndpoint artifacts;
    private final GitBackend git;

    private FakeGitLab() throws IOException {
        root = Files.createTempDirectory("fakegitlab");
        repos = new GitRepos(root);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        executor = newExecutor();
        JobPayload payloads = new JobPayload(url);
        RequestChecks checks = new RequestChecks(violations);
        registration = new RegistrationEndpoints(queue, checks, violations);
        terraformStates = new TerraformStateEndpoint(queue, violations);
        artifacts = new ArtifactsEndpoint(queue, violations);
        payloads.artifactsOf(artifacts::of);
        git = new GitBackend(repos, queue);
        Dispatcher.Endpoints endpoints = new Dispatcher.Endpoints(
                new RunnerEndpoints(queue, checks, violations, settings, payloads),
                new JobUpdateEndpoint(queue, checks, violations, faults),
                new TraceEndpoint(queue, violations, faults, settings),
                git, terraformStates, artifacts, registration);
        server.createContext("/", new Dispatcher(this::record, violations, faults, endpoints));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server on {@code 127.0.0.1} and a free port. */
    public static FakeGitLab start() {
        try {
            return new FakeGitLab();
        } catch (IOException e) {
            throw new UncheckedIOException("starting fake gitlab: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the GitLab URL to give the runner. */
    public String url() {
        return url;
    }

    /** Registers a runner with authentication token {@code token}. */
    public FakeRunner addRunner(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("adding runner: token is empty");
        }
        return queue.addRunner(token);
    }

    /** Registers a runner with a fresh {@code glrt-} token. */
    public FakeRunner addRunner() {
        return addRunner("glrt-" + randomToken(20));
    }

    /**
     * Lets {@code token} create runners through {@code POST /api/v4/user/runners} when {@code scopes} holds
     * {@code create_runner} (else it gets 403); unknown tokens get 401.
     */
    public FakeGitLab addAccessToken(String token, String... scopes) {
        registration.addAccessToken(token, java.util.Set.of(scopes));
        return this;
    }

    /** Lets {@code token} register runners the deprecated way, {@code POST /api/v4/runners}. */
    public FakeGitLab allowRegistrationToken(String token) {
        registration.allowRegistrationToken(token);
        return this;
    }

    /**
     * Reports, as a violation, any trace that holds {@code value} (named {@code label} in the report, never
     * shown): for secrets the runner holds that no job variable declares, like its secret document's values.
     */
    public FakeGitLab watchSecret(String label, String value) {
        settings.watchSecret(label, value);
        return this;
    }

    /** The runners created through the registration endpoints, in order. */
    public List<RunnerRegistration> registrations() {
        return registration.registrations();
    }

    /**
     * Commits the files of {@code sourceDir} (one commit on {@code main}, fixed author and date) into a bare
     * repository served at {@code /<fullPath>.git}.
     */
    public FakeRepo createRepo(String fullPath, Path sourceDir) {
        return repos.create(fullPath, sourceDir);
    }

    /** Makes a new job pending for every runner and ticks their queue values. */
    public FakeJob enqueue(JobSpec spec) {
        if (spec.repo() != null && !spec.repo().equals(repos.find(spec.repo().fullPath()))) {
            throw new IllegalArgumentException("enqueueing job: repository " + spec.repo().fullPath()
                    + " was not created on this server");
        }
        FakeJob job = new FakeJob(jobIds.incrementAndGet(), pipelineIds.incrementAndGet(),
                "glcbt-" + randomToken(20), spec);
        if (spec.repo() != null) {
            repos.pipelineRef(spec.repo(), job.pipelineId());
        }
        queue.enqueue(job);
        return job;
    }

    /** GitLab-managed Terraform state {@code name} of project {@code projectId} (created empty if unknown). */
    public FakeTerraformState terraformState(long projectId, String name) {
        return terraformStates.state(projectId, name);
    }

    /**
     * Someone else holds the state's lock (another pipeline, a user's {@code terraform apply}): a lock-info JSON
     * with {@code id}, as Terraform writes it.
     */
    public FakeTerraformState lockStateAsSomeoneElse(long projectId, String name, String id) {
        FakeTerraformState state = terraformStates.state(projectId, name);
        String info = "{\"ID\":\"" + id + "\",\"Operation\":\"OperationTypeApply\",\"Info\":\"\","
                + "\"Who\":\"alice@laptop\",\"Version\":\"1.11.4\",\"Created\":\"2026-01-01T00:00:00Z\","
                + "\"Path\":\"\"}";
        if (state.lock(id, info, "OperationTypeApply") != null) {
            throw new IllegalStateException("locking " + state + ": already locked");
        }
        return state;
    }

    /** The artifacts uploaded for (or seeded on) job {@code jobId}, in arrival order. */
    public List<StoredArtifact> artifacts(long jobId) {
        return artifacts.of(jobId);
    }

    /** Uploads larger than {@code bytes} are answered 413, like GitLab's maximum artifacts size. */
    public FakeGitLab maxArtifactSize(long bytes) {
        artifacts.maxSize(bytes);
        return this;
    }

    /**
     * A job of an earlier stage that already succeeded with {@code archive} as its artifacts archive, for a later
     * job's {@code dependencies} (a real plan job's upload does the same).
     */
    public FakeJob finishedJobWithArchive(String name, byte[] archive) {
        FakeJob job = new FakeJob(jobIds.incrementAndGet(), pipelineIds.incrementAndGet(), "glcbt-" + randomToken(20),
                JobSpec.builder().name(name).build());
        job.seedFinished();
        queue.register(job);
        artifacts.seed(job.id(), new StoredArtifact("archive", "zip", "artifacts.zip", null, archive));
        return job;
    }

    /** The job with {@code id}, or {@code null}. */
    public FakeJob job(long id) {
        return queue.job(id);
    }

    /** Every job enqueued, by id. */
    public List<FakeJob> jobs() {
        return queue.jobs();
    }

    /** Every git upload-pack answer (and ref advertisement) sent so far, with its size. */
    public List<GitExchange> gitExchanges() {
        return git.exchanges();
    }

    /**
     * Enqueues a job and has {@code runner} request it as a runner would, so its token is good for git until the
     * job ends; for tests of one stage (e.g. fetching sources) that do not run a whole runner.
     */
    public FakeJob startJob(FakeRunner runner, JobSpec spec) {
        FakeJob job = enqueue(spec);
        int status = new RunnerClient(this).requestJob(runner.token(), null).statusCode();
        if (status != 201 || job.runner() != runner) {
            throw new IllegalStateException("starting job " + job.id() + ": jobs/request answered " + status);
        }
        return job;
    }

    /** Everything received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            List<RecordedRequest> copy = new ArrayList<>(requests);
            copy.sort(Comparator.comparing(RecordedRequest::time));
            return copy;
        }
    }

    /** Received requests with {@code method} whose path matches {@code pathRegex} entirely. */
    public List<RecordedRequest> requests(String method, String pathRegex) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    /** Forgets the recorded requests (a long benchmark would otherwise keep every trace chunk). */
    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    /** Protocol violations found in what the runner sent, in the order first seen. */
    public List<String> violations() {
        return violations.list();
    }

    /** Fails with every violation listed, if there is any. */
    public void assertNoViolations() {
        List<String> found = violations.list();
        if (!found.isEmpty()) {
            throw new AssertionError("fake gitlab saw " + found.size() + " protocol violation(s):\n  "
                    + String.join("\n  ", found));
        }
    }

    public Faults faults() {
        return faults;
    }

    /** How long {@code jobs/request} blocks when nothing changed (default 2 s; zero turns long polling off). */
    public FakeGitLab longPoll(Duration duration) {
        settings.longPoll(duration);
        return this;
    }

    /** {@code X-GitLab-Trace-Update-Interval} of trace PATCH answers (default 3 s). */
    public FakeGitLab traceUpdateInterval(int seconds) {
        settings.traceUpdateIntervalSeconds(seconds);
        return this;
    }

    /** Stops the server, releases long polls and deletes the repositories. */
    @Override
    public void close() {
        queue.close();
        server.stop(0);
        executor.shutdownNow();
        deleteTree(root);
    }

    private void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    private static ExecutorService newExecutor() {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "fakegitlab-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    static String randomToken(int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_CHARS[RANDOM.nextInt(TOKEN_CHARS.length)]);
        }
        return token.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in the temp directory do not affect the next test
        }
    }
}
