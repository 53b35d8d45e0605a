package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.RunnerRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creating runners against the GitLab fake, which asserts the protocol (reference §2.1, §2.2). */
class HttpRunnerRegistrationTest {

    private static final String PAT = "glpat-create-runner-0123456789";
    private final FakeGitLab gitLab = FakeGitLab.start().addAccessToken(PAT, "create_runner")
            .addAccessToken("glpat-read-api-only-0123456", "read_api").allowRegistrationToken("GR1348941legacy");
    private final HttpRunnerRegistration registration = new HttpRunnerRegistration(URI.create(gitLab.url() + "/"),
            RunnerInfo.current("1.2.3"), Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        gitLab.assertNoViolations();
        gitLab.close();
    }

    private static NewRunner projectRunner(int timeout) {
        return new NewRunner(NewRunner.Type.PROJECT, Optional.of(42L), "lambda-terraform runner prod", NewRunner.TAG, "ref_protected",
                timeout);
    }

    @Test
    void createsAProjectRunnerTaggedForTerraformThatCanPollAtOnce() {
        RegistrationResult result = registration.createRunner(projectRunner(840), Secret.of(PAT));

        assertThat(result.created()).isTrue();
        RunnerRegistration created = gitLab.registrations().get(0);
        assertThat(created.legacy()).isFalse();
        assertThat(created.params()).containsEntry("runner_type", "project_type").containsEntry("project_id", "42")
                .containsEntry("tag_list", "lambda-terraform").containsEntry("run_untagged", "false")
                .containsEntry("locked", "true").containsEntry("access_level", "ref_protected")
                .containsEntry("maximum_timeout", "840").containsEntry("description", "lambda-terraform runner prod");
        assertThat(result.runnerId()).contains(created.runner().id());
        assertThat(result.token().map(Secret::value)).contains(created.runner().token());
        assertThat(result.toString()).doesNotContain(created.runner().token());
        assertThat(gitLab.requests("POST", "/api/v4/user/runners").get(0).headers().get("PRIVATE-TOKEN"))
                .containsExactly(PAT);
    }

    @Test
    void groupAndInstanceRunnersSendTheirType() {
        registration.createRunner(new NewRunner(NewRunner.Type.GROUP, Optional.of(7L), "d", NewRunner.TAG, "not_protected", 600), Secret.of(PAT));
        registration.createRunner(new NewRunner(NewRunner.Type.INSTANCE, Optional.empty(), "d", NewRunner.TAG, "not_protected", 600), Secret.of(PAT));

        assertThat(gitLab.registrations()).extracting(r -> r.params().get("runner_type"))
                .containsExactly("group_type", "instance_type");
        assertThat(gitLab.registrations().get(0).params()).containsEntry("group_id", "7");
        assertThat(gitLab.registrations().get(1).params()).doesNotContainKeys("group_id", "project_id");
    }

    @Test
    void anUnknownTokenIs401AndATokenWithoutTheScopeIs403() {
        RegistrationResult unknown = registration.createRunner(projectRunner(840), Secret.of("glpat-unknown-000000000000"));
        RegistrationResult noScope = registration.createRunner(projectRunner(840), Secret.of("glpat-read-api-only-0123456"));

        assertThat(unknown.httpStatus()).isEqualTo(401);
        assertThat(unknown.message()).isEqualTo("401 Unauthorized");
        assertThat(noScope.httpStatus()).isEqualTo(403);
        assertThat(noScope.created()).isFalse();
        assertThat(gitLab.registrations()).isEmpty();
    }

    @Test
    void gitLabsOwnRulesComeBackAsItsMessage() {
        RegistrationResult tooShort = registration.createRunner(projectRunner(300), Secret.of(PAT));

        assertThat(tooShort.httpStatus()).isEqualTo(400);
        assertThat(tooShort.message()).contains("maximum_timeout", "needs to be at least 10 minutes");
    }

    @Test
    void theLegacyFlowSendsTheRegistrationTokenInTheBodyWithInfo() {
        RegistrationResult ok = registration.registerLegacy(projectRunner(840), Secret.of("GR1348941legacy"));
        RegistrationResult bad = registration.registerLegacy(projectRunner(840), Secret.of("GR1348941wrong"));

        assertThat(ok.created()).isTrue();
        assertThat(gitLab.registrations().get(0).legacy()).isTrue();
        assertThat(gitLab.registrations().get(0).params()).containsEntry("tag_list", "lambda-terraform")
                .doesNotContainKey("runner_type").containsKey("info");
        assertThat(bad.httpStatus()).isEqualTo(403);
    }

    @Test
    void anUnreachableGitLabIsAnErrorNamingTheCall() {
        gitLab.close();

        assertThatThrownBy(() -> registration.createRunner(projectRunner(840), Secret.of(PAT)))
                .isInstanceOf(GitLabApiException.class).hasMessage("POST /api/v4/user/runners: connection refused");
    }
}
