package dev.lambdarunner.poller;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.credentials.aws.KeylessAwsCredentials;
import dev.lambdarunner.gitlab.CallDeadlines;
import dev.lambdarunner.gitlab.GitLabConnection;
import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.HttpGitLabRunnerApi;
import dev.lambdarunner.gitlab.RetryPolicy;
import dev.lambdarunner.gitlab.RunnerInfo;
import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.job.ArtifactSettings;
import dev.lambdarunner.job.JobArtifactsStage;
import dev.lambdarunner.job.JobCredentialsStage;
import dev.lambdarunner.job.JobDependenciesStage;
import dev.lambdarunner.job.JobLimits;
import dev.lambdarunner.job.JobRunner;
import dev.lambdarunner.job.JobSettings;
import dev.lambdarunner.job.JobStages;
import dev.lambdarunner.job.ProcessLauncher;
import dev.lambdarunner.job.RunnerIdentity;
import dev.lambdarunner.job.StepExecutor;
import dev.lambdarunner.job.WrapperExecutor;
import dev.lambdarunner.sandbox.EnvAllowlist;
import dev.lambdarunner.sandbox.Hardening;
import dev.lambdarunner.sandbox.ProcessSandbox;
import dev.lambdarunner.sandbox.RunnerHardening;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.secrets.CredentialSetSource;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretStore;
import dev.lambdarunner.secrets.SecretStoreException;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.sources.SourceFetch;
import dev.lambdarunner.sources.SourceFetcher;
import dev.lambdarunner.terraform.ProviderMirror;
import dev.lambdarunner.terraform.TerraformBinaries;
import dev.lambdarunner.terraform.TerraformRunner;
import dev.lambdarunner.trace.Tokens;
import dev.lambdarunner.trace.TraceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assembles a runner from its typed configuration, its {@link RunnerEnvironment} and start options: the GitLab
 * client, the job engine with every stage, and the poller. The one place that wires them; shared by the CLI and the
 * Lambda entry point so both run the very same engine.
 */
@ApplicationScoped
public class RunnerFactory {

    private static final Logger LOG = Logger.getLogger(RunnerFactory.class);
    private static final Clock CLOCK = Clock.systemUTC();
    /** {@code run --once} takes one job: the first 403 already says the token is wrong. */
    private static final int MAX_FORBIDDEN_ONCE = 1;

    private final RunnerConfig config;
    private final SecretStore secrets;
    private final RunnerEnvironment environment;
    /**
     * Keyless AWS per GitLab URL, built once: a warm Lambda builds a poller per invocation, and the JWKS cache and
     * STS client inside must outlive it, or every job would fetch GitLab's keys and build a client again.
     */
    private final Map<String, Optional<CredentialSource>> keyless = new ConcurrentHashMap<>();

    @Inject
    RunnerFactory(RunnerConfig config, SecretStore secrets,
                  @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this(config, secrets, RunnerEnvironment.current(version));
    }

    public RunnerFactory(RunnerConfig config, SecretStore secrets, RunnerEnvironment environment) {
        this.config = config;
        this.secrets = secrets;
        this.environment = environment;
    }

    /**
     * The runner's secrets: from the Secrets Manager secret when {@code runner.secrets.secret-id} is set (cached
     * for {@code runner.secrets.cache-ttl}), else from {@code runner.gitlab.token}.
     */
    public RunnerSecrets secrets() throws SecretStoreException {
        return secrets.load();
    }

    /** A GitLab client for {@code url} and {@code token}; the URL is validated here (clear message if bad). */
    public GitLabRunnerApi api(String url, Secret token, Path workDir) {
        return http(url, token, workDir);
    }

    /** The HTTP client: the runner API and the artifacts API of one GitLab. */
    private HttpGitLabRunnerApi http(String url, Secret token, Path workDir) {
        return http(url, token, workDir, CallDeadlines.NONE);
    }

    private HttpGitLabRunnerApi http(String url, Secret token, Path workDir, CallDeadlines deadlines) {
        RunnerConfig.Gitlab gitlab = config.gitlab();
        RunnerConfig.Retry retry = gitlab.retry();
        GitLabConnection connection = new GitLabConnection(URI.create(url), token,
                SystemId.of(workDir, environment.variables()), RunnerInfo.current(environment.version()),
                gitlab.requestTimeout(), gitlab.callTimeout());
        RetryPolicy policy = new RetryPolicy(retry.maxAttempts(), retry.minDelay(), retry.maxDelay(), retry.factor(),
                retry.jitter(), Sleeper.REAL);
        return new HttpGitLabRunnerApi(connection, policy, deadlines, CLOCK);
    }

    /**
     * A poller ready to run, its GitLab calls within the admission's {@link Admission#callDeadlines()}; fails with a
     * clear message if Terraform or the work directory is unusable. When the
     * runner's secret is in Secrets Manager, its jobs get the credential sets their refs allow, and every value of
     * the secret is masked in every job's log.
     */
    public Poller poller(RunOptions options, Admission admission) {
        refuseUnisolatedJobs(options.concurrent());
        HttpGitLabRunnerApi api = http(options.gitlabUrl(), options.token(), options.workDir(),
                admission.callDeadlines());
        int maxForbidden = options.once() ? MAX_FORBIDDEN_ONCE : config.gitlab().maxForbidden();
        return new Poller(api, jobRunner(api, options), new PollSettings(options.concurrent(),
                config.gitlab().checkInterval(), options.once(), config.shutdownGrace(), maxForbidden), admission, CLOCK);
    }

