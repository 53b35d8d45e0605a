package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.FinalReport;
import dev.lambdarunner.testsupport.JobSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, items 1-3, tried as an attacker would: a merge request's {@code local-exec} runs in a job of the packaged
 * CLI, which runs as an ordinary user ({@link UnprivilegedUser}), and tries to read the runner's secrets, to outlive
 * its job, and to reach the next job. Each attack printed the secrets or left its processes running before the
 * runner hardened itself.
 */
class IsolationIT {

    private static final Duration JOB_WAIT = Duration.ofSeconds(90);
    private static final String RUNNER_AWS_KEY = "runner-own-aws-secret-" + System.nanoTime();

    static FakeGitLab gitlab;
    static FakeRunner runner;
    static Map<String, FakeRepo> repos = new HashMap<>();
    static UnprivilegedUser user;

    @TempDir
    Path work;
    String marker;

    @BeforeAll
    static void startGitLab() throws Exception {
        user = UnprivilegedUser.resolve();
        gitlab = FakeGitLab.start();
        runner = gitlab.addRunner("glrt-iso" + Long.toHexString(System.nanoTime()));
        for (String fixture : new String[] {"ok", "slow", "procread", "attach", "detach", "loiter"}) {
            repos.put(fixture, gitlab.createRepo("infra/" + fixture, Path.of("src/test/resources/terraform", fixture)));
        }
    }

    @AfterAll
    static void stopGitLab() {
        gitlab.close();
    }

    @BeforeEach
    void giveTheWorkDirToTheRunnersUser() throws IOException {
        user.own(work);
        // sleep durations (seconds) no other test on this machine uses, so leftovers are recognisable
        marker = Integer.toString(ThreadLocalRandom.current().nextInt(70_000, 90_000));
    }

    @AfterEach
    void nothingLeft() throws Exception {
        List<String> left = LeftoverProcesses.matching(marker);
        killAll(marker);
        gitlab.assertNoViolations();
        assertThat(left).as("processes of the job left running").isEmpty();
        LeftoverWorkspaces.assertNoneIn(work);
    }

    @Test
    void aJobCannotReadTheRunnersEnvironmentMapsOrMemory() throws Exception {
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repos.get("procread"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        long runnerPid;
        try (RunnerCli cli = start(env(), "run", "--once")) {
            runnerPid = cli.pid();
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }

        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
        String trace = job.trace();
        assertThat(trace).as("the walk reached the runner and every read failed")
                .contains("pid=" + runnerPid + " environ=denied", "pid=" + runnerPid + " maps=denied",
                        "pid=" + runnerPid + " mem=denied");
        assertNoRunnerSecretIn(trace);
    }

    @Test
    void aJobCannotAttachToTheRunnersJvm() throws Exception {
        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repos.get("attach"))
                .variable("TF_VAR_jcmd", Path.of(System.getProperty("java.home"), "bin", "jcmd").toString())
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        long runnerPid;
        try (RunnerCli cli = start(env(), "run", "--once")) {
            runnerPid = cli.pid();
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }

        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
        String trace = job.trace();
        assertThat(trace).contains("runner pid=" + runnerPid, "attach-socket=absent")
                .doesNotContain(reversed("Environment Variables:"));
        assertNoRunnerSecretIn(trace);
    }

