package dev.lambdarunner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runner's whole configuration. Every key can be given as a system property, in
 * {@code application.properties}, or as an environment variable in its env form
 * ({@code runner.gitlab.url} is {@code RUNNER_GITLAB_URL}). CLI options override it.
 */
@ConfigMapping(prefix = "runner")
public interface RunnerConfig {

    /** How to reach GitLab and how to poll it. */
    Gitlab gitlab();

    /** Which Terraform binaries jobs may run and where providers are cached. */
    Terraform terraform();

    /** How job processes are isolated, limited and stopped. */
    Sandbox sandbox();

    /** How the job log is shipped to GitLab. */
    Trace trace();

    /** Where the runner's secret document lives (Secrets Manager, encrypted with KMS). */
    Secrets secrets();

    /** How the Lambda function spends an invocation, and how it and the {@code keepalive} command reach Lambda. */
    Lambda lambda();

    /** Keyless AWS credentials: each job's GitLab ID token exchanged with STS (off unless a plan role is set). */
    Keyless keyless();

    /** Directory under which per-job workspaces and shared caches live. */
    @WithDefault("${java.io.tmpdir}/lambda-runner")
    Path workDir();

    /**
     * How many jobs run at the same time. Above 1 the runner refuses to start unless
     * {@link #allowConcurrentJobsToReadEachOther()} is set: jobs share one Unix user.
     */
    @WithDefault("1")
    int concurrent();

    /**
     * Runs {@link #concurrent()} jobs at once although they share one Unix user, so each job's code can read the other
     * jobs' {@code /proc/<pid>/environ} (masked variables, job tokens, credentials) and write into their workspaces,
     * and one job's end also kills what another job detached. Only for runners whose jobs all trust each other.
     */
    @WithDefault("false")
    boolean allowConcurrentJobsToReadEachOther();

    /**
     * The longest a job may run, whatever GitLab says. Also used by the Lambda entry point
     * to decide whether another job still fits in the invocation.
     */
    @WithDefault("PT1H")
    Duration maxJobTimeout();

    /** How long a SIGTERM waits for running jobs to finish or be reported failed before exiting. */
    @WithDefault("PT30S")
    Duration shutdownGrace();

    /** What the build stamps into the runner. */
    Build build();

    interface Build {
        /** The source revision the runner was built from, shown to jobs as {@code CI_RUNNER_REVISION}. */
        @WithDefault("unknown")
        String revision();
    }

    interface Gitlab {
        /** GitLab base URL, e.g. {@code https://gitlab.example.com}; a trailing {@code /} or {@code /ci} is dropped. */
        Optional<String> url();

        /** Runner authentication token ({@code glrt-...}). Prefer the secret store outside a workstation. */
        Optional<String> token();

        /**
         * The {@code X-Gitlab-Token} GitLab's job webhook must carry, when it is not in the secret document
         * (workstation and test set-ups; in Lambda keep it in the secret).
         */
        Optional<String> webhookSecret();

        /** Pause between {@code jobs/request} calls that found no job. */
        @WithDefault("PT3S")
        Duration checkInterval();

        /** Client-side timeout of one {@code jobs/request}; GitLab may hold it open for long polling. */
        @WithDefault("PT60S")
        Duration requestTimeout();

        /** Timeout of every other GitLab call. */
        @WithDefault("PT30S")
        Duration callTimeout();

        /** Retry of 408/429/5xx answers (the runner retry layer). */
        Retry retry();

        /**
         * Consecutive 403 answers to {@code jobs/request} after which the runner token counts as rejected and polling
         * stops ({@code run --once} stops at the first).
         */
        @WithDefault("3")
        int maxForbidden();
    }

    interface Retry {
        /** Attempts in total, the first included. */
        @WithDefault("5")
        int maxAttempts();

        /** First backoff delay. */
        @WithDefault("PT0.1S")
        Duration minDelay();

        /** Largest backoff delay, also the cap on a server's {@code Retry-After}. */
        @WithDefault("PT60S")
        Duration maxDelay();

        /** How much each backoff delay grows over the one before (GitLab Runner's 2). */
        @WithDefault("2.0")
        double factor();

