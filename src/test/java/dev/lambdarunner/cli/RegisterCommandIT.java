package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretsManagerAccess;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.MotoServer;
import dev.lambdarunner.testsupport.MotoServerExtension;
import dev.lambdarunner.testsupport.RunnerRegistration;
import dev.lambdarunner.testsupport.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code register} in process, against the GitLab fake and moto. */
class RegisterCommandIT {

    private static final String PAT = "glpat-" + UUID.randomUUID().toString().replace("-", "");

    @RegisterExtension
    static final MotoServerExtension moto = new MotoServerExtension();

    private final FakeGitLab gitLab = FakeGitLab.start().addAccessToken(PAT, "create_runner", "api")
            .addAccessToken("glpat-no-scope-000000000000", "read_api");
    private final String secretId = "runner/" + UUID.randomUUID();
    private final Map<String, String> env = new HashMap<>(Map.of("GITLAB_TOKEN", PAT, "HCLOUD_TOKEN", "hcloud-" + UUID.randomUUID()));

    @AfterEach
    void stopGitLab() {
        gitLab.assertNoViolations();
        gitLab.close();
    }

    private final Map<String, String> extraConfig = new HashMap<>();

    private RunnerConfig config() {
        Map<String, String> config = new HashMap<>(Map.of("runner.gitlab.url", gitLab.url(), "runner.secrets.secret-id", secretId,
                "runner.secrets.kms-key-id", moto.keyArn(), "runner.secrets.runner-name", "prod"));
        config.putAll(extraConfig);
        return TestConfig.runner(config);
    }

    private CliResult register(String stdin, String... args) {
        return register(moto.secretsManagerAccess(), stdin, args);
    }

    private CliResult register(SecretsManagerAccess through, String stdin, String... args) {
        OperatorInput input = new OperatorInput(env::get, new StringReader(stdin), null);
        RunnerConfig config = config();
        return CliResult.run(new RegisterCommand(new SecretDocumentWriter(through, config, input), config), args);
    }

    private String storedToken() throws Exception {
        return moto.secretsManagerAccess().reader(new SecretLocation(secretId, Optional.of(moto.keyArn()), "prod"))
                .load().runnerToken().value();
    }

    @Test
    void createsTheRunnerInGitLabAndStoresItsTokenInTheSecret() throws Exception {
        CliResult result = register("", "--project-id", "42", "--access-level", "ref_protected",
                "--credential-set", "hetzner", "--scope", "protected-refs-only", "--from-env", "HCLOUD_TOKEN");

        assertThat(result.exitCode()).as(result.err()).isZero();
        RunnerRegistration created = gitLab.registrations().get(0);
        assertThat(created.params()).containsEntry("runner_type", "project_type").containsEntry("project_id", "42")
                .containsEntry("tag_list", "lambda-terraform").containsEntry("run_untagged", "false")
                .containsEntry("locked", "true").containsEntry("maximum_timeout", "720")
                .containsEntry("access_level", "ref_protected").containsEntry("description", "lambda-terraform runner prod");
        assertThat(storedToken()).isEqualTo(created.runner().token());
        assertThat(result.out()).contains("created runner " + created.runner().id() + " in GitLab (project_type 42",
                "created secret", "credential set hetzner (protected-refs-only): HCLOUD_TOKEN");
        assertThat(result.all()).doesNotContain(created.runner().token(), PAT, env.get("HCLOUD_TOKEN"));
    }

    @Test
    void theApplyRunnerIsRegisteredRefProtectedWithItsOwnTag() throws Exception {
        CliResult result = register("", "--project-id", "42", "--access-level", "ref_protected",
                "--tag", "lambda-terraform-apply");

        assertThat(result.exitCode()).as(result.err()).isZero();
        RunnerRegistration created = gitLab.registrations().get(0);
        assertThat(created.params()).containsEntry("tag_list", "lambda-terraform-apply")
                .containsEntry("access_level", "ref_protected").containsEntry("run_untagged", "false");
        assertThat(result.out()).contains("tag lambda-terraform-apply, locked, run_untagged=false, access_level=ref_protected");
        assertThat(storedToken()).isEqualTo(created.runner().token());
    }

    @Test
    void thePlanRunnerIsNotProtectedByDefaultAndTheApplyTagNeverIs() {
        CliResult unprotectedApply = register("", "--project-id", "42", "--tag", "lambda-terraform-apply");
        CliResult plan = register("", "--project-id", "42");

        assertThat(unprotectedApply.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unprotectedApply.err()).contains("--tag lambda-terraform-apply needs --access-level ref_protected");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(gitLab.registrations()).singleElement().satisfies(r -> assertThat(r.params())
                .containsEntry("tag_list", "lambda-terraform").containsEntry("access_level", "not_protected"));
    }

