package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.JobSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static dev.lambdarunner.e2e.E2eRunner.JOB_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, items 1-3, tried as an attacker would: a merge request's {@code local-exec} runs in a job of the packaged
 * CLI, which runs as an ordinary user ({@link UnprivilegedUser}), and tries to read the runner's secrets, to outlive
 * its job, and to reach the next job. Each attack printed the secrets or left its processes running before the
 * runner hardened itself.
 */
class IsolationIT {

    private static final String RUNNER_AWS_KEY = "runner-own-aws-secret-" + System.nanoTime();

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();
    static UnprivilegedUser user;

    String marker;

    @BeforeAll
    static void findTheUser() throws Exception {
        user = UnprivilegedUser.resolve();
    }

    @BeforeEach
    void giveTheWorkDirToTheRunnersUser() throws IOException {
        user.own(e2e.work());
        // sleep durations (seconds) no other test on this machine uses, so leftovers are recognisable
        marker = Integer.toString(ThreadLocalRandom.current().nextInt(70_000, 90_000));
    }

    @AfterEach
    void nothingLeft() throws Exception {
        List<String> left = LeftoverProcesses.matching(marker);
        killAll(marker);
        assertThat(left).as("processes of the job left running").isEmpty();
    }

    @Test
    void aJobCannotReadTheRunnersEnvironmentMapsOrMemory() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("procread"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        long runnerPid = runOnce(env());

        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
        String trace = job.trace();
        assertThat(trace).as("the walk reached the runner and every read failed")
                .contains("pid=" + runnerPid + " environ=denied", "pid=" + runnerPid + " maps=denied",
                        "pid=" + runnerPid + " mem=denied");
        assertNoRunnerSecretIn(trace);
    }

    @Test
    void aJobCannotAttachToTheRunnersJvm() throws Exception {
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("attach"))
                .variable("TF_VAR_jcmd", Path.of(System.getProperty("java.home"), "bin", "jcmd").toString())
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        long runnerPid = runOnce(env());

        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
        String trace = job.trace();
        assertThat(trace).contains("runner pid=" + runnerPid, "attach-socket=absent")
                .doesNotContain(reversed("Environment Variables:"));
        assertNoRunnerSecretIn(trace);
    }

    @Test
    void whatAJobDetachesDiesWithTheJobThatSucceeds() throws Exception {
        FakeJob job = e2e.enqueue(detachJob("0").build());

        runOnce(env());

        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
        assertThat(job.trace()).contains("detached all three");
        assertThat(LeftoverProcesses.remainingAfter(marker, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void whatAJobDetachesDiesWithTheJobThatIsCanceled() throws Exception {
        FakeJob job = e2e.enqueue(detachJob("600").build());

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
        FakeJob job = e2e.enqueue(detachJob("600").timeoutSeconds(25).build());

        runOnce(env());

        assertThat(job.awaitFinished(JOB_WAIT).failureReason()).isEqualTo("job_execution_timeout");
        assertThat(job.trace()).contains("detached all three");
        assertThat(LeftoverProcesses.remainingAfter(marker, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aLoopLeftByOneJobCannotReachTheNextJobOnAWarmRunner() throws Exception {
        String victimSecret = "victim-secret-" + marker + "-" + System.nanoTime();
        FakeJob first = e2e.enqueue(JobSpec.builder().repo(e2e.repo("loiter"))
                .variable("TF_VAR_workdir", e2e.work().toString()).variable("TF_VAR_marker", marker)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        FakeJob next = e2e.enqueue(JobSpec.builder().repo(e2e.repo("slow")).variable("TF_VAR_marker", "3")
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
        Path loot = e2e.work().resolve("loot-" + marker);
        String stolen = Files.exists(loot) ? Files.readString(loot, StandardCharsets.UTF_8) : "";
        assertThat(stolen).doesNotContain(reversed(victimSecret), reversed(next.token()));
    }

    @Test
    void concurrentJobsUnderOneUserAreRefusedUnlessTheOperatorOptsIn() throws Exception {
        int polls = e2e.gitlab().requests("POST", "/api/v4/jobs/request").size();
        try (RunnerCli cli = start(env(), "run", "--once", "--concurrent", "2")) {
            assertThat(cli.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(cli.stderr()).contains("--concurrent 2", "/proc", "RUNNER_ALLOW_CONCURRENT_JOBS_TO_READ_EACH_OTHER");
        }
        assertThat(e2e.gitlab().requests("POST", "/api/v4/jobs/request")).as("no job asked for").hasSize(polls);

        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("ok"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Map<String, String> env = env();
        env.put("RUNNER_ALLOW_CONCURRENT_JOBS_TO_READ_EACH_OTHER", "true");
        runOnce(env, "--concurrent", "2");
        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
    }

    @Test
    void aRunnerThatCannotHardenItselfSaysSoAndRefusesJobsUnlessTheOperatorAllowsIt() throws Exception {
        // The re-execution marker without the flag: what a JVM that ignored -XX:+DisableAttachMechanism would be.
        List<String> attachStaysOn = List.of("-Dlambdarunner.attach-reexec=true");
        try (RunnerCli cli = e2e.startAs(user.prefix(), attachStaysOn, env(), "run", "--once")) {
            assertThat(cli.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
            assertThat(cli.stderr()).contains("warning: the runner could not harden its process",
                    "attach mechanism is on", "refusing to run jobs", "RUNNER_SANDBOX_ALLOW_UNHARDENED_RUNNER=true");
        }

        FakeJob job = e2e.enqueue(JobSpec.builder().repo(e2e.repo("ok"))
                .script("terraform init -input=false", "terraform apply -auto-approve").build());
        Map<String, String> env = env();
        env.put("RUNNER_SANDBOX_ALLOW_UNHARDENED_RUNNER", "true");
        try (RunnerCli cli = e2e.startAs(user.prefix(), attachStaysOn, env, "run", "--once")) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
        }
        assertThat(job.awaitFinished(JOB_WAIT).status()).as(job.trace()).isEqualTo("success");
    }

    private JobSpec.Builder detachJob(String hold) {
        return JobSpec.builder().repo(e2e.repo("detach"))
                .variable("TF_VAR_marker", marker).variable("TF_VAR_hold", hold)
                .script("terraform init -input=false", "terraform apply -auto-approve");
    }

    private static void assertNoRunnerSecretIn(String trace) {
        assertThat(trace).doesNotContain(e2e.runner().token(), reversed(e2e.runner().token()), RUNNER_AWS_KEY,
                reversed(RUNNER_AWS_KEY));
    }

    private RunnerCli start(Map<String, String> env, String... args) throws IOException {
        return e2e.startAs(user.prefix(), List.of(), env, args);
    }

    /** {@code run --once} (plus {@code options}) as the user; it must exit 0. Returns the runner's pid. */
    private long runOnce(Map<String, String> env, String... options) throws Exception {
        String[] args = Stream.concat(Stream.of("run", "--once"), Stream.of(options)).toArray(String[]::new);
        try (RunnerCli cli = start(env, args)) {
            assertThat(cli.awaitExit(JOB_WAIT)).as(cli.stderr()).isZero();
            return cli.pid();
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = e2e.pollingEnv();
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
