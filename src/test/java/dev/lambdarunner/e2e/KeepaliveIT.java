package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.MotoLambda;
import dev.lambdarunner.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keepalive} from the packaged CLI against moto's Lambda: moto answers the invocations with queued runner
 * summaries (its no-docker Lambda runs no code), with Lambda's own errors, or not at all while a stop comes in.
 */
class KeepaliveIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FUNCTION = "lambda-runner";
    private static MotoLambda moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoLambda.start();
        moto.createFunction(FUNCTION);
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void record() {
        moto.useDocker(false);
        moto.startRecording();
    }

    @AfterEach
    void backToNoDocker() {
        moto.useDocker(false);
    }

    @Test
    void invokesTheFunctionSynchronouslyOneLinePerInvocationUntilMaxInvocations() throws Exception {
        moto.queueResults(List.of(
                "{\"jobs_run\":1,\"succeeded\":1,\"failed\":0,\"stopped\":\"idle\",\"detail\":\"no job pending\"}",
                "{\"jobs_run\":0,\"succeeded\":0,\"failed\":0,\"stopped\":\"idle\",\"detail\":\"no job pending\"}"));

        long start = System.nanoTime();
        try (RunnerCli cli = RunnerCli.start(env(), "keepalive", "--function", FUNCTION, "--min-interval", "PT2S",
                "--max-invocations", "2")) {
            assertThat(cli.awaitExit(WAIT)).as(cli.stderr()).isZero();
            List<String> lines = cli.stdout().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("invocation 1: ok", "jobs_run=1 succeeded=1 failed=0 stopped=idle",
                    "next in PT");
            assertThat(lines.get(1)).contains("invocation 2: ok", "jobs_run=0");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("starts min-interval apart")
                .isGreaterThan(Duration.ofSeconds(2));
        assertThat(moto.invocations()).hasSize(2).allSatisfy(invocation -> {
            assertThat(invocation.function()).isEqualTo(FUNCTION);
            assertThat(invocation.invocationType()).isEqualTo("RequestResponse");
            assertThat(invocation.payload()).isEqualTo("{\"trigger\":\"keepalive\"}");
        });
    }

    @Test
    void lambdasErrorsAreShownBackedOffAndTheLastOneExitsOne() throws Exception {
        moto.useDocker(true); // the function exists only in moto's no-docker Lambda: Invoke gets a real 404

        long start = System.nanoTime();
        try (RunnerCli cli = RunnerCli.start(env(), "keepalive", "--function", FUNCTION, "--min-interval", "PT0S",
                "--max-invocations", "2")) {
            assertThat(cli.awaitExit(WAIT)).as(cli.stderr()).isEqualTo(1);
            List<String> lines = cli.stdout().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("invocation 1: failed", "invoking Lambda function 'lambda-runner' "
                    + "(RequestResponse): 404 ResourceNotFoundException", "next in PT1S");
            assertThat(lines.get(1)).contains("invocation 2: failed");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("backed off 1 s").isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void ctrlCAndSigtermStopItCleanlyWithExitZero() throws Exception {
        for (String signal : new String[] {"INT", "TERM"}) {
            try (RunnerCli cli = RunnerCli.start(env(), "keepalive", "--function", FUNCTION, "--min-interval", "PT1H")) {
                awaitLine(cli);
                new ProcessBuilder("kill", "-" + signal, String.valueOf(cli.pid())).inheritIO().start().waitFor();
                // The next start is an hour away: exiting within WAIT means the signal cut the wait short.
                assertThat(cli.awaitExit(WAIT)).as(signal + "\n" + cli.stderr()).isZero();
                assertThat(cli.stdout().lines()).hasSize(1);
            }
        }
    }

    @Test
    void withoutAFunctionNameItSaysHowToGiveOne() throws Exception {
        try (RunnerCli cli = RunnerCli.start(env(), "keepalive")) {
            assertThat(cli.awaitExit(WAIT)).isEqualTo(2);
            assertThat(cli.stderr()).contains("missing function name: pass --function or set RUNNER_LAMBDA_FUNCTION_NAME");
        }
    }

    private static void awaitLine(RunnerCli cli) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (cli.stdout().lines().findAny().isEmpty()) {
            if (System.nanoTime() > end || !cli.isAlive()) {
                throw new AssertionError("no invocation line\nstdout:\n" + cli.stdout() + "\nstderr:\n" + cli.stderr());
            }
            Thread.sleep(50);
        }
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", MotoServer.REGION);
        env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY);
        env.put("RUNNER_LAMBDA_ENDPOINT_OVERRIDE", moto.url().toString());
        return env;
    }
}