    /** Throws IllegalArgumentException (a configuration error) when {@link IsolationGate} refuses. */
    private void refuseUnisolatedJobs(int concurrent) {
        Hardening hardening = RunnerHardening.current();
        Optional<String> refusal = IsolationGate.concurrencyRefusal(concurrent, config.allowConcurrentJobsToReadEachOther())
                .or(() -> IsolationGate.hardeningRefusal(hardening, config.sandbox().allowUnhardenedRunner()));
        if (refusal.isPresent()) {
            throw new IllegalArgumentException(refusal.get());
        }
        if (!hardening.complete()) {
            LOG.warnf("Running jobs on an unhardened runner, as allowed gaps=%s", String.join("; ", hardening.gaps()));
        }
    }

    /** The workstation admission: always room for a job, limited only by the job's own timeout. */
    public Admission unbounded() {
        return new Admission() {
            @Override
            public boolean mayRequestJob() {
                return true;
            }

            @Override
            public JobLimits limitsFor(JobResponse job) {
                return JobLimits.unbounded(config.maxJobTimeout());
            }
        };
    }

    public RunnerConfig config() {
        return config;
    }

    private JobRunner jobRunner(HttpGitLabRunnerApi api, RunOptions options) {
        TerraformBinaries binaries = TerraformBinaries.resolve(options.terraform(), options.tofu(), environment.path());
        JobSettings settings = jobSettings(options);
        TerraformRunner terraform = new TerraformRunner(new ProcessSandbox(), binaries, config.sandbox().killGrace());
        ProcessLauncher processes = new ProcessLauncher(terraform, CLOCK);
        JobStages.Stages stages = new JobStages.Stages(new JobCredentialsStage(settings.secrets().credentials()),
                sourceFetcher(options.workDir()), new JobDependenciesStage(api, settings.artifacts()),
                new StepExecutor(processes, new WrapperExecutor(processes)), new JobArtifactsStage(api, settings.artifacts()));
        JobStages.Tools tools = new JobStages.Tools(terraform, new CommandPolicy(binaries.tofu().isPresent()), processes,
                CLOCK);
        return new JobRunner(api, settings, new JobStages(settings, stages, tools), CLOCK);
    }

    private JobSettings jobSettings(RunOptions options) {
        Path pluginCache = config.terraform().pluginCacheDir().orElse(options.workDir().resolve("plugin-cache"));
        createDirectories(options.workDir(), pluginCache);
        RunnerConfig.Trace trace = config.trace();
        RunnerConfig.Sandbox sandbox = config.sandbox();
        Optional<RunnerSecrets> stored = SecretLocation.configured(config.secrets()).map(location -> loadSecrets());
        String version = environment.version();
        RunnerIdentity identity = new RunnerIdentity(version, config.build().revision(), Tokens.shorten(options.token().value()),
                RunnerInfo.current(version).architecture());
        JobSettings.ToolEnvironment toolEnvironment = new JobSettings.ToolEnvironment(
                EnvAllowlist.passThrough(environment.variables(), sandbox.passEnv().orElse(List.of())), pluginCache,
                cliConfig());
        TraceSettings traces = new TraceSettings(trace.patchInterval(), trace.keepAliveInterval(),
                trace.finalUpdateAttempts(), sandbox.outputLimitBytes(), false, Sleeper.REAL);
        ArtifactSettings artifacts = new ArtifactSettings(config.artifacts().maxExtractedSize(),
                config.artifacts().maxEntries(), config.artifacts().transferTimeout());
        return new JobSettings(options.workDir(), identity, toolEnvironment, sandbox.afterScriptTimeout(), traces, artifacts,
                new JobSettings.Secrets(credentialSources(options, stored), alwaysMasked(options.token(), stored)));
    }

    /** Through the per-repository object cache under {@code <work-dir>/git-cache} unless it is turned off. */
    private SourceFetch sourceFetcher(Path workDir) {
        RunnerConfig.Sources sources = config.sources();
        return sources.cacheEnabled()
                ? SourceFetcher.cached(workDir.resolve("git-cache"), sources.cacheMaxBytes())
                : new SourceFetcher();
    }

    /**
     * The credential sets of the runner's secret (only from a Secrets Manager secret, never from plain
     * configuration), then keyless AWS when a plan role is configured; the keyless settings are checked here so
     * a bad one stops the runner at start. Sets cannot define AWS_* variables, so the two never clash.
     */
    private List<CredentialSource> credentialSources(RunOptions options, Optional<RunnerSecrets> stored) {
        List<CredentialSource> sources = new ArrayList<>();
        stored.ifPresent(s -> sources.add(new CredentialSetSource(s.credentialSets())));
        keyless.computeIfAbsent(options.gitlabUrl(),
                url -> KeylessAwsCredentials.configured(config.keyless(), url, environment.variables())).ifPresent(sources::add);
        return sources;
    }

    private List<Secret> alwaysMasked(Secret token, Optional<RunnerSecrets> stored) {
        List<Secret> secrets = new ArrayList<>();
        secrets.add(token);
        config.gitlab().webhookSecret().filter(s -> !s.isEmpty()).map(Secret::of).ifPresent(secrets::add);
        stored.ifPresent(s -> secrets.addAll(s.valuesToMask()));
        return secrets;
    }

    /** Cached by the store: the caller has just read its token from it, so this does not fail in practice. */
    private RunnerSecrets loadSecrets() {
        try {
            return secrets.load();
        } catch (SecretStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The provider mirror's CLI configuration, checked once per runner start; each job gets its own copy. */
    private Optional<String> cliConfig() {
        Optional<Path> mirror = config.terraform().providerMirrorDir();
        if (mirror.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProviderMirror.cliConfigFor(mirror.get()));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void createDirectories(Path... dirs) {
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("creating " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