        /** The fraction (0 to 1) by which a backoff delay is randomly shortened or lengthened (GitLab Runner's 0.1). */
        @WithDefault("0.1")
        double jitter();
    }

    interface Terraform {
        /** The Terraform executable: a path, or a name looked up on the runner's PATH. */
        @WithDefault("terraform")
        String path();

        /** The OpenTofu executable; {@code tofu} lines are refused unless this is set. */
        Optional<String> tofuPath();

        /** Shared provider plugin cache, reused across jobs; default {@code <work-dir>/plugin-cache}. */
        Optional<Path> pluginCacheDir();

        /**
         * A filesystem mirror of providers (e.g. {@code /opt/terraform-providers} from a Lambda layer, written by
         * {@code terraform providers mirror}). The providers in it install only from it, through a generated CLI
         * configuration every job gets as {@code TF_CLI_CONFIG_FILE}; the lock file is still checked.
         */
        Optional<Path> providerMirrorDir();
    }

    /** How job sources are fetched: the per-project git object cache under {@code <work-dir>/git-cache}. */
    Sources sources();

    interface Sources {
        /**
         * Keep each repository's git objects in {@code <work-dir>/git-cache} between jobs (and warm Lambda
         * invocations), so a job fetches only what changed from GitLab; the workspace still gets its own copy.
         * False fetches everything from GitLab into each workspace.
         */
        @WithDefault("true")
        boolean cacheEnabled();

        /**
         * The most bytes all project caches may use together; beyond it the least recently used are deleted
         * after a job's checkout. In Lambda this lives in {@code /tmp}, the function's ephemeral storage, which
         * it shares with the workspaces and the plugin cache.
         */
        @WithDefault("536870912")
        long cacheMaxBytes();
    }

    /** Limits of job artifacts and dependency downloads. */
    Artifacts artifacts();

    interface Artifacts {
        /** The most bytes one dependency's artifacts archive may unpack to. */
        @WithDefault("1073741824")
        long maxExtractedSize();

        /** The most entries one dependency's artifacts archive may have. */
        @WithDefault("100000")
        int maxEntries();

        /** How long one artifacts upload or download may take. */
        @WithDefault("PT10M")
        Duration transferTimeout();
    }

    interface Sandbox {
        /**
         * Names of runner environment variables handed to Terraform unchanged (e.g. {@code HTTPS_PROXY}).
         * Nothing else of the runner's environment reaches a job.
         */
        Optional<List<String>> passEnv();

        /**
         * Runs jobs although the runner could not harden its own process (non-dumpable, child subreaper, JVM attach
         * off; it says which at start), so a job's code could read the runner token and the runner's credentials, or
         * outlive its job. Off: such a runner refuses to run jobs.
         */
        @WithDefault("false")
        boolean allowUnhardenedRunner();

        /** Time between the graceful stop signal and killing the whole process tree. */
        @WithDefault("PT10S")
        Duration killGrace();

        /** Timeout of the {@code after_script} step. */
        @WithDefault("PT5M")
        Duration afterScriptTimeout();

        /** Bytes of job log kept; output past it is dropped with a note. */
        @WithDefault("4194304")
        @WithName("output-limit")
        long outputLimitBytes();
    }

    interface Trace {
        /** Longest pause between two trace PATCHes while output is pending; GitLab may ask for shorter. */
        @WithDefault("PT1S")
        Duration patchInterval();

        /** A {@code PUT state=running} keep-alive is sent when nothing was sent for this long. */
        @WithDefault("PT30S")
        Duration keepAliveInterval();

        /** How often the final PATCH+PUT sequence is tried before the runner gives up on a job. */
        @WithDefault("10")
        int finalUpdateAttempts();
    }

    interface Secrets {
        /**
         * ARN or name of the Secrets Manager secret holding this runner's encrypted secret document. When unset,
         * the runner token comes from {@code runner.gitlab.token}.
         */
        Optional<String> secretId();

        /** KMS key (id, ARN or alias) the document is encrypted with; needed to write it, checked on read. */
        Optional<String> kmsKeyId();

        /**
         * The runner's name in the KMS encryption context ({@code runner=<name>}): a document encrypted for one
         * runner does not decrypt for another, and the key policy can grant decryption per runner.
         */
        @WithDefault("lambda-terraform")
        String runnerName();

