package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretDocumentTest {

    private static final String TOKEN = "glrt-t1_AbCdEfGhIjKlMnOpQrSt";
    private static final String KEY = "SCWACCESSKEY000000001";
    private static final String SECRET = "scw-secret-0000-1111-2222";

    private static RunnerSecrets parse(String json) throws SecretDocumentException {
        return SecretDocument.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String set(String name, String scope, String values) {
        return "\"" + name + "\":{\"scope\":\"" + scope + "\",\"values\":{" + values + "}}";
    }

    private static String document(String sets) {
        return "{\"version\":1,\"runner_token\":\"" + TOKEN + "\",\"credential_sets\":{" + sets + "}}";
    }

    @Test
    void readsTheDocumentAndIgnoresFieldsItDoesNotKnow() throws Exception {
        RunnerSecrets secrets = parse("{\"version\":1,\"runner_token\":\"" + TOKEN + "\",\"webhook_secret\":\"hook-secret-1\","
                + "\"written_by\":\"a newer runner\",\"credential_sets\":{" + set("scaleway", "protected-refs-only",
                "\"SCW_ACCESS_KEY\":\"" + KEY + "\",\"SCW_SECRET_KEY\":\"" + SECRET + "\"") + "}}");

        assertThat(secrets.runnerToken().value()).isEqualTo(TOKEN);
        assertThat(secrets.webhookSecret()).map(Secret::value).contains("hook-secret-1");
        CredentialSet scaleway = secrets.credentialSets().get("scaleway");
        assertThat(scaleway.scope()).isEqualTo(CredentialSet.Scope.PROTECTED_REFS_ONLY);
        assertThat(scaleway.values().get("SCW_SECRET_KEY").value()).isEqualTo(SECRET);
        assertThat(secrets.valuesToMask()).extracting(Secret::value).containsExactlyInAnyOrder(TOKEN, "hook-secret-1", KEY, SECRET);
    }

    @Test
    void writesSetsAndVariablesInNameOrderSoTheSameSecretsGiveTheSameBytes() throws Exception {
        RunnerSecrets secrets = new RunnerSecrets(Secret.of(TOKEN), Optional.empty(), Map.of(
                "zeta", new CredentialSet(CredentialSet.Scope.ALL_REFS, Map.of("B_KEY", Secret.of(SECRET), "A_KEY", Secret.of(KEY))),
                "alpha", new CredentialSet(CredentialSet.Scope.PROTECTED_REFS_ONLY, Map.of("C_KEY", Secret.of(KEY)))));

        String json = new String(SecretDocument.render(secrets), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"version\":1,\"runner_token\":\"" + TOKEN + "\",\"credential_sets\":{"
                + "\"alpha\":{\"scope\":\"protected-refs-only\",\"values\":{\"C_KEY\":\"" + KEY + "\"}},"
                + "\"zeta\":{\"scope\":\"all-refs\",\"values\":{\"A_KEY\":\"" + KEY + "\",\"B_KEY\":\"" + SECRET + "\"}}}}");
    }

    static Stream<Arguments> refusedDocuments() {
        return Stream.of(
                Arguments.of("not JSON", "{\"version\":1,\"runner_token\":" + TOKEN + "}", "not valid JSON"),
                Arguments.of("repeated field", "{\"version\":1,\"runner_token\":\"" + TOKEN + "\",\"runner_token\":\"" + SECRET + "\"}",
                        "repeats a field"),
                Arguments.of("an array", "[\"" + TOKEN + "\"]", "not a JSON object"),
                Arguments.of("no version", "{\"runner_token\":\"" + TOKEN + "\"}", "has no version"),
                Arguments.of("newer version", "{\"version\":2,\"runner_token\":\"" + TOKEN + "\"}",
                        "version 2 is not supported: this runner reads version 1 (a newer runner wrote it"),
                Arguments.of("no token", "{\"version\":1,\"webhook_secret\":\"" + SECRET + "\"}", "has no runner_token"),
                Arguments.of("token with a space", "{\"version\":1,\"runner_token\":\"glrt- " + SECRET + "\"}",
                        "runner_token must be visible ASCII"),
                Arguments.of("numeric webhook secret", "{\"version\":1,\"runner_token\":\"" + TOKEN + "\",\"webhook_secret\":12345678}",
                        "webhook_secret must be a non-empty string"),
                Arguments.of("unknown scope", document(set("scw", "main-only", "\"SCW_KEY\":\"" + SECRET + "\"")),
                        "credential set scw: scope must be protected-refs-only or all-refs"),
                Arguments.of("no values", document(set("scw", "all-refs", "")), "credential set scw needs values"),
                Arguments.of("bad set name", document(set("Scale Way", "all-refs", "\"SCW_KEY\":\"" + SECRET + "\"")),
                        "a credential set has an invalid name"),
                Arguments.of("bad variable name", document(set("scw", "all-refs", "\"1SCW\":\"" + SECRET + "\"")),
                        "credential set scw: a variable name must be letters, digits and '_'"),
                Arguments.of("PATH", document(set("scw", "all-refs", "\"PATH\":\"" + SECRET + "\"")),
                        "'PATH' is reserved: the sandbox sets it"),
                Arguments.of("lower-case path", document(set("scw", "all-refs", "\"path\":\"" + SECRET + "\"")), "'path' is reserved"),
                Arguments.of("AWS_*", document(set("scw", "all-refs", "\"AWS_SECRET_ACCESS_KEY\":\"" + SECRET + "\"")),
                        "names starting with AWS_ belong to"),
                Arguments.of("TF_CLI_ARGS", document(set("scw", "all-refs", "\"TF_CLI_ARGS\":\"" + SECRET + "\"")),
                        "names starting with TF_ belong to"),
                Arguments.of("CI_*", document(set("scw", "all-refs", "\"CI_JOB_TOKEN\":\"" + SECRET + "\"")), "starting with CI_"),
                Arguments.of("LD_PRELOAD", document(set("scw", "all-refs", "\"LD_PRELOAD\":\"" + SECRET + "\"")), "starting with LD_"),
                Arguments.of("short value", document(set("scw", "all-refs", "\"SCW_REGION\":\"fr-par\"")),
                        "the value of SCW_REGION is shorter than 8 characters"),
                Arguments.of("same variable in two sets of one scope",
                        document(set("a", "all-refs", "\"SCW_KEY\":\"" + SECRET + "\"") + ","
                                + set("b", "all-refs", "\"SCW_KEY\":\"" + KEY + "\"")),
                        "credential sets a and b both define SCW_KEY for all-refs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDocuments")
    void refusesWithAMessageNamingTheRuleButNoValue(String what, String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(SecretDocumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN, SECRET, KEY, "fr-par", "Scale Way"));
    }

    @Test
    void allowsTerraformInputVariablesAndTheSameVariableInSetsOfDifferentScopes() throws Exception {
        RunnerSecrets secrets = parse(document(set("plan", "all-refs", "\"TF_VAR_scw_key\":\"" + KEY + "\"") + ","
                + set("apply", "protected-refs-only", "\"TF_VAR_scw_key\":\"" + SECRET + "\"")));

        assertThat(secrets.credentialSets()).containsOnlyKeys("plan", "apply");
    }

    @Test
    void writingChecksTheSameRules() {
        RunnerSecrets reserved = new RunnerSecrets(Secret.of(TOKEN), Optional.empty(), Map.of("scw",
                new CredentialSet(CredentialSet.Scope.ALL_REFS, Map.of("HOME", Secret.of(SECRET)))));

        assertThatThrownBy(() -> SecretDocument.render(reserved)).isInstanceOf(SecretDocumentException.class)
                .hasMessage("credential set scw: 'HOME' is reserved: the sandbox sets it for every job");
    }

    @Test
    void printsNoValue() throws Exception {
        RunnerSecrets secrets = parse("{\"version\":1,\"runner_token\":\"" + TOKEN + "\",\"webhook_secret\":\"" + KEY + "\","
                + "\"credential_sets\":{" + set("scw", "all-refs", "\"SCW_SECRET_KEY\":\"" + SECRET + "\"") + "}}");

        assertThat(secrets.toString()).contains("scw", "SCW_SECRET_KEY", "[MASKED]").doesNotContain(TOKEN, KEY, SECRET);
    }
}
