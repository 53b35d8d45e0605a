package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.config.RunnerConfig;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keyless AWS settings, checked: {@link #from} refuses a configuration that cannot work (a role without an
 * audience, a JWKS URL that is not HTTPS, a session STS would refuse) with a message naming the key.
 *
 * @param applyProjects lower-cased project paths allowed the apply role
 * @param region        STS region, also the region of jobs that set none
 */
public record KeylessSettings(String planRoleArn, Optional<String> applyRoleArn, String audience,
                              String tokenVariable, Set<String> applyProjects, boolean requireProtectedEnvironment,
                              String issuer, URI jwksUrl, Duration jwksCacheTtl, Duration sessionDuration,
                              String region) {

    static final Duration MIN_SESSION = Duration.ofMinutes(15);
    static final Duration MAX_SESSION = Duration.ofHours(12);
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-\\d{1,2}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public KeylessSettings {
        applyProjects = Set.copyOf(applyProjects);
    }

    /**
     * The settings when {@code runner.keyless.plan-role-arn} is set, else empty (keyless credentials off).
     *
     * @param gitlabUrl the GitLab URL the runner polls (default issuer)
     * @param runnerEnv the runner's environment (for {@code AWS_REGION})
     * @throws IllegalArgumentException when the configuration cannot work; the message names the key
     */
    public static Optional<KeylessSettings> from(RunnerConfig.Keyless config, String gitlabUrl,
                                                 Map<String, String> runnerEnv) {
        Optional<String> plan = config.planRoleArn().filter(s -> !s.isBlank());
        if (plan.isEmpty()) {
            if (config.applyRoleArn().filter(s -> !s.isBlank()).isPresent()) {
                throw invalid("apply-role-arn", "is set but plan-role-arn is not; keyless credentials need both or the plan role alone");
            }
            return Optional.empty();
        }
        String planRole = roleArn("plan-role-arn", plan.get());
        Optional<String> applyRole = config.applyRoleArn().filter(s -> !s.isBlank()).map(a -> roleArn("apply-role-arn", a));
        String audience = config.audience().filter(s -> !s.isBlank())
                .orElseThrow(() -> invalid("audience", "is required with a role: set it to the aud: of the job's id_tokens:"));
        String issuer = stripTrailingSlashes(config.issuer().filter(s -> !s.isBlank()).orElse(defaultIssuer(gitlabUrl)));
        if (issuer.isEmpty()) {
            throw invalid("issuer", "is empty: set it, or the GitLab URL it defaults to");
        }
        URI jwks = JwksUrl.check(config.jwksUrl().filter(s -> !s.isBlank()).orElse(issuer + "/oauth/discovery/keys"));
        return Optional.of(new KeylessSettings(planRole, applyRole, audience, tokenVariable(config.tokenVariable()),
                projects(config.applyProjects().orElse(List.of())), config.requireProtectedEnvironment(), issuer,
                jwks, positive("jwks-cache-ttl", config.jwksCacheTtl()), session(config.sessionDuration()),
                region(config.region().or(() -> Optional.ofNullable(runnerEnv.get("AWS_REGION"))))));
    }

    /** Whether {@code projectPath} may have the apply role (GitLab paths are unique whatever their case). */
    boolean applyAllowed(String projectPath) {
        return applyProjects.contains(projectPath.toLowerCase(Locale.ROOT));
    }

    private static String roleArn(String key, String value) {
        String arn = value.strip();
        if (!ROLE_ARN.matcher(arn).matches()) {
            throw invalid(key, "'" + arn + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
        }
        return arn;
    }

    private static String tokenVariable(String name) {
        if (!VARIABLE.matcher(name).matches()) {
            throw invalid("token-variable", "'" + name + "' is not a variable name");
        }
        return name;
    }

    private static String region(Optional<String> value) {
        String region = value.map(String::strip).filter(s -> !s.isEmpty()).orElseThrow(() -> invalid("region",
                "is not set and the runner has no AWS_REGION: set the region of the STS endpoint"));
        if (!REGION.matcher(region).matches()) {
            throw invalid("region", "'" + region + "' is not an AWS region name");
        }
        return region;
    }

    private static Set<String> projects(List<String> paths) {
        return paths.stream().map(String::strip).filter(p -> !p.isEmpty()).map(p -> p.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Duration session(Duration duration) {
        if (duration.compareTo(MIN_SESSION) < 0 || duration.compareTo(MAX_SESSION) > 0) {
            throw invalid("session-duration", duration + " is outside what STS accepts (PT15M to PT12H)");
        }
        return duration;
    }

    private static Duration positive(String key, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw invalid(key, duration + " must be positive");
        }
        return duration;
    }

    private static String defaultIssuer(String gitlabUrl) {
        String url = stripTrailingSlashes(gitlabUrl == null ? "" : gitlabUrl.strip());
        return url.endsWith("/ci") ? url.substring(0, url.length() - 3) : url;
    }

    private static String stripTrailingSlashes(String value) {
        String s = value;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static IllegalArgumentException invalid(String key, String cause) {
        return new IllegalArgumentException("configuring keyless AWS: runner.keyless." + key + " " + cause);
    }
}
