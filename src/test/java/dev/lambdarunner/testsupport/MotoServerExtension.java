package dev.lambdarunner.testsupport;

import dev.lambdarunner.secrets.SecretsManagerAccess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link MotoServer} for a whole test class, started before its {@code @BeforeAll} methods and stopped after
 * its last test, so a test class never starts or stops {@code moto_server} by hand:
 * <pre>{@code
 * @RegisterExtension
 * static final MotoServerExtension moto = new MotoServerExtension();
 *
 * moto.server().kms();          // any client of the running server
 * moto.keyArn();                // the class's KMS key
 * moto.secretsManagerAccess();  // the runner's Secrets Manager + KMS access on it
 * }</pre>
 * The field must be static: JUnit calls an instance field's extension only around each test, never before all.
 * A test that needs a server of its own (e.g. {@link MotoServer#startEnforcingIamAfter}) still starts one in a
 * try-with-resources.
 */
public final class MotoServerExtension implements BeforeAllCallback, AfterAllCallback {

    private MotoServer server;
    private String keyArn;
    private SecretsManagerAccess access;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        server = MotoServer.start();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        MotoServer running = server;
        server = null;
        keyArn = null;
        access = null;
        if (running != null) {
            running.close();
        }
    }

    /** The running server of the current test class. */
    public synchronized MotoServer server() {
        if (server == null) {
            throw new IllegalStateException("no moto_server running: register MotoServerExtension on a static field"
                    + " with @RegisterExtension");
        }
        return server;
    }

    /** A symmetric KMS key on the server, created on first use and the same for the rest of the class. */
    public synchronized String keyArn() {
        if (keyArn == null) {
            keyArn = server().createKey();
        }
        return keyArn;
    }

    /** The runner's Secrets Manager and KMS access, bound to the server's default credentials. */
    public synchronized SecretsManagerAccess secretsManagerAccess() {
        if (access == null) {
            access = SecretsManagerAccess.of(server().secretsManager(), server().kms());
        }
        return access;
    }
}
