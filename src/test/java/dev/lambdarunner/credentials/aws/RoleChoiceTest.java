package dev.lambdarunner.credentials.aws;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoleChoiceTest {

    static final String PLAN = "arn:aws:iam::123456789012:role/tf-plan";
    static final String APPLY = "arn:aws:iam::123456789012:role/tf-apply";

    static KeylessSettings settings(Optional<String> apply, Set<String> projects, boolean requireEnvironment) {
        return new KeylessSettings(PLAN, apply, "sts.amazonaws.com", "GITLAB_OIDC_TOKEN", projects, requireEnvironment,
                "https://gitlab.example.com", URI.create("https://gitlab.example.com/oauth/discovery/keys"),
                Duration.ofMinutes(10), Duration.ofHours(1), "eu-west-1");
    }

    static IdTokenClaims claims(String project, boolean refProtected, Optional<Boolean> environmentProtected) {
        return new IdTokenClaims("sub", project, "main", "branch", refProtected, 1,
                environmentProtected.map(p -> "production"), environmentProtected);
    }

    private final KeylessSettings settings = settings(Optional.of(APPLY), Set.of("group/infra"), false);

    @Test
    void applyRoleForAProtectedRefOfAnAllowListedProject() {
        RoleChoice choice = RoleChoice.decide(settings, claims("group/infra", true, Optional.empty()), true);

        assertThat(choice.kind()).isEqualTo(RoleKind.APPLY);
        assertThat(choice.roleArn()).isEqualTo(APPLY);
        assertThat(choice.reason()).isEmpty();
    }

    @Test
    void projectPathsMatchWhateverTheirCase() {
        assertThat(RoleChoice.decide(settings, claims("Group/Infra", true, Optional.empty()), true).kind())
                .isEqualTo(RoleKind.APPLY);
    }

    @Test
    void planRoleWhenAnyConditionOfTheApplyRoleIsMissingWithTheReason() {
        assertThat(RoleChoice.decide(settings, claims("group/infra", false, Optional.empty()), true))
                .isEqualTo(new RoleChoice(RoleKind.PLAN, PLAN, "ref 'main' is not protected"));
        assertThat(RoleChoice.decide(settings, claims("group/infra", true, Optional.empty()), false))
                .isEqualTo(new RoleChoice(RoleKind.PLAN, PLAN, "the job's payload does not mark ref 'main' protected"));
        assertThat(RoleChoice.decide(settings, claims("group/other", true, Optional.empty()), true))
                .isEqualTo(new RoleChoice(RoleKind.PLAN, PLAN, "project 'group/other' is not in runner.keyless.apply-projects"));
        assertThat(RoleChoice.decide(settings(Optional.of(APPLY), Set.of(), false),
                claims("group/infra", true, Optional.empty()), true).kind()).isEqualTo(RoleKind.PLAN);
        assertThat(RoleChoice.decide(settings(Optional.empty(), Set.of("group/infra"), false),
                claims("group/infra", true, Optional.empty()), true)).isEqualTo(new RoleChoice(RoleKind.PLAN, PLAN, ""));
    }

    @Test
    void aRequiredProtectedEnvironmentMustBeInTheToken() {
        KeylessSettings strict = settings(Optional.of(APPLY), Set.of("group/infra"), true);

        assertThat(RoleChoice.decide(strict, claims("group/infra", true, Optional.of(true)), true).kind())
                .isEqualTo(RoleKind.APPLY);
        assertThat(RoleChoice.decide(strict, claims("group/infra", true, Optional.of(false)), true).reason())
                .isEqualTo("environment 'production' is not protected");
        assertThat(RoleChoice.decide(strict, claims("group/infra", true, Optional.empty()), true).reason())
                .isEqualTo("the job has no environment and runner.keyless.require-protected-environment is set");
    }
}
