package dev.lambdarunner.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged runner ({@code target/lambda-gitlab-runner-for-terraform-<version>-runner.jar}, with its
 * {@code target/lib/}) started as a user starts it:
 * {@code java -jar ... <args>}, in its own process, with an environment the test controls.
 */
final class RunnerCli implements AutoCloseable {

    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;
    private final List<String> args;

    private RunnerCli(Process process, List<String> args) {
        this.process = process;
        this.args = args;
        this.outPump = pump(process.getInputStream(), stdout);
        this.errPump = pump(process.getErrorStream(), stderr);
    }

    static Path jar() {
        String jar = System.getProperty("packaged.runner.jar");
        if (jar == null) {
            throw new IllegalStateException("system property packaged.runner.jar is not set: run the ITs through Maven (failsafe)");
        }
        return Path.of(jar).toAbsolutePath();
    }

    /**
     * The runner's environment for polling {@code gitlabUrl} with {@code token} in {@code workDir}, with a short pause
     * after an empty poll to keep the tests quick; callers add to it.
     */
    static Map<String, String> pollingEnv(String gitlabUrl, String token, Path workDir) {
        Map<String, String> env = new HashMap<>();
        env.put("RUNNER_GITLAB_URL", gitlabUrl);
        env.put("RUNNER_GITLAB_TOKEN", token);
        env.put("RUNNER_WORK_DIR", workDir.toString());
        env.put("RUNNER_GITLAB_CHECK_INTERVAL", "PT0.2S");
        return env;
    }

    /** Starts the CLI with exactly {@code env} plus PATH: nothing else of the test's environment leaks in. */
    static RunnerCli start(Map<String, String> env, String... args) throws IOException {
        return startAs(List.of(), List.of(), env, args);
    }

    /**
     * Like {@link #start}, with {@code prefix} (e.g. {@link UnprivilegedUser#prefix()}) before the java command and
     * {@code jvmOptions} before {@code -jar}.
     */
    static RunnerCli startAs(List<String> prefix, List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(env);
        return new RunnerCli(builder.start(), List.of(args));
    }

    /** Waits for the CLI to exit; fails the test if it does not within {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("runner did not exit within " + timeout + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
        outPump.join(5000);
        errPump.join(5000);
        return process.exitValue();
    }

    /** What one finished run printed, and how it ended. */
    record Output(String args, int exitCode, String stdout, String stderr) {
    }

    /** Waits for the CLI to exit (like {@link #awaitExit}) and returns what it printed. */
    Output awaitOutput(Duration timeout) throws InterruptedException {
        int code = awaitExit(timeout);
        return new Output(String.join(" ", args), code, stdout(), stderr());
    }

    /** Waits up to {@code timeout} for the process to end; false if it is still running. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, as systemd or a container runtime sends it. */
    void terminate() {
        process.destroy();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }, "cli-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
