package dev.lambdarunner.secrets;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.MotoServer;
import dev.lambdarunner.testsupport.MotoServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writing and reading the secret document against moto's Secrets Manager and KMS, which enforce the KMS
 * encryption context (a Decrypt under another context fails with InvalidCiphertextException, as in AWS).
 */
class SecretsManagerSecretsMotoIT {

    private static final String TOKEN = "glrt-t1_moto" + UUID.randomUUID().toString().replace("-", "");
    private static final String SCW_SECRET = "scw-secret-" + UUID.randomUUID();

    @RegisterExtension
    static final MotoServerExtension moto = new MotoServerExtension();

    static SecretsManagerClient secretsManager;
    static String key;
    static String otherKey;
    static SecretsManagerAccess access;

    @BeforeAll
    static void keys() {
        secretsManager = moto.server().secretsManager();
        key = moto.keyArn();
        otherKey = moto.server().createKey();
        access = moto.secretsManagerAccess();
    }

    private static String newSecretId() {
        return "runner/" + UUID.randomUUID();
    }

    private static SecretLocation at(String secretId, String runner) {
        return new SecretLocation(secretId, Optional.of(key), runner);
    }

    private static RunnerSecrets secrets() {
        return new RunnerSecrets(Secret.of(TOKEN), Optional.of(Secret.of("hook-secret-value")), Map.of("scaleway",
                new CredentialSet(CredentialSet.Scope.PROTECTED_REFS_ONLY, Map.of("SCW_SECRET_KEY", Secret.of(SCW_SECRET)))));
    }

    @Test
    void putCreatesTheSecretThenPutsNewVersionsAndTheReaderDecryptsTheLatest() throws Exception {
        String id = newSecretId();
        SecretsManagerWriter writer = access.writer(at(id, "runner-a"));

        PutResult created = writer.put(secrets());
        PutResult updated = writer.put(new RunnerSecrets(Secret.of(TOKEN + "2"), Optional.empty(), Map.of()));
        StoredSecrets read = access.reader(at(id, "runner-a")).read();

        assertThat(created.created()).isTrue();
        assertThat(updated.created()).isFalse();
        assertThat(updated.secretArn()).isEqualTo(created.secretArn());
        assertThat(read.versionId()).isEqualTo(updated.versionId());
        assertThat(read.keyId()).isEqualTo(key);
        assertThat(read.secrets().runnerToken().value()).isEqualTo(TOKEN + "2");
        assertThat(read.secrets().credentialSets()).as("put replaces the whole document").isEmpty();
    }

    @Test
    void theSecretHoldsOnlyCiphertextAndNamesItsKeyAndRunner() throws Exception {
        String id = newSecretId();
        access.writer(at(id, "runner-a")).put(secrets());

        String stored = secretsManager.getSecretValue(r -> r.secretId(id)).secretString();

        assertThat(stored).contains("\"format\":\"lambda-runner-secret\"", "\"kms_key_id\":\"" + key + "\"",
                "\"encryption_context\":{\"runner\":\"runner-a\"}").doesNotContain(TOKEN, SCW_SECRET, "hook-secret-value");
        assertThat(access.reader(at(id, "runner-a")).load().credentialSets().get("scaleway").values().get("SCW_SECRET_KEY")
                .value()).isEqualTo(SCW_SECRET);
    }

    @Test
    void aReaderWithAnotherRunnerNameIsToldWhichRunnerTheSecretIsFor() throws Exception {
        String id = newSecretId();
        access.writer(at(id, "runner-a")).put(secrets());

        assertThatThrownBy(() -> access.reader(at(id, "runner-b")).load()).isInstanceOf(SecretStoreException.class)
                .hasMessage("decrypting secret " + id + ": it was encrypted for runner 'runner-a', this runner is"
                        + " 'runner-b' (runner.secrets.runner-name); the KMS encryption context must match");
    }