        /**
         * Whether the document may hold {@code protected-refs-only} credential sets. {@code false} for a runner that
         * takes jobs of unprotected refs (the deployment's plan runner, registered {@code not_protected}): it refuses
         * to load a document holding one, and {@code secrets put}/{@code register} refuse to write one, so
         * credentials meant for protected refs never sit where code of an unmerged branch runs.
         */
        @WithDefault("true")
        boolean protectedSets();

        /** How long a decrypted document is reused by a warm function before it is read again. */
        @WithDefault("PT5M")
        Duration cacheTtl();
    }

    interface Lambda {
        /**
         * Time kept back at the end of every invocation for stopping a job: Terraform's graceful stop
         * ({@code runner.sandbox.kill-grace}), the last trace upload and the final {@code PUT}. A job's hard deadline
         * is the invocation's deadline minus this reserve, and a new job is requested only while the invocation has
         * at least {@code runner.max-job-timeout} + this reserve + {@code runner.gitlab.request-timeout} left.
         */
        @WithDefault("PT90S")
        Duration reserve();

        /**
         * How long a poll invocation keeps asking GitLab while no job is running and none was received: it ends at
         * the first answer without a job once this long has passed since it started or its last job ended.
         * {@code PT0S} (the default) ends an idle sweep at the first empty answer; a longer value keeps the
         * invocation long-polling GitLab (jobs start sooner, the function runs and costs longer).
         */
        @WithDefault("PT0S")
        Duration idleTimeout();

        /**
         * The function to invoke: the webhook's self-invoke (default: {@code AWS_LAMBDA_FUNCTION_NAME}, the function's
         * own name) and the {@code keepalive} command (also {@code --function}).
         */
        Optional<String> functionName();

        /**
         * The Lambda API endpoint, instead of the region's public one (a VPC endpoint, or a local stand-in in
         * tests). Region and credentials come from the AWS SDK's default chains ({@code AWS_REGION}, the
         * function's role, {@code AWS_PROFILE}).
         */
        Optional<URI> endpointOverride();
    }

    interface Keyless {
        /**
         * IAM role every job with a valid ID token gets (through {@code AssumeRoleWithWebIdentity}). Keyless
         * credentials are off while this is unset.
         */
        Optional<String> planRoleArn();

        /**
         * IAM role for jobs whose ID token says {@code ref_protected} (and {@code environment_protected} when
         * {@link #requireProtectedEnvironment()}) and whose project is in {@link #applyProjects()}; when unset,
         * every job gets the plan role.
         */
        Optional<String> applyRoleArn();

        /** The {@code aud} the ID token must carry (the {@code aud:} under {@code id_tokens:}); required with a role. */
        Optional<String> audience();

        /** The job variable holding the ID token: the name under {@code id_tokens:} in {@code .gitlab-ci.yml}. */
        @WithDefault("GITLAB_OIDC_TOKEN")
        String tokenVariable();

        /** Project paths ({@code group/project}) that may get the apply role; none when unset. */
        Optional<List<String>> applyProjects();

        /** Whether the apply role also needs the token's {@code environment_protected} to be {@code true}. */
        @WithDefault("false")
        boolean requireProtectedEnvironment();

        /** The token's expected {@code iss}; default the GitLab URL. */
        Optional<String> issuer();

        /**
         * Where GitLab's signing keys are read (HTTPS; plain HTTP only for a loopback address); default
         * {@code <issuer>/oauth/discovery/keys}.
         */
        Optional<String> jwksUrl();

        /** How long the keys read from {@link #jwksUrl()} are reused before they are read again. */
        @WithDefault("PT10M")
        Duration jwksCacheTtl();

        /** Lifetime of the STS session a job gets (15 minutes to 12 hours, within the role's maximum). */
        @WithDefault("PT1H")
        Duration sessionDuration();

        /**
         * AWS region of the STS endpoint, also given to jobs that set neither {@code AWS_REGION} nor
         * {@code AWS_DEFAULT_REGION}; default the runner's {@code AWS_REGION}. The STS endpoint follows the SDK's
         * own settings ({@code AWS_ENDPOINT_URL_STS}, {@code aws.endpointUrlSts}).
         */
        Optional<String> region();
    }
}
