package dev.lambdarunner.bench;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run}: the same Terraform job run N times directly and N times through the packaged runner
 * (warm, polling the GitLab fake), side by side in one run. Prints a table and one summary line.
 * Arguments: jobs, runner jar, terraform wrapper (records each Terraform start), fixture directory.
 */
public final class Benchmark {

    private static final List<String> SCRIPT = List.of("terraform init -input=false",
            "terraform plan -out=plan.cache", "terraform apply plan.cache");
    private static final Pattern TICK = Pattern.compile("TICK (\\d{19})");

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(args[0]);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path wrapper = Path.of(args[2]).toAbsolutePath();
        Path fixture = Path.of(args[3]).toAbsolutePath();
        Path work = Files.createTempDirectory("lambda-runner-bench");

        List<Long> direct = new ArrayList<>();
        for (int i = 0; i <= jobs; i++) {
            long ms = runDirect(wrapper, fixture, work.resolve("direct-" + i));
            if (i > 0) { // the first run warms the OS caches for both sides
                direct.add(ms);
            }
        }
        RunnerFigures runner = runThroughRunner(jobs, jar, wrapper, fixture, work);

        long directWall = direct.stream().mapToLong(Long::longValue).sum();
        long runnerWall = runner.wall.stream().mapToLong(Long::longValue).sum();
        System.out.printf("%-28s %10s %10s%n", "per job (ms)", "direct", "runner");
        System.out.printf("%-28s %10d %10d%n", "p50 wall", percentile(direct, 50), percentile(runner.wall, 50));
        System.out.printf("%-28s %10d %10d%n", "max wall", Collections.max(direct), Collections.max(runner.wall));
        System.out.printf("%-28s %10s %10d%n", "p50 queue-to-terraform", "-", percentile(runner.pickup, 50));
        System.out.printf("%-28s %10s %10d%n", "p95 line-to-GitLab", "-", percentile(runner.traceLatency, 95));
        System.out.printf("jobs=%d trace_lines=%d%n", jobs, runner.traceLatency.size());
        System.out.printf("overhead_ratio=%.2f pickup_ms=%d trace_p95_ms=%d runner_rss_mb=%d%n",
                (double) runnerWall / directWall, percentile(runner.pickup, 50), percentile(runner.traceLatency, 95),
                runner.peakRssKb / 1024);
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
            Process process = startRunner(jar, wrapper, gitlab, runner, work, starts);
            try {
                awaitFirstPoll(runner);
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

    private static void awaitFirstPoll(FakeRunner runner) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (runner.jobRequests() == 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the runner never polled");
            }
            Thread.sleep(20);
        }
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
        long peakRssKb;
    }
}
