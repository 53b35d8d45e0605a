package dev.lambdarunner.lambda;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.poller.PollSummary;
import dev.lambdarunner.poller.Poller;
import dev.lambdarunner.poller.RunOptions;
import dev.lambdarunner.poller.RunnerFactory;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.secrets.SecretStore;
import dev.lambdarunner.secrets.SecretStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;

/**
 * One invocation's polling: a fresh poller (nothing of it outlives the invocation except the plugin cache under
 * the work directory), admitted by the invocation's deadline, ending when no job fits any more or when GitLab has
 * nothing for the configured idle time.
 * <p>
 * Invocations in one execution environment are sequential (Lambda sends the next event only after this one
 * answered). Concurrent invocations run in separate execution environments, each with its own {@code /tmp}, so
 * they share no workspace or cache, and GitLab hands each job to exactly one {@code jobs/request}.
 */
@ApplicationScoped
class PollSession {

    private static final Logger LOG = Logger.getLogger(PollSession.class);

    private final RunnerFactory factory;
    private final SecretStore secrets;
    private final Clock clock;

    @Inject
    PollSession(RunnerFactory factory, SecretStore secrets) {
        this(factory, secrets, Clock.systemUTC());
    }

    /** @param clock tells how much of the invocation is left */
    PollSession(RunnerFactory factory, SecretStore secrets, Clock clock) {
        this.factory = factory;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * @throws IllegalStateException when the runner's secrets cannot be read (the invocation fails, so it counts
     *                               as an error in Lambda's metrics)
     */
    PollReport run(Trigger trigger, Deadline deadline) {
        RunnerConfig config = factory.config();
        TimeBudget budget = TimeBudget.of(config);
        Optional<String> misfit = budget.neverFits().or(() -> config.gitlab().url().filter(u -> !u.isBlank())
                .isPresent() ? Optional.empty() : Optional.of("missing GitLab URL: set RUNNER_GITLAB_URL"));
        if (misfit.isPresent()) {
            LOG.errorf("Polling refused, the runner is misconfigured trigger=%s cause=%s", trigger.wireName(), misfit.get());
            return PollReport.refused(PollReport.MISCONFIGURED, misfit.get());
        }
        DeadlineAdmission admission = new DeadlineAdmission(deadline, budget, config.lambda().idleTimeout(), clock);
        if (!admission.mayRequestJob()) {
            LOG.warnf("Polling skipped trigger=%s cause=%s", trigger.wireName(), admission.refusal());
            return PollReport.of(new PollSummary(0, 0, 0, PollSummary.StopCause.NO_TIME_LEFT, admission.refusal()));
        }
        Poller poller;
        try {
            poller = factory.poller(options(config), admission);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            LOG.errorf("Polling refused, the runner is misconfigured trigger=%s cause=%s", trigger.wireName(), e.getMessage());
            return PollReport.refused(PollReport.MISCONFIGURED, e.getMessage());
        }
        LOG.infof("Polling... trigger=%s remaining_ms=%d", trigger.wireName(), deadline.remaining(clock).toMillis());
        PollReport report = PollReport.of(poller.run());
        LOG.infof("Polling ended trigger=%s jobs_run=%d succeeded=%d failed=%d stopped=%s", trigger.wireName(),
                report.jobsRun(), report.succeeded(), report.failed(), report.stopped());
        return report;
    }

    private RunOptions options(RunnerConfig config) {
        RunnerSecrets loaded;
        try {
            loaded = secrets.load();
        } catch (SecretStoreException e) {
            throw new IllegalStateException("loading the runner secrets: " + e.getMessage(), e);
        }
        return new RunOptions(config.gitlab().url().orElseThrow(), loaded.runnerToken(), config.workDir(),
                config.terraform().path(), config.terraform().tofuPath(), config.concurrent(), false);
    }
}
