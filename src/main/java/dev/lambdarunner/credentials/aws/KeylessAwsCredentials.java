package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.credentials.CredentialException;
import dev.lambdarunner.credentials.CredentialRequest;
import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.credentials.JobCredentials;
import dev.lambdarunner.sensitive.Secret;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keyless AWS credentials: a job's GitLab ID token, verified, exchanged with STS for the plan role or the
 * apply role (see {@link RoleChoice}), and then taken out of Terraform's environment, so that the job cannot
 * exchange it itself for a role the runner did not give it. A job without the token variable gets no AWS
 * credentials at all; a job whose token fails a check, or that STS refuses, fails before anything of it runs. The runner log gets the
 * job id, the role kind and the session name, never a token, key or role ARN.
 */
public final class KeylessAwsCredentials implements CredentialSource {

    private static final Logger LOG = Logger.getLogger(KeylessAwsCredentials.class);
    private static final String SOURCE = "keyless AWS";
    /** Another job's token with an unknown key id makes a fresh JWKS read at most this often. */
    private static final Duration MIN_JWKS_REFETCH = Duration.ofSeconds(10);

    private final KeylessSettings settings;
    private final SessionPlanner planner;
    private final StsExchange sts;

    KeylessAwsCredentials(KeylessSettings settings, SessionPlanner planner, StsExchange sts) {
        this.settings = settings;
        this.planner = planner;
        this.sts = sts;
    }

    /**
     * The source when {@code runner.keyless.plan-role-arn} is set.
     *
     * @throws IllegalArgumentException when the keyless configuration cannot work (the message names the key)
     */
    public static Optional<CredentialSource> configured(RunnerConfig.Keyless config, String gitlabUrl,
                                                        Map<String, String> runnerEnv) {
        return KeylessSettings.from(config, gitlabUrl, runnerEnv)
                .map(s -> create(s, new HttpJwksSource(s.jwksUrl()), SdkStsExchange.create(s.region(), Optional.empty()),
                        Clock.systemUTC()));
    }

    static KeylessAwsCredentials create(KeylessSettings settings, JwksSource jwks, StsExchange sts, Clock clock) {
        JwksCache keys = new JwksCache(jwks, settings.jwksCacheTtl(), MIN_JWKS_REFETCH, clock);
        IdTokenVerifier verifier = new IdTokenVerifier(keys, settings.issuer(), settings.audience(), clock);
        return new KeylessAwsCredentials(settings, new SessionPlanner(settings, verifier), sts);
    }

    @Override
    public JobCredentials forJob(CredentialRequest request) throws CredentialException {
        Optional<SessionPlan> plan;
        try {
            plan = planner.plan(request);
        } catch (IdTokenException e) {
            LOG.warnf("Verifying ID token... refused job_id=%d check=%s", request.jobId(), e.check().label());
            throw new CredentialException(SOURCE + ": ID token " + settings.tokenVariable() + ": " + e.getMessage(), e);
        }
        if (plan.isEmpty()) {
            LOG.debugf("No ID token, no AWS credentials job_id=%d", request.jobId());
            return JobCredentials.none(SOURCE);
        }
        SessionPlan p = plan.get();
        LOG.infof("Assuming role... job_id=%d role=%s session=%s", p.jobId(), p.role().kind().label(), p.sessionName());
        AwsSession session;
        try {
            session = sts.assume(p);
        } catch (CredentialException e) {
            LOG.warnf("Assuming role... refused job_id=%d role=%s session=%s", p.jobId(), p.role().kind().label(),
                    p.sessionName());
            throw new CredentialException(SOURCE + ": " + e.getMessage(), e);
        }
        LOG.infof("Assuming role... done job_id=%d role=%s session=%s expires=%s", p.jobId(), p.role().kind().label(),
                p.sessionName(), session.expiration());
        return new JobCredentials(describe(p), secrets(session), regionDefaults(request), Set.of(settings.tokenVariable()));
    }

    private static Map<String, Secret> secrets(AwsSession session) {
        Map<String, Secret> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", session.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", session.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", session.sessionToken());
        return env;
    }

    /** The region, unless the job chose its own (either variable: AWS_REGION would override AWS_DEFAULT_REGION). */
    private Map<String, String> regionDefaults(CredentialRequest request) {
        Map<String, String> job = request.environment();
        if (job.containsKey("AWS_REGION") || job.containsKey("AWS_DEFAULT_REGION")) {
            return Map.of();
        }
        // Ordered: the job log lists the names in this order.
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("AWS_REGION", settings.region());
        defaults.put("AWS_DEFAULT_REGION", settings.region());
        return defaults;
    }

    private static String describe(SessionPlan p) {
        String why = p.role().reason().isEmpty() ? "" : "; " + p.role().reason();
        return SOURCE + " (" + p.role().kind().label() + " role, session " + p.sessionName() + why + ")";
    }
}
