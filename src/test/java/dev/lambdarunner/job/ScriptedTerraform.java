package dev.lambdarunner.job;

import dev.lambdarunner.sandbox.RunningProcess;
import dev.lambdarunner.sandbox.SandboxResult;
import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.terraform.TerraformCall;
import dev.lambdarunner.terraform.TerraformProcesses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Stands in for Terraform in engine tests: no process starts; each call is recorded and answered by a script of
 * {@link RunningProcess} stand-ins (an exit code, or a process that runs until it is stopped).
 */
final class ScriptedTerraform implements TerraformProcesses {

    private final List<TerraformCall> calls = new ArrayList<>();
    private final Function<TerraformCall, RunningProcess> answer;

    ScriptedTerraform(Function<TerraformCall, RunningProcess> answer) {
        this.answer = answer;
    }

    /** Every call exits with {@code code}. */
    static ScriptedTerraform exiting(int code) {
        return new ScriptedTerraform(call -> ended(code));
    }

    /** The call whose arguments include {@code subcommand} exits with {@code code}, every other with 0. */
    static ScriptedTerraform exitingAt(String subcommand, int code) {
        return new ScriptedTerraform(call -> ended(call.args().contains(subcommand) ? code : 0));
    }

    /** The call whose arguments include {@code subcommand} is {@code process}, every other exits with 0. */
    static ScriptedTerraform runningAt(String subcommand, UntilStopped process) {
        return new ScriptedTerraform(call -> call.args().contains(subcommand) ? process : ended(0));
    }

    /** Writes {@code text} to the call's output, as the process would print it. */
    static void print(TerraformCall call, String text) {
        try {
            call.output().write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunningProcess ended(int code) {
        return ended(new SandboxResult(code, Optional.empty(), Duration.ZERO));
    }

    static RunningProcess ended(SandboxResult result) {
        return new RunningProcess() {
            @Override
            public SandboxResult await() {
                return result;
            }

            @Override
            public void stop(StopReason reason) {
            }

            @Override
            public long pid() {
                return 0;
            }
        };
    }

    @Override
    public synchronized RunningProcess start(TerraformCall call) {
        calls.add(call);
        return answer.apply(call);
    }

    @Override
    public Optional<String> version(String tool) {
        return Optional.empty();
    }

    @Override
    public Path terraformBinary() {
        return Path.of("/opt/terraform/terraform");
    }

    synchronized List<TerraformCall> calls() {
        return List.copyOf(calls);
    }

    /** The argument lists of the calls so far, joined by spaces. */
    synchronized List<String> commandLines() {
        return calls.stream().map(c -> String.join(" ", c.args())).toList();
    }

    /** A process that runs until the engine stops it, then reports the stop like the sandbox does. */
    static final class UntilStopped implements RunningProcess {
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicReference<StopReason> reason = new AtomicReference<>();

        @Override
        public SandboxResult await() throws InterruptedException {
            started.countDown();
            stopped.await();
            return new SandboxResult(143, Optional.of(reason.get()), Duration.ZERO);
        }

        @Override
        public void stop(StopReason why) {
            reason.compareAndSet(null, why);
            stopped.countDown();
        }

        @Override
        public long pid() {
            return 4242;
        }

        void awaitStarted() throws InterruptedException {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the job never started its process");
            }
        }
    }
}
