package dev.lambdarunner.entry;

import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import io.quarkus.amazon.lambda.runtime.ClientContextImpl;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownContext;

/**
 * quarkus-amazon-lambda's own Runtime-API poll loop ({@code AbstractLambdaPollLoop}: {@code next}, the handler,
 * {@code response} or {@code error}), started by hand for the JVM jar. The extension starts it by itself only in
 * native executables (and in dev/test mode); starting the very same loop here lets the JVM jar serve the Runtime API
 * too, so the Lambda entry of the packaged application can be tested without a native build. It relies on the
 * extension's recorder, which is not a public API: a Quarkus upgrade that changes it fails {@code LambdaEntryIT}.
 * <p>
 * The extension sets up the readers of the {@code Lambda-Runtime-Client-Context} and {@code Lambda-Runtime-Cognito-Identity}
 * headers only where it starts the loop itself; without them every invocation carrying one of those headers (e.g.
 * {@code aws lambda invoke --client-context ...}) fails with a {@code NullPointerException} before the handler runs,
 * so they are set up here first (the Cognito one for a concrete type: the extension's targets an interface).
 * <p>
 * The loop's stop task is not run: disconnecting its pending {@code next} request makes it log an error, while its
 * daemon thread ends quietly with the process (Lambda freezes or ends the process; it never waits for a clean stop).
 */
final class RuntimeApiLoop implements ShutdownContext {

    private RuntimeApiLoop() {
    }

    /** Starts the loop on its own daemon thread; the handler and its JSON mapping were set up by Quarkus's start. */
    static void start() {
        // the extension's own reader targets the CognitoIdentity interface, which Jackson cannot create
        AmazonLambdaMapperRecorder.cognitoIdReader = AmazonLambdaMapperRecorder.objectMapper
                .readerFor(CognitoIdentityHeader.class);
        AmazonLambdaMapperRecorder.clientCtxReader = AmazonLambdaMapperRecorder.objectMapper
                .readerFor(ClientContextImpl.class);
        new AmazonLambdaRecorder(null).startPollLoop(new RuntimeApiLoop(), LaunchMode.NORMAL);
    }

    @Override
    public void addShutdownTask(Runnable task) {
        // not run, see above
    }

    @Override
    public void addLastShutdownTask(Runnable task) {
        // not run, see above
    }
}