    @Test
    void kmsItselfRefusesTheCiphertextUnderAnotherEncryptionContext() throws Exception {
        String id = newSecretId();
        access.writer(at(id, "runner-a")).put(secrets());
        // someone edits the clear-text hint: KMS still binds the ciphertext to runner=runner-a
        String tampered = secretsManager.getSecretValue(r -> r.secretId(id)).secretString()
                .replace("\"runner\":\"runner-a\"", "\"runner\":\"runner-b\"");
        secretsManager.putSecretValue(r -> r.secretId(id).secretString(tampered));

        assertThatThrownBy(() -> access.reader(at(id, "runner-b")).load()).isInstanceOf(SecretStoreException.class)
                .hasMessage("decrypting secret " + id + ": KMS refused it under encryption context runner=runner-b:"
                        + " it was encrypted for another runner, or the ciphertext was changed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void aReaderPinnedToAnotherKeyFailsNamingThatKey() throws Exception {
        String id = newSecretId();
        access.writer(at(id, "runner-a")).put(secrets());

        // moto answers AccessDeniedException where AWS answers IncorrectKeyException; both name the secret and key
        assertThatThrownBy(() -> access.reader(new SecretLocation(id, Optional.of(otherKey), "runner-a")).load())
                .isInstanceOf(SecretStoreException.class)
                .hasMessageStartingWith("decrypting secret " + id + ": ")
                .hasMessageContaining(otherKey);
    }

    @Test
    void aMissingSecretIsNamedAndSaysHowToCreateIt() {
        String id = newSecretId();

        assertThatThrownBy(() -> access.reader(at(id, "runner-a")).load())
                .hasMessage("reading secret " + id + ": not found (check runner.secrets.secret-id and the region;"
                        + " 'secrets put' creates it)");
    }

    @Test
    void aSecretNotWrittenByPutIsRefusedWithoutShowingItsContent() {
        String plain = newSecretId();
        secretsManager.createSecret(r -> r.name(plain).secretString("{\"token\":\"" + TOKEN + "\"}"));
        String binary = newSecretId();
        secretsManager.createSecret(r -> r.name(binary).secretBinary(SdkBytes.fromUtf8String(TOKEN)));

        assertThatThrownBy(() -> access.reader(at(plain, "runner-a")).load())
                .hasMessageContaining("reading secret " + plain + ": it does not hold a runner secret envelope")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThatThrownBy(() -> access.reader(at(binary, "runner-a")).load())
                .hasMessageContaining("reading secret " + binary + ": it holds binary data");
    }

    @Test
    void aDocumentOverKmsLimitIsRefusedBeforeAnythingIsStored() {
        String id = newSecretId();
        Map<String, Secret> values = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            values.put("SCW_KEY_" + i, Secret.of("v".repeat(100)));
        }
        RunnerSecrets big = new RunnerSecrets(Secret.of(TOKEN), Optional.empty(),
                Map.of("big", new CredentialSet(CredentialSet.Scope.ALL_REFS, values)));

        assertThatThrownBy(() -> access.writer(at(id, "runner-a")).put(big)).isInstanceOf(SecretDocumentException.class)
                .hasMessageMatching("secret document is \\d+ bytes, over the 4096 bytes KMS encrypts directly: drop or"
                        + " shorten credential sets");
        assertThatThrownBy(() -> secretsManager.describeSecret(r -> r.secretId(id)))
                .hasMessageContaining("can't find the specified secret");
    }

    @Test
    void writingNeedsAKeyAndCannotCreateASecretByArn() {
        assertThatThrownBy(() -> access.writer(new SecretLocation("s", Optional.empty(), "runner-a")))
                .hasMessage("writing secret s needs a KMS key: pass --kms-key-id or set RUNNER_SECRETS_KMS_KEY_ID");
        String arn = "arn:aws:secretsmanager:" + MotoServer.REGION + ":123456789012:secret:nothing-here-AbCdEf";
        assertThatThrownBy(() -> access.writer(at(arn, "runner-a")).put(secrets()))
                .hasMessage("writing secret " + arn + ": no secret has this ARN; give a name instead to create it");
    }

    @Test
    void aSecretScheduledForDeletionIsNotWrittenTo() throws Exception {
        String id = newSecretId();
        access.writer(at(id, "runner-a")).put(secrets());
        secretsManager.deleteSecret(r -> r.secretId(id).recoveryWindowInDays(7L));

        assertThatThrownBy(() -> access.writer(at(id, "runner-a")).put(secrets()))
                .hasMessage("writing secret " + id + ": it is scheduled for deletion: restore it"
                        + " (aws secretsmanager restore-secret) or use another name");
    }
}
