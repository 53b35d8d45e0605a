package dev.lambdarunner.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The external tools the deploy checks run (cfn-lint, terraform, python3 with moto, gpg, the layer script), found
 * on PATH and run as a child process with a timeout. A missing tool fails the test with what to install, never
 * skips it.
 */
final class DeployTool {

    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path CHECKS = REPO.resolve("src/test/deploy/deploy_checks.py");

    private DeployTool() {
    }

    /** What a finished command printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** The executable {@code program} on PATH, or an AssertionError that says how to get it. */
    static Path require(String program, String howToGetIt) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(entry -> Path.of(entry, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(program + " is not on PATH; the deploy tests need it (" + howToGetIt + ")"));
    }

    /** {@link #require} for {@code program}, and {@link #requirePythonModules}: what a suite of deploy_checks.py needs. */
    static void requireForChecks(String program, String howToGetIt) {
        require(program, howToGetIt);
        requirePythonModules();
    }

    /** Fails unless python3 can import what the moto-backed checks use. */
    static void requirePythonModules() {
        require("moto_server", "pip install 'moto[server]'; .ci/run checks it");
        require("python3", "the deploy checks are Python");
        Result imports = run(REPO, Map.of(), Duration.ofSeconds(60), "python3", "-c", "import moto, boto3, samtranslator, yaml");
        if (imports.exitCode() != 0) {
            throw new AssertionError("python3 cannot import moto, boto3 and samtranslator (pip install 'moto[server]' "
                    + "aws-sam-translator boto3); the deploy tests need them\n" + imports.stderr());
        }
    }

    /** Runs {@code deploy_checks.py <command>}; fails with its findings unless every check passed. */
    static Result checks(String command) {
        Result result = run(REPO, Map.of(), Duration.ofMinutes(5), "python3", CHECKS.toString(), command);
        if (result.exitCode() != 0) {
            throw new AssertionError("deploy_checks.py " + command + " failed:\n" + failures(result) + "\n\n" + result.all());
        }
        return result;
    }

    /**
     * Runs {@code deploy_checks.py <command>} like {@link #checks} and fails unless its output holds each of
     * {@code lines}: the checks that must have run and passed.
     */
    static Result checksSaying(String command, String... lines) {
        Result result = checks(command);
        assertThat(result.stdout()).contains(lines);
        return result;
    }

    static long okLines(Result result) {
        return result.stdout().lines().filter(line -> line.startsWith("ok: ")).count();
    }

    private static String failures(Result result) {
        return String.join("\n", result.stdout().lines().filter(line -> line.startsWith("FAIL: ")).toList());
    }

    /** Runs argv in dir with the current environment plus {@code env}; kills the process tree on timeout. */
    static Result run(Path dir, Map<String, String> env, Duration timeout, String... argv) {
        ProcessBuilder builder = new ProcessBuilder(List.of(argv)).directory(dir.toFile());
        builder.environment().putAll(env);
        return start(builder, timeout);
    }

    /** Runs argv with exactly {@code env} as its environment. */
    static Result runWithOnly(Path dir, Map<String, String> env, Duration timeout, List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(argv)).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return start(builder, timeout);
    }

    private static Result start(ProcessBuilder builder, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("deploy-tool-", ".out");
            err = Files.createTempFile("deploy-tool-", ".err");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("running " + builder.command() + ": no exit within " + timeout
                        + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("running " + builder.command() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("running " + builder.command() + ": interrupted", e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is not worth failing a test for
            }
        }
    }
}
