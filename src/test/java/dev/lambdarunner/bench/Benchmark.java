package dev.lambdarunner.bench;

import dev.lambdarunner.e2e.FakeRuntimeApi;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.RecordedRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run}: the same Terraform job run N times directly, N times through the packaged runner as the CLI
 * ({@code run}, warm, long-polling the GitLab fake) and N times through the packaged runner as the Lambda function
 * in JVM mode ({@code AWS_LAMBDA_RUNTIME_API} pointing at {@link FakeRuntimeApi}, one {@code {"trigger":"schedule"}}
 * invocation per job, configured as the deployment stacks configure the function), side by side in one run. The
 * Lambda side also measures its init (process start to the first {@code next}) over a few cold starts and the idle
 * sweep (a schedule invocation with no job queued). Prints one table and one summary line.
 * Arguments: jobs, runner jar, terraform wrapper (records each Terraform start), fixture directory.
 */
public final class Benchmark {

    private static final List<String> SCRIPT = List.of("terraform init -input=false",
            "terraform plan -out=plan.cache", "terraform apply plan.cache");
    private static final Pattern TICK = Pattern.compile("TICK (\\d{19})");
    private static final Pattern SUCCESS = Pattern.compile("\"state\"\\s*:\\s*\"success\"");
    private static final String SCHEDULE = "{\"trigger\":\"schedule\"}";
    /** Lambda's longest invocation, the function's timeout in the deployment stacks. */
    private static final Duration DEADLINE = Duration.ofMinutes(15);
    /** Cold starts of the Lambda process: each gives one init time and one first (cold) idle sweep. */
    private static final int COLD_STARTS = 5;

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(args[0]);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path wrapper = Path.of(args[2]).toAbsolutePath();
        Path fixture = Path.of(args[3]).toAbsolutePath();
        Path work = Files.createTempDirectory("lambda-runner-bench");

        List<Long> direct = new ArrayList<>();
        RunnerFigures runner;
        LambdaFigures lambda;
        try {
            for (int i = 0; i <= jobs; i++) {
                long ms = runDirect(wrapper, fixture, work.resolve("direct-" + i));
                if (i > 0) { // the first run warms the OS caches for all sides
                    direct.add(ms);
                }
            }
            runner = runThroughRunner(jobs, jar, wrapper, fixture, work);
            lambda = runThroughLambda(jobs, jar, wrapper, fixture, work);
        } catch (Exception | AssertionError e) {
            System.err.println("benchmark failed; the runner logs are kept in " + work);
            throw e;
        }
        delete(work);

