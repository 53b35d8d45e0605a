package dev.lambdarunner.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link MotoServer} for {@code @QuarkusTest}: listed in a test profile's {@code testResources()} (so that it
 * serves only that profile's tests; a bare {@code @QuarkusTestResource} would apply to every Quarkus test), it
 * starts a server with a KMS key, points the Quarkiverse Secrets Manager and KMS clients at it, sets
 * {@code runner.secrets.kms-key-id} to the key's ARN, and stops the server after the test class. The test reaches
 * the server through {@link #current()} and the key through {@link #keyArn()} (one application runs at a time).
 */
public class MotoTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile MotoServer current;
    private static volatile String keyArn;

    /** The running server of the current test class. */
    public static MotoServer current() {
        MotoServer server = current;
        if (server == null) {
            throw new IllegalStateException("no MotoTestResource running: list it in the test profile's"
                    + " testResources()");
        }
        return server;
    }

    /** The ARN of the KMS key created at start. */
    public static String keyArn() {
        current();
        return keyArn;
    }

    @Override
    public Map<String, String> start() {
        MotoServer server = MotoServer.start();
        current = server;
        keyArn = server.createKey();
        Map<String, String> config = new LinkedHashMap<>(server.quarkusConfig());
        config.put("runner.secrets.kms-key-id", keyArn);
        return config;
    }

    @Override
    public void stop() {
        MotoServer server = current;
        current = null;
        if (server != null) {
            server.close();
        }
    }
}
