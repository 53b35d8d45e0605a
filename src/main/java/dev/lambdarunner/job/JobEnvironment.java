package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sandbox.Workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a job's environment from scratch, in layers where later ones win: the configured pass-through
 * variables, the job's variables, the CI_* variables a runner adds, and last the sandbox's own settings
 * (home, temp dir, PATH, Terraform automation flags, plugin cache) that no job variable may change.
 * Nothing else of the runner's environment (its AWS role, its token) is ever included.
 */
final class JobEnvironment {

    /** What the environment needs besides the job itself. */
    record Inputs(RunnerIdentity runner, Map<String, String> passThrough, Path pluginCacheDir,
                  Path terraformDir, Duration jobTimeout, Optional<Path> cliConfigFile) {
    }

    private JobEnvironment() {
    }

    static Map<String, String> build(JobResponse job, JobVariables variables, Workspace workspace, Inputs in)
            throws IOException {
        Map<String, String> env = new LinkedHashMap<>(in.passThrough());
        env.put("CI_SERVER", "yes");
        env.put("CI_CONCURRENT_ID", "0");
        env.put("CI_CONCURRENT_PROJECT_ID", "0");
        Map<String, String> runnerVariables = new LinkedHashMap<>();
        putRunnerVariables(runnerVariables, job, workspace, in);
        env.putAll(variables.resolve(workspace.tmpDir(), runnerVariables));
        putRunnerVariables(env, job, workspace, in);
        putSandboxVariables(env, workspace, in);
        return env;
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
        // The runner's provider mirror: set last, so a job variable cannot point Terraform elsewhere.
        in.cliConfigFile().ifPresent(file -> env.put("TF_CLI_CONFIG_FILE", file.toString()));
    }
}
