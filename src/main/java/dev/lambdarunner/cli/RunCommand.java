package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.poller.IsolationGate;
import dev.lambdarunner.poller.PollSummary;
import dev.lambdarunner.poller.Poller;
import dev.lambdarunner.poller.RunOptions;
import dev.lambdarunner.poller.RunnerFactory;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.sensitive.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code run}: polls GitLab and runs jobs until stopped. On SIGTERM it stops asking for jobs, lets
 * running jobs finish within the shutdown grace, stops the rest gracefully, and reports every one.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Poll GitLab for jobs tagged lambda-terraform and run their Terraform.")
public class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GitLabUrlOption url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Runner authentication token glrt-... (env RUNNER_GITLAB_TOKEN; prefer the env form: argv is visible to other users and lands in shell history). Without one, the token comes from the runner's secret when RUNNER_SECRETS_SECRET_ID is set.")
    String token;

    @Option(names = "--once", description = "Take one job, run it to its end, exit 0 whatever its result.")
    boolean once;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Workspaces and caches (env RUNNER_WORK_DIR).")
    Path workDir;

    @Option(names = "--terraform", paramLabel = "PATH", description = "Terraform executable (env RUNNER_TERRAFORM_PATH).")
    String terraform;

    @Option(names = "--concurrent", paramLabel = "N", description = "Jobs run at the same time (env RUNNER_CONCURRENT). Above 1 refused unless RUNNER_ALLOW_CONCURRENT_JOBS_TO_READ_EACH_OTHER=true: jobs share one user and can read each other.")
    Integer concurrent;

    private final RunnerFactory factory;

    public RunCommand(RunnerFactory factory) {
        this.factory = factory;
    }

    @Override
    public Integer call() throws SecretStoreException {
        RunOptions options = options(factory.config());
        Poller poller = factory.poller(options, factory.unbounded());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> stopAndWait(poller, finished), "runner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PollSummary summary;
        try {
            summary = poller.run();
        } finally {
            finished.countDown();
        }
        removeHook(hook);
        if (!summary.runnerCanWork()) {
            spec.commandLine().getErr().println("error: " + summary.detail());
            return ExitCodes.RUNNER_ERROR;
        }
        spec.commandLine().getOut().printf("jobs=%d succeeded=%d failed=%d stopped=%s (%s)%n", summary.jobsRun(),
                summary.succeeded(), summary.failed(), summary.stopCause().name().toLowerCase(), summary.detail());
        return ExitCodes.OK;
    }

    RunOptions options(RunnerConfig config) throws SecretStoreException {
        String gitlabUrl = url.resolve(spec, config);
        Secret runnerToken = RunnerToken.resolve(spec, token, factory, "pass --token or set RUNNER_GITLAB_TOKEN");
        int jobs = Optional.ofNullable(concurrent).orElse(config.concurrent());
        if (jobs < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrent must be at least 1, was " + jobs);
        }
        Optional<String> refusal = IsolationGate.concurrencyRefusal(jobs, config.allowConcurrentJobsToReadEachOther());
        if (refusal.isPresent()) {
            throw new ParameterException(spec.commandLine(), refusal.get());
        }
        return new RunOptions(gitlabUrl, runnerToken, Optional.ofNullable(workDir).orElse(config.workDir()),
                Optional.ofNullable(terraform).orElse(config.terraform().path()), config.terraform().tofuPath(),
                jobs, once);
    }

    /** Runs in the JVM's shutdown: the JVM exits when this returns, so wait for every job's report. */
    private void stopAndWait(Poller poller, CountDownLatch finished) {
        poller.stop();
        try {
            long graceMs = factory.config().shutdownGrace().toMillis();
            finished.await(graceMs + factory.config().sandbox().killGrace().toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running and waits for us
        }
    }
}
