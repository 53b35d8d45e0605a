package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.config.RunnerConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeylessSettingsTest {

    static final String PLAN = "arn:aws:iam::123456789012:role/tf-plan";

    private static RunnerConfig.Keyless fromEnv(Map<String, String> env) {
        return KeylessConfigs.fromEnv(env);
    }

    private static Map<String, String> env(String... pairs) {
        return KeylessConfigs.env(pairs);
    }

    @Test
    void offWithoutAPlanRole() {
        assertThat(KeylessSettings.from(fromEnv(env()), "https://gitlab.example.com", Map.of())).isEmpty();
    }

    @Test
    void envFormsAndDefaults() {
        RunnerConfig.Keyless config = fromEnv(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN,
                "RUNNER_KEYLESS_APPLY_ROLE_ARN", "arn:aws:iam::123456789012:role/tf-apply",
                "RUNNER_KEYLESS_AUDIENCE", "https://gitlab.example.com",
                "RUNNER_KEYLESS_APPLY_PROJECTS", "Platform/Infra, platform/network"));

        KeylessSettings s = KeylessSettings.from(config, "https://gitlab.example.com/ci/", Map.of("AWS_REGION", "eu-central-1"))
                .orElseThrow();

        // the issuer is GitLab's URL without path or slash, its keys where GitLab publishes them
        assertThat(s).isEqualTo(new KeylessSettings(PLAN, Optional.of("arn:aws:iam::123456789012:role/tf-apply"),
                "https://gitlab.example.com", "GITLAB_OIDC_TOKEN", Set.of("platform/infra", "platform/network"), false,
                "https://gitlab.example.com", URI.create("https://gitlab.example.com/oauth/discovery/keys"),
                Duration.ofMinutes(10), Duration.ofHours(1), "eu-central-1"));
        assertThat(s.applyAllowed("platform/INFRA")).isTrue();
    }

    @Test
    void everyDefaultCanBeSet() {
        RunnerConfig.Keyless config = fromEnv(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN, "RUNNER_KEYLESS_AUDIENCE", "aws",
                "RUNNER_KEYLESS_TOKEN_VARIABLE", "AWS_ID_TOKEN", "RUNNER_KEYLESS_REQUIRE_PROTECTED_ENVIRONMENT", "true",
                "RUNNER_KEYLESS_ISSUER", "https://gitlab.internal/", "RUNNER_KEYLESS_JWKS_URL", "https://keys.internal/jwks",
                "RUNNER_KEYLESS_JWKS_CACHE_TTL", "PT1M", "RUNNER_KEYLESS_SESSION_DURATION", "PT15M",
                "RUNNER_KEYLESS_REGION", "us-gov-west-1"));

        KeylessSettings s = KeylessSettings.from(config, "https://gitlab.example.com", Map.of("AWS_REGION", "eu-west-1"))
                .orElseThrow();

        assertThat(s).isEqualTo(new KeylessSettings(PLAN, Optional.empty(), "aws", "AWS_ID_TOKEN", Set.of(), true,
                "https://gitlab.internal", URI.create("https://keys.internal/jwks"), Duration.ofMinutes(1),
                Duration.ofMinutes(15), "us-gov-west-1"));
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheKey() {
        refused(env("RUNNER_KEYLESS_APPLY_ROLE_ARN", "arn:aws:iam::123456789012:role/tf-apply"),
                "runner.keyless.apply-role-arn is set but plan-role-arn is not");
        refused(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN),
                "runner.keyless.audience is required with a role: set it to the aud: of the job's id_tokens:");
        refused(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", "tf-plan", "RUNNER_KEYLESS_AUDIENCE", "aws"),
                "runner.keyless.plan-role-arn 'tf-plan' is not an IAM role ARN");
        refused(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN, "RUNNER_KEYLESS_AUDIENCE", "aws",
                "RUNNER_KEYLESS_SESSION_DURATION", "PT10M"), "runner.keyless.session-duration PT10M is outside what STS accepts");
        refused(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN, "RUNNER_KEYLESS_AUDIENCE", "aws",
                "RUNNER_KEYLESS_TOKEN_VARIABLE", "MY-TOKEN"), "runner.keyless.token-variable 'MY-TOKEN' is not a variable name");
        refused(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN, "RUNNER_KEYLESS_AUDIENCE", "aws",
                "RUNNER_KEYLESS_ISSUER", "http://gitlab.example.com"), "runner.keyless.jwks-url 'http://gitlab.example.com/oauth/discovery/keys' must be https://");
        assertThatThrownBy(() -> KeylessSettings.from(fromEnv(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN,
                "RUNNER_KEYLESS_AUDIENCE", "aws")), "https://gitlab.example.com", Map.of()))
                .hasMessage("configuring keyless AWS: runner.keyless.region is not set and the runner has no AWS_REGION: "
                        + "set the region of the STS endpoint");
    }

    private static void refused(Map<String, String> env, String message) {
        assertThatThrownBy(() -> KeylessSettings.from(fromEnv(env), "https://gitlab.example.com",
                Map.of("AWS_REGION", "eu-west-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("configuring keyless AWS: " + message);
    }

    @Test
    void roleArnsOfOtherPartitionsAndWithPathsAreAccepted() {
        RunnerConfig.Keyless config = fromEnv(env("RUNNER_KEYLESS_PLAN_ROLE_ARN", "arn:aws-cn:iam::123456789012:role/ci/tf-plan",
                "RUNNER_KEYLESS_AUDIENCE", "aws"));
        assertThat(KeylessSettings.from(config, "https://gitlab.example.com", Map.of("AWS_REGION", "cn-north-1"))
                .map(KeylessSettings::planRoleArn)).isEqualTo(Optional.of("arn:aws-cn:iam::123456789012:role/ci/tf-plan"));
    }
}
