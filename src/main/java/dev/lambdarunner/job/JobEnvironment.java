package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sandbox.RunnerOwnedNames;
import dev.lambdarunner.sandbox.Workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Builds a job's environment from scratch, in layers where later ones win: the configured pass-through
 * variables, the job's variables (without the names the runner owns, {@link RunnerOwnedNames}), the CI_* variables
 * a runner adds, and last the sandbox's own settings (home, temp dir, PATH, Terraform automation flags, plugin
 * cache, CLI configuration).
 * Nothing else of the runner's environment (its AWS role, its token) is ever included.
 */
final class JobEnvironment {

    /** What the environment needs besides the job itself. */
    record Inputs(RunnerIdentity runner, Map<String, String> passThrough, Path pluginCacheDir,
                  Path terraformDir, Duration jobTimeout, Optional<String> cliConfig) {
    }

    private JobEnvironment() {
    }

    /**
     * @param env     the environment Terraform gets
     * @param dropped job variables with a runner-owned name, not passed on: name to why (never a value)
     */
    record Built(Map<String, String> env, Map<String, String> dropped) {

        /** One line for the job log naming the dropped variables and why, when there are any. */
        Optional<String> droppedNotice() {
            if (dropped.isEmpty()) {
                return Optional.empty();
            }
            StringJoiner names = new StringJoiner("; ");
            dropped.forEach((name, why) -> names.add(name + " (" + why + ")"));
            return Optional.of("job variables not passed to Terraform, the runner owns these names: " + names);
        }
    }

    static Built build(JobResponse job, JobVariables variables, Workspace workspace, Inputs in)
            throws IOException {
        Map<String, String> env = new LinkedHashMap<>(in.passThrough());
        env.put("CI_SERVER", "yes");
        env.put("CI_CONCURRENT_ID", "0");
        env.put("CI_CONCURRENT_PROJECT_ID", "0");
        Map<String, String> runnerVariables = new LinkedHashMap<>();
        putRunnerVariables(runnerVariables, job, workspace, in);
        RunnerOwnedNames.Split fromJob = RunnerOwnedNames.split(variables.resolve(workspace.tmpDir(), runnerVariables));
        env.putAll(fromJob.allowed());
        putRunnerVariables(env, job, workspace, in);
        putSandboxVariables(env, workspace, in);
        if (in.cliConfig().isPresent()) {
            env.put("TF_CLI_CONFIG_FILE", writeCliConfig(workspace, in.cliConfig().get()).toString());
        }
        return new Built(env, fromJob.dropped());
    }

    private static void putRunnerVariables(Map<String, String> env, JobResponse job, Workspace ws, Inputs in) {
        env.put("CI_BUILDS_DIR", ws.root().toString());
        env.put("CI_PROJECT_DIR", ws.projectDir().toString());
        env.put("RUNNER_TEMP_PROJECT_DIR", ws.tmpDir().toString());
        env.put("CI_JOB_STATUS", "running");
        env.put("CI_JOB_TIMEOUT", Long.toString(in.jobTimeout().toSeconds()));
        env.put("CI_RUNNER_SHORT_TOKEN", in.runner().shortToken());
        env.put("CI_RUNNER_VERSION", in.runner().version());
        env.put("CI_RUNNER_REVISION", in.runner().revision());
        env.put("CI_RUNNER_EXECUTABLE_ARCH", "linux/" + in.runner().architecture());
        env.put("CI_DISPOSABLE_ENVIRONMENT", "true");
        env.putIfAbsent("CI_JOB_ID", Long.toString(job.id()));
    }

    private static void putSandboxVariables(Map<String, String> env, Workspace ws, Inputs in) {
        env.put("HOME", ws.homeDir().toString());
        env.put("TMPDIR", ws.tmpDir().toString());
        env.put("PATH", in.terraformDir() + ":/usr/local/bin:/usr/bin:/bin");
        env.put("TF_IN_AUTOMATION", "true");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("TF_PLUGIN_CACHE_DIR", in.pluginCacheDir().toString());
    }

    /**
     * The provider mirror's CLI configuration, written into this job's own workspace for each job: a file kept
     * between jobs could be edited by one job's code (a {@code dev_overrides} block, a plugin cache that skips the
     * lock file) for the next.
     */
    private static Path writeCliConfig(Workspace ws, String text) throws IOException {
        Path file = ws.root().resolve("terraform-cli.tfrc");
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        return file;
    }
}