    @Test
    void whatAJobDetachesDiesWithTheJobThatSucceeds() throws Exception {
        FakeJob job = gitlab.enqueue(detachJob("0").build());

        try (RunnerCli cli = start(env(), "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }

        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
        assertThat(job.trace()).contains("detached all three");
        assertThat(LeftoverProcesses.remainingAfter(marker, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void whatAJobDetachesDiesWithTheJobThatIsCanceled() throws Exception {
        FakeJob job = gitlab.enqueue(detachJob("600").build());

        try (RunnerCli cli = start(env(), "run", "--once")) {
            job.awaitTraceContains("detached all three", JOB_WAIT);
            job.cancel();
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }

        assertThat(job.awaitFinished(JOB_WAIT).status()).isEqualTo("canceled");
        assertThat(LeftoverProcesses.remainingAfter(marker, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void whatAJobDetachesDiesWithTheJobThatTimesOut() throws Exception {
        // long enough for init on a busy machine: the job must time out in the local-exec, not before it
        FakeJob job = gitlab.enqueue(detachJob("600").timeoutSeconds(25).build());

        try (RunnerCli cli = start(env(), "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }

        assertThat(job.awaitFinished(JOB_WAIT).failureReason()).isEqualTo("job_execution_timeout");
        assertThat(job.trace()).contains("detached all three");
        assertThat(LeftoverProcesses.remainingAfter(marker, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aLoopLeftByOneJobCannotReachTheNextJobOnAWarmRunner() throws Exception {
        String victimSecret = "victim-secret-" + marker + "-" + System.nanoTime();
        FakeJob first = gitlab.enqueue(JobSpec.builder().repo(repos.get("loiter"))
                .variable("TF_VAR_workdir", work.toString()).variable("TF_VAR_marker", marker)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        FakeJob next = gitlab.enqueue(JobSpec.builder().repo(repos.get("slow")).variable("TF_VAR_marker", "3")
                .maskedVariable("TF_VAR_victim_secret", victimSecret)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        try (RunnerCli cli = start(env(), "run")) {
            assertThat(first.awaitFinished(JOB_WAIT).status()).as(first.trace()).isEqualTo("success");
            assertThat(next.awaitFinished(JOB_WAIT).status()).as(next.trace()).isEqualTo("success");
            cli.terminate();
            cli.awaitExit(JOB_WAIT);
        }

        assertThat(first.trace()).contains("loop left behind");
        assertThat(next.trace()).doesNotContain("pwned");
        Path loot = work.resolve("loot-" + marker);
        String stolen = Files.exists(loot) ? Files.readString(loot, StandardCharsets.UTF_8) : "";
        assertThat(stolen).doesNotContain(reversed(victimSecret), reversed(next.token()));
    }

    @Test
    void concurrentJobsUnderOneUserAreRefusedUnlessTheOperatorOptsIn() throws Exception {
        int polls = gitlab.requests("POST", "/api/v4/jobs/request").size();
        try (RunnerCli cli = start(env(), "run", "--once", "--concurrent", "2")) {
            assertThat(cli.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(cli.stderr()).contains("--concurrent 2", "/proc", "RUNNER_ALLOW_CONCURRENT_JOBS_TO_READ_EACH_OTHER");
        }
        assertThat(gitlab.requests("POST", "/api/v4/jobs/request")).as("no job asked for").hasSize(polls);

        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repos.get("ok"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Map<String, String> env = env();
        env.put("RUNNER_ALLOW_CONCURRENT_JOBS_TO_READ_EACH_OTHER", "true");
        try (RunnerCli cli = start(env, "run", "--once", "--concurrent", "2")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }
        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
    }

    @Test
    void aRunnerThatCannotHardenItselfSaysSoAndRefusesJobsUnlessTheOperatorAllowsIt() throws Exception {
        // The re-execution marker without the flag: what a JVM that ignored -XX:+DisableAttachMechanism would be.
        List<String> attachStaysOn = List.of("-Dlambdarunner.attach-reexec=true");
        try (RunnerCli cli = RunnerCli.startAs(user.prefix(), attachStaysOn, env(), "run", "--once")) {
            assertThat(cli.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
            assertThat(cli.stderr()).contains("warning: the runner could not harden its process",
                    "attach mechanism is on", "refusing to run jobs", "RUNNER_SANDBOX_ALLOW_UNHARDENED_RUNNER=true");
        }

        FakeJob job = gitlab.enqueue(JobSpec.builder().repo(repos.get("ok"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Map<String, String> env = env();
        env.put("RUNNER_SANDBOX_ALLOW_UNHARDENED_RUNNER", "true");
        try (RunnerCli cli = RunnerCli.startAs(user.prefix(), attachStaysOn, env, "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }
        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
    }

    private JobSpec.Builder detachJob(String hold) {
        return JobSpec.builder().repo(repos.get("detach"))
                .variable("TF_VAR_marker", marker).variable("TF_VAR_hold", hold)
                .script("terraform init -input=false", "terraform apply -auto-approve");
    }

    private static void assertNoRunnerSecretIn(String trace) {
        assertThat(trace).doesNotContain(runner.token(), reversed(runner.token()), RUNNER_AWS_KEY,
                reversed(RUNNER_AWS_KEY));
    }

    private RunnerCli start(Map<String, String> env, String... args) throws IOException {
        return RunnerCli.startAs(user.prefix(), env, args);
    }

    private Map<String, String> env() {
        Map<String, String> env = RunnerCli.pollingEnv(gitlab.url(), runner.token(), work);
        env.put("RUNNER_SANDBOX_KILL_GRACE", "PT2S");
        env.put("AWS_ACCESS_KEY_ID", "AKIARUNNEROWNKEY");
        env.put("AWS_SECRET_ACCESS_KEY", RUNNER_AWS_KEY);
        return env;
    }

    private static String reversed(String value) {
        return new StringBuilder(value).reverse().toString();
    }

    private static void killAll(String marker) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
