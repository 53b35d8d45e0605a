package dev.lambdarunner.testsupport;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.lambda.model.InvocationType;

import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What other tests rely on: a fresh server per start, KMS enforcing the encryption context, Lambda invocations
 * recorded, nothing left behind.
 */
class MotoServerIT {

    @Test
    void servesKmsWithEncryptionContextAndStopsItsWholeProcessTree() throws Exception {
        MotoServer moto = MotoServer.start();
        List<ProcessHandle> processes;
        try {
            KmsClient kms = moto.kms();
            String key = moto.createKey();
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("hello"))
                    .encryptionContext(Map.of("runner", "a"))).ciphertextBlob();

            assertThat(kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(Map.of("runner", "a")))
                    .plaintext().asUtf8String()).isEqualTo("hello");
            assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(Map.of("runner", "b"))))
                    .isInstanceOf(InvalidCiphertextException.class);
            assertThat(moto.childEnvironment()).containsEntry("QUARKUS_KMS_ENDPOINT_OVERRIDE", moto.endpoint().toString())
                    .containsEntry("AWS_REGION", MotoServer.REGION);
            processes = moto.processTree();
            assertThat(processes).allMatch(ProcessHandle::isAlive);
        } finally {
            moto.close();
        }

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        HttpURLConnection connection = (HttpURLConnection) moto.endpoint().resolve("/moto-api/").toURL().openConnection();
        assertThatThrownBy(connection::getResponseCode).isInstanceOf(ConnectException.class);
    }

    @Test
    void lambdaOnAServerRecordsInvocationsLeavesTheServerRunningAndTheServerRemovesTheRecordingOnClose() throws Exception {
        MotoServer moto = MotoServer.start();
        List<ProcessHandle> processes;
        try {
            MotoLambda lambda = MotoLambda.on(moto);
            lambda.createFunction("f");
            lambda.startRecording();
            lambda.client().invoke(r -> r.functionName("f").invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"trigger\":\"webhook\"}")));

            assertThat(lambda.invocations()).containsExactly(
                    new MotoLambda.Invocation("f", "Event", "{\"trigger\":\"webhook\"}"));
            lambda.close();
            assertThat(moto.kms().listKeys().keys()).as("the server outlives a MotoLambda on it").isEmpty();
            processes = moto.processTree();
        } finally {
            moto.close();
        }

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(moto.recording()).doesNotExist();
    }

    @Test
    void theExtensionServesOneServerAndKeyForTheClassAndStopsItAfterwards() {
        MotoServerExtension extension = new MotoServerExtension();
        assertThatThrownBy(extension::server).hasMessageContaining("no moto_server running");

        extension.beforeAll(null);
        MotoServer moto = extension.server();
        List<ProcessHandle> processes = moto.processTree();
        String key = extension.keyArn();
        assertThat(extension.keyArn()).isEqualTo(key);
        assertThat(moto.kms().listKeys().keys()).singleElement().satisfies(k -> assertThat(k.keyArn()).isEqualTo(key));
        assertThat(extension.secretsManagerAccess()).isSameAs(extension.secretsManagerAccess());
        extension.afterAll(null);

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(extension::server).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMotoLambdaOfItsOwnStopsItsServer() {
        MotoLambda lambda = MotoLambda.start();
        List<ProcessHandle> processes = lambda.server().processTree();

        lambda.close();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
    }
}
