package dev.lambdarunner.cli;

import dev.lambdarunner.config.RunnerConfig;
import dev.lambdarunner.secrets.SecretLocation;
import dev.lambdarunner.secrets.SecretsManagerAccess;
import dev.lambdarunner.secrets.StoredSecrets;
import dev.lambdarunner.testsupport.MotoServerExtension;
import dev.lambdarunner.testsupport.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code secrets put} and {@code secrets show} in process, against moto. */
class PutSecretsCommandIT {

    private static final String TOKEN = "glrt-t1_put" + UUID.randomUUID().toString().replace("-", "");
    private static final String SCW_KEY = "SCWKEY" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    private static final String SCW_SECRET = "scw-secret-" + UUID.randomUUID();

    @RegisterExtension
    static final MotoServerExtension moto = new MotoServerExtension();

    private final String secretId = "runner/" + UUID.randomUUID();
    private final Map<String, String> env = new HashMap<>(Map.of("SCW_ACCESS_KEY", SCW_KEY, "PROD_SCW_SECRET", SCW_SECRET));

    private RunnerConfig config() {
        return TestConfig.runner(Map.of("runner.secrets.secret-id", secretId, "runner.secrets.kms-key-id", moto.keyArn(),
                "runner.secrets.runner-name", "prod"));
    }

    private CliResult put(String stdin, String... args) {
        OperatorInput input = new OperatorInput(env::get, new StringReader(stdin), null);
        return CliResult.run(putCommand(config(), input), args);
    }

    private static PutSecretsCommand putCommand(RunnerConfig config, OperatorInput input) {
        return new PutSecretsCommand(new SecretDocumentWriter(moto.secretsManagerAccess(), config, input));
    }

    private CliResult show() {
        return CliResult.run(new ShowSecretsCommand(moto.secretsManagerAccess(), config()));
    }

    private StoredSecrets stored() throws Exception {
        return moto.secretsManagerAccess().reader(new SecretLocation(secretId, Optional.of(moto.keyArn()), "prod"))
                .read();
    }

    @Test
    void storesTokenAndCredentialSetsFromTheEnvironmentAndShowPrintsOnlyNames() throws Exception {
        env.put("RUNNER_GITLAB_TOKEN", TOKEN);

        CliResult put = put("", "--credential-set", "scaleway", "--scope", "protected-refs-only",
                "--from-env", "SCW_ACCESS_KEY,SCW_SECRET_KEY=PROD_SCW_SECRET");
        CliResult show = show();

        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("created secret arn:aws:secretsmanager:", "encrypted with " + moto.keyArn(),
                "for runner prod", "credential set scaleway (protected-refs-only): SCW_ACCESS_KEY, SCW_SECRET_KEY",
                "every put replaces the whole document");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("kms key: " + moto.keyArn(), "runner: prod", "runner token: set",
                "webhook secret: not set", "credential set scaleway (protected-refs-only): SCW_ACCESS_KEY, SCW_SECRET_KEY");
        assertThat(put.all() + show.all()).doesNotContain(TOKEN, SCW_KEY, SCW_SECRET);
        assertThat(stored().secrets().credentialSets().get("scaleway").values().get("SCW_SECRET_KEY").value())
                .isEqualTo(SCW_SECRET);
    }

    @Test
    void readsTokenAndWebhookSecretFromStdinLineByLine() throws Exception {
        CliResult put = put(TOKEN + "\nhook-secret-from-stdin\n", "--runner-token-stdin", "--webhook-secret-stdin");

        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(stored().secrets().runnerToken().value()).isEqualTo(TOKEN);
        assertThat(stored().secrets().webhookSecret().orElseThrow().value()).isEqualTo("hook-secret-from-stdin");
        assertThat(put.all()).doesNotContain(TOKEN, "hook-secret-from-stdin");
    }

    @Test
    void aGeneratedWebhookSecretIsPrintedOnceAndStored() throws Exception {
        env.put("RUNNER_GITLAB_TOKEN", TOKEN);

        CliResult put = put("", "--generate-webhook-secret");

        String stored = stored().secrets().webhookSecret().orElseThrow().value();
        assertThat(stored).matches("[A-Za-z0-9_-]{43}");
        assertThat(put.out()).containsOnlyOnce(stored).contains("webhook secret (paste it into GitLab's job webhook");
        assertThat(put.out()).doesNotContain(TOKEN);
    }

    @Test
    void aPutReplacesTheWholeDocument() throws Exception {
        env.put("RUNNER_GITLAB_TOKEN", TOKEN);
        put("", "--credential-set", "scaleway", "--scope", "all-refs", "--from-env", "SCW_ACCESS_KEY");

        CliResult second = put("");

        assertThat(second.out()).contains("stored a new version of secret", "credential sets: none");
        assertThat(stored().secrets().credentialSets()).isEmpty();
    }

    @Test
    void badInputIsAUsageErrorAndNothingIsStored() {
        CliResult noToken = put("");
        env.put("RUNNER_GITLAB_TOKEN", TOKEN);
        CliResult missingVar = put("", "--credential-set", "scw", "--scope", "all-refs", "--from-env", "NOT_SET_ANYWHERE");
        CliResult badScope = put("", "--credential-set", "scw", "--scope", "main", "--from-env", "SCW_ACCESS_KEY");
        CliResult reserved = put("", "--credential-set", "scw", "--scope", "all-refs", "--from-env", "AWS_SECRET_ACCESS_KEY=SCW_ACCESS_KEY");
        CliResult emptyStdin = put("", "--runner-token-stdin");

        assertThat(noToken.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noToken.err()).contains("missing runner token: set RUNNER_GITLAB_TOKEN or pass --runner-token-stdin");
        assertThat(missingVar.err()).contains("credential set scw: NOT_SET_ANYWHERE is not set in the environment");
        assertThat(badScope.err()).contains("--scope must be protected-refs-only or all-refs, not 'main'");
        assertThat(reserved.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(reserved.err()).contains("error: credential set scw: 'AWS_SECRET_ACCESS_KEY' is reserved");
        assertThat(emptyStdin.err()).contains("expected the runner token on stdin, got end of input");
        for (CliResult r : new CliResult[] {noToken, missingVar, badScope, reserved, emptyStdin}) {
            assertThat(r.all()).doesNotContain(TOKEN, SCW_KEY, "Exception");
        }
        assertThat(show().err()).contains("reading secret " + secretId + ": not found");
    }

    @Test
    void withoutAKeyPutSaysHowToGiveOneAndShowNeedsNone() {
        env.put("RUNNER_GITLAB_TOKEN", TOKEN);
        OperatorInput input = new OperatorInput(env::get, new StringReader(""), null);
        RunnerConfig noKey = TestConfig.runner(Map.of("runner.secrets.secret-id", secretId));

        CliResult put = CliResult.run(putCommand(noKey, input));
        CliResult show = CliResult.run(new ShowSecretsCommand(moto.secretsManagerAccess(), noKey));

        assertThat(put.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(put.err()).contains("needs a KMS key: pass --kms-key-id or set RUNNER_SECRETS_KMS_KEY_ID");
        assertThat(show.exitCode()).isEqualTo(ExitCodes.SECRET_ERROR);
    }
}