    @Test
    void aPlanRunnerRefusesProtectedSetsBeforeAnythingIsCreated() {
        extraConfig.put("runner.secrets.protected-sets", "false");

        CliResult result = register("", "--project-id", "42", "--credential-set", "hetzner", "--scope",
                "protected-refs-only", "--from-env", "HCLOUD_TOKEN");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("holds protected-refs-only credential set(s) hetzner, but"
                + " runner.secrets.protected-sets is false");
        assertThat(gitLab.registrations()).isEmpty();
        assertThat(moto.server().secretsManager().listSecrets().secretList()).noneMatch(s -> s.name().equals(secretId));
        assertThat(result.all()).doesNotContain(env.get("HCLOUD_TOKEN"));
    }

    @Test
    void aRefusedAccessTokenStoresNothing() {
        CliResult unknown = register("glpat-unknown-1111111111\n", "--group-id", "7", "--access-token-stdin");
        env.put("GITLAB_TOKEN", "glpat-no-scope-000000000000");
        CliResult noScope = register("", "--instance");

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.GITLAB_REFUSED);
        assertThat(unknown.err()).contains("POST /api/v4/user/runners answered 401: GitLab rejected the access token",
                "nothing was stored");
        assertThat(noScope.exitCode()).isEqualTo(ExitCodes.GITLAB_REFUSED);
        assertThat(noScope.err()).contains("answered 403: the access token may not create this runner: it needs the"
                + " create_runner scope");
        assertThat(moto.server().secretsManager().listSecrets().secretList()).noneMatch(s -> s.name().equals(secretId));
        assertThat(unknown.all() + noScope.all()).doesNotContain("glpat-unknown-1111111111", "glpat-no-scope-000000000000");
    }

    @Test
    void settingsGitLabOrLambdaWouldRefuseAreRefusedBeforeAnythingIsCreated() {
        CliResult longTimeout = register("", "--project-id", "42", "--maximum-timeout", "900");
        CliResult shortTimeout = register("", "--project-id", "42", "--maximum-timeout", "300");
        CliResult nowhere = register("");
        CliResult reserved = register("", "--project-id", "42", "--credential-set", "x", "--scope", "all-refs",
                "--from-env", "TF_CLI_ARGS=HCLOUD_TOKEN");
        CliResult bothIds = register("", "--project-id", "42", "--group-id", "7");

        assertThat(longTimeout.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(longTimeout.err()).contains("--maximum-timeout must be 600-840 seconds, was 900");
        assertThat(shortTimeout.err()).contains("was 300: GitLab refuses less than 600");
        assertThat(nowhere.err()).contains("missing where the runner belongs: pass --project-id, --group-id or --instance");
        assertThat(reserved.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(reserved.err()).contains("'TF_CLI_ARGS' is reserved");
        assertThat(bothIds.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(gitLab.registrations()).isEmpty();
    }

    @Test
    void theLegacyFlowNeedsItsFlagAndWarns() throws Exception {
        gitLab.allowRegistrationToken("GR1348941abcdef");
        env.put("GITLAB_REGISTRATION_TOKEN", "GR1348941abcdef");

        CliResult withScope = register("", "--legacy-registration-token", "--project-id", "42");
        CliResult legacy = register("", "--legacy-registration-token");

        assertThat(withScope.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(legacy.exitCode()).as(legacy.err()).isZero();
        assertThat(legacy.err()).contains("warning: registration tokens are deprecated");
        assertThat(gitLab.registrations()).singleElement().satisfies(r -> assertThat(r.legacy()).isTrue());
        assertThat(storedToken()).isEqualTo(gitLab.registrations().get(0).runner().token());
        assertThat(legacy.all()).doesNotContain("GR1348941abcdef");
    }

    @Test
    void whenStoringFailsAfterGitLabCreatedTheRunnerItSaysWhichRunnerToDelete() {
        // an operator allowed to look the secret up but not to encrypt: the check passes, the put fails
        try (MotoServer iam = MotoServer.startEnforcingIamAfter(4)) {
            String iamKey = iam.createKey();
            IamClient admin = iam.client(IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL));
            admin.createUser(r -> r.userName("operator"));
            admin.putUserPolicy(r -> r.userName("operator").policyName("describe-only").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"secretsmanager:DescribeSecret\"],\"Resource\":\"*\"}]}"));
            AccessKey operator = admin.createAccessKey(r -> r.userName("operator")).accessKey();
            SecretsManagerAccess limited = SecretsManagerAccess.of(
                    iam.client(SecretsManagerClient.builder(), operator.accessKeyId(), operator.secretAccessKey()),
                    iam.client(KmsClient.builder(), operator.accessKeyId(), operator.secretAccessKey()));

            CliResult result = register(limited, "", "--project-id", "42", "--kms-key-id", iamKey);

            RunnerRegistration created = gitLab.registrations().get(0);
            assertThat(result.exitCode()).isEqualTo(ExitCodes.RUNNER_NOT_STORED);
            assertThat(result.err()).contains("GitLab created runner " + created.runner().id() + ", but storing its token"
                    + " failed: encrypting the secret document with KMS key " + iamKey + ": access denied (the caller needs"
                    + " kms:Encrypt", "delete runner " + created.runner().id() + " in GitLab");
            assertThat(result.all()).doesNotContain(created.runner().token());
        }
    }
}