        long directWall = sum(direct);
        String row = "%-48s %8s %8s %8s%n";
        System.out.printf(row, "JVM mode, ms unless noted", "direct", "cli", "lambda");
        System.out.printf(row, "init p50: process start to first poll|next", "-", runner.startToPoll,
                percentile(lambda.init, 50));
        System.out.printf(row, "init max over " + COLD_STARTS + " cold starts", "-", "-", Collections.max(lambda.init));
        System.out.printf(row, "first idle sweep after init p50", "-", "-", percentile(lambda.coldSweep, 50));
        System.out.printf(row, "idle sweep p50 (warm, event to /response)", "-", "-", percentile(lambda.idleSweep, 50));
        System.out.printf(row, "idle sweep max (warm)", "-", "-", Collections.max(lambda.idleSweep));
        System.out.printf(row, "per job p50 wall (queued|event to final PUT)", percentile(direct, 50),
                percentile(runner.wall, 50), percentile(lambda.jobWall, 50));
        System.out.printf(row, "per job max wall", Collections.max(direct), Collections.max(runner.wall),
                Collections.max(lambda.jobWall));
        System.out.printf(row, "per job p50 invocation (event to /response)", "-", "-", percentile(lambda.invocation, 50));
        System.out.printf(row, "per job max invocation", "-", "-", Collections.max(lambda.invocation));
        System.out.printf(row, "p50 pickup (queued|event to Terraform)", "-", percentile(runner.pickup, 50),
                percentile(lambda.pickup, 50));
        System.out.printf(row, "p95 line printed to GitLab", "-", percentile(runner.traceLatency, 95),
                percentile(lambda.traceLatency, 95));
        System.out.printf(row, "peak RSS (MB)", "-", runner.peakRssKb / 1024, lambda.peakRssKb / 1024);
        System.out.printf("jobs=%d cli_trace_lines=%d lambda_trace_lines=%d lambda_cold_starts=%d%n", jobs,
                runner.traceLatency.size(), lambda.traceLatency.size(), COLD_STARTS);
        System.out.printf("overhead_ratio=%.2f pickup_ms=%d trace_p95_ms=%d runner_rss_mb=%d "
                        + "lambda_init_ms=%d idle_sweep_ms=%d lambda_overhead_ratio=%.2f lambda_pickup_ms=%d "
                        + "lambda_rss_mb=%d%n",
                (double) sum(runner.wall) / directWall, percentile(runner.pickup, 50), percentile(runner.traceLatency, 95),
                runner.peakRssKb / 1024, percentile(lambda.init, 50), percentile(lambda.idleSweep, 50),
                (double) sum(lambda.invocation) / directWall, percentile(lambda.pickup, 50), lambda.peakRssKb / 1024);
    }

    private static long runDirect(Path wrapper, Path fixture, Path dir) throws IOException, InterruptedException {
        copy(fixture, dir);
        long start = System.nanoTime();
        for (String line : SCRIPT) {
            List<String> argv = new ArrayList<>(List.of(wrapper.toString()));
            argv.addAll(Arrays.asList(line.substring("terraform ".length()).split(" ")));
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(),
                    "TF_IN_AUTOMATION", "true", "TF_INPUT", "0", "CHECKPOINT_DISABLE", "1"));
            int exit = pb.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("direct '" + line + "' failed: exit " + exit);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static RunnerFigures runThroughRunner(int jobs, Path jar, Path wrapper, Path fixture, Path work)
            throws Exception {
        Path starts = work.resolve("terraform-starts.log");
        Files.createFile(starts);
        RunnerFigures figures = new RunnerFigures();
        try (FakeGitLab gitlab = FakeGitLab.start()) {
            gitlab.longPoll(Duration.ofSeconds(20));
            FakeRunner runner = gitlab.addRunner();
            FakeRepo repo = gitlab.createRepo("bench/project", fixture);
            Instant started = Instant.now();
            Process process = startRunner(jar, wrapper, gitlab, runner, work, starts);
            try {
                figures.startToPoll = millis(started, awaitFirstPoll(gitlab));
                runJob(gitlab, repo, starts); // warm-up, not counted
                for (int i = 0; i < jobs; i++) {
                    Thread.sleep(300); // let the runner sit in its long poll, as it would between MRs
                    long queuedAtMs = System.currentTimeMillis();
                    FakeJob job = runJob(gitlab, repo, starts);
                    figures.wall.add(System.currentTimeMillis() - queuedAtMs);
                    figures.pickup.add(firstStartAfter(starts, queuedAtMs) - queuedAtMs);
                    figures.traceLatency.addAll(traceLatencies(gitlab, job));
                }
                figures.peakRssKb = peakRssKb(process.pid());
            } finally {
                process.destroy();
                process.waitFor();
            }
            gitlab.assertNoViolations();
        }
        return figures;
    }

    private static LambdaFigures runThroughLambda(int jobs, Path jar, Path wrapper, Path fixture, Path work)
            throws Exception {
        Path starts = work.resolve("lambda-terraform-starts.log");
        Files.createFile(starts);
        LambdaFigures figures = new LambdaFigures();
        try (FakeGitLab gitlab = FakeGitLab.start()) {
            gitlab.longPoll(Duration.ofSeconds(20));
            FakeRunner runner = gitlab.addRunner();
            FakeRepo repo = gitlab.createRepo("bench/lambda", fixture);
            for (int cold = 0; cold < COLD_STARTS; cold++) {
                try (FakeRuntimeApi api = new FakeRuntimeApi()) {
                    Instant started = Instant.now();
                    Process process = startLambda(jar, wrapper, gitlab, runner, api, work, starts, cold);
                    try {
                        figures.init.add(millis(started, api.awaitFirstNext(Duration.ofSeconds(60))));
                        figures.coldSweep.add(idleSweep(api));
                        if (cold == COLD_STARTS - 1) {
                            warmFigures(jobs, gitlab, repo, api, starts, figures);
                            figures.peakRssKb = peakRssKb(process.pid());
                        }
                    } finally {
                        stop(process);
                    }
                }
            }
            gitlab.assertNoViolations();
        }
        return figures;
    }

    /** In one warm Lambda process: N idle sweeps, one warm-up job, then N jobs, each in its own schedule invocation. */
    private static void warmFigures(int jobs, FakeGitLab gitlab, FakeRepo repo, FakeRuntimeApi api, Path starts,
                                    LambdaFigures figures) throws Exception {
        for (int i = 0; i < jobs; i++) {
            Thread.sleep(300);
            figures.idleSweep.add(idleSweep(api));
        }
        scheduledJob(gitlab, repo, api); // warm-up, not counted
        for (int i = 0; i < jobs; i++) {
            Thread.sleep(300);
            ScheduledJob run = scheduledJob(gitlab, repo, api);
            figures.invocation.add(millis(run.eventAt, run.answeredAt));
            figures.jobWall.add(millis(run.eventAt, run.finalUpdateAt));
            figures.pickup.add(firstStartAfter(starts, run.eventAt.toEpochMilli()) - run.eventAt.toEpochMilli());
            figures.traceLatency.addAll(traceLatencies(gitlab, run.job));
        }
    }

    /** A schedule invocation with nothing queued: what every scheduled invocation costs; ms from event to answer. */
    private static long idleSweep(FakeRuntimeApi api) throws Exception {
        String id = api.invoke(SCHEDULE, DEADLINE);
        String body = answer(api, id);
        if (!body.contains("\"jobs_run\":0") || !body.contains("\"stopped\":\"idle\"")) {
            throw new IllegalStateException("idle sweep " + id + " did not end idle without a job: " + body);
        }
        return millis(api.handedOut(id).orElseThrow(), api.answered(id).orElseThrow());
    }

    private record ScheduledJob(FakeJob job, Instant eventAt, Instant finalUpdateAt, Instant answeredAt) {
    }

    /** Queues the job, then the schedule invocation that runs it (the scheduler's own delay is not counted). */
    private static ScheduledJob scheduledJob(FakeGitLab gitlab, FakeRepo repo, FakeRuntimeApi api) throws Exception {
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repo).script(SCRIPT.toArray(String[]::new))
                .timeoutSeconds(720).build());
        String id = api.invoke(SCHEDULE, DEADLINE);
        String body = answer(api, id);
        var report = job.awaitFinished(Duration.ofMinutes(2));
        if (!"success".equals(report.status()) || !body.contains("\"jobs_run\":1") || !body.contains("\"succeeded\":1")) {
            throw new IllegalStateException("benchmark job " + job.id() + " through the Lambda entry failed: " + body
                    + "\n" + job.trace());
        }
        Instant finalUpdate = gitlab.requests("PUT", "/api/v4/jobs/" + job.id()).stream()
                .filter(r -> SUCCESS.matcher(new String(r.body(), StandardCharsets.UTF_8)).find())
                .map(RecordedRequest::time).min(Instant::compareTo)
                .orElseThrow(() -> new IllegalStateException("no final update of job " + job.id()));
        return new ScheduledJob(job, api.handedOut(id).orElseThrow(), finalUpdate, api.answered(id).orElseThrow());
    }

    private static String answer(FakeRuntimeApi api, String id) throws Exception {
        FakeRuntimeApi.Answer answer = api.awaitAnswer(id, Duration.ofMinutes(3));
        if (!"response".equals(answer.kind())) {
            throw new IllegalStateException("invocation " + id + " failed: " + answer.body());
        }
        return answer.body();
    }

    /** The packaged jar as the Lambda function, with the settings the deployment stacks give it. */
    private static Process startLambda(Path jar, Path wrapper, FakeGitLab gitlab, FakeRunner runner, FakeRuntimeApi api,
                                       Path work, Path starts, int cold) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("lambda-" + cold + ".log").toFile());
        pb.environment().clear();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "lambda-runner");
        env.put("DISABLE_SIGNAL_HANDLERS", "true");
        env.put("RUNNER_GITLAB_URL", gitlab.url());
        env.put("RUNNER_GITLAB_TOKEN", runner.token());
        env.put("RUNNER_WORK_DIR", work.resolve("lambda-" + cold).toString());
        env.put("RUNNER_TERRAFORM_PATH", wrapper.toString());
        env.put("RUNNER_MAX_JOB_TIMEOUT", "PT12M");
        env.put("RUNNER_LAMBDA_RESERVE", "PT90S");
        env.put("RUNNER_SANDBOX_PASS_ENV", "BENCH_START_LOG");
        env.put("BENCH_START_LOG", starts.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static FakeJob runJob(FakeGitLab gitlab, FakeRepo repo, Path starts) {
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repo).script(SCRIPT.toArray(String[]::new)).build());
        var report = job.awaitFinished(Duration.ofMinutes(2));
        if (!"success".equals(report.status())) {
            throw new IllegalStateException("benchmark job " + job.id() + " failed:\n" + job.trace());
        }
        return job;
    }

    private static Process startRunner(Path jar, Path wrapper, FakeGitLab gitlab, FakeRunner runner, Path work,
                                       Path starts) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run").redirectErrorStream(true)
                .redirectOutput(work.resolve("runner.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", System.getenv("PATH"), "RUNNER_GITLAB_URL", gitlab.url(),
                "RUNNER_GITLAB_TOKEN", runner.token(), "RUNNER_WORK_DIR", work.resolve("runner").toString(),
                "RUNNER_TERRAFORM_PATH", wrapper.toString(), "RUNNER_SANDBOX_PASS_ENV", "BENCH_START_LOG",
                "BENCH_START_LOG", starts.toString()));
        return pb.start();
    }

    /** When the first {@code jobs/request} arrived (the fake records a request once it answered it). */
    private static Instant awaitFirstPoll(FakeGitLab gitlab) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<RecordedRequest> polls;
        while ((polls = gitlab.requests("POST", "/api/v4/jobs/request")).isEmpty()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the runner never polled");
            }
            Thread.sleep(20);
        }
        return polls.get(0).time();
    }

    /** Wall-clock ms of the first Terraform start recorded at or after {@code afterMs}. */
    private static long firstStartAfter(Path starts, long afterMs) throws IOException {
        return Files.readAllLines(starts).stream().map(l -> Long.parseLong(l.split(" ")[0]) / 1_000_000)
                .filter(ms -> ms >= afterMs).min(Long::compare)
                .orElseThrow(() -> new IllegalStateException("no terraform start recorded"));
    }

    /** For every TICK line Terraform printed: when GitLab received it minus when it was printed. */
    private static List<Long> traceLatencies(FakeGitLab gitlab, FakeJob job) {
        List<Long> latencies = new ArrayList<>();
        for (RecordedRequest patch : gitlab.requests("PATCH", "/api/v4/jobs/" + job.id() + "/trace")) {
            Matcher m = TICK.matcher(new String(patch.body(), StandardCharsets.UTF_8));
            while (m.find()) {
                latencies.add(patch.time().toEpochMilli() - Long.parseLong(m.group(1)) / 1_000_000);
            }
        }
        return latencies;
    }

    private static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static final class RunnerFigures {
        final List<Long> wall = new ArrayList<>();
        final List<Long> pickup = new ArrayList<>();
        final List<Long> traceLatency = new ArrayList<>();
        long startToPoll;
        long peakRssKb;
    }

    private static final class LambdaFigures {
        final List<Long> init = new ArrayList<>();
        final List<Long> coldSweep = new ArrayList<>();
        final List<Long> idleSweep = new ArrayList<>();
        final List<Long> invocation = new ArrayList<>();
        final List<Long> jobWall = new ArrayList<>();
        final List<Long> pickup = new ArrayList<>();
        final List<Long> traceLatency = new ArrayList<>();
        long peakRssKb;
    }
}
