package dev.lambdarunner.secrets;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Optional;

/**
 * Short causes for AWS SDK failures, for messages that already name the call and the secret. AWS's own error
 * messages name principals, actions and resources, never a secret value, and are kept; the SDK's client-side
 * messages (no credentials, no region, connection refused) are cut to their first sentence.
 */
final class AwsFailure {

    private static final int MAX_LENGTH = 300;

    private AwsFailure() {
    }

    /** The AWS error code ({@code AccessDeniedException}, ...) of {@code e} or of a cause, if there is one. */
    static Optional<String> errorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                return Optional.ofNullable(service.awsErrorDetails().errorCode());
            }
        }
        return Optional.empty();
    }

    /** Access denied, or credentials AWS does not accept (both: the caller may not do this). */
    static boolean isAccessDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service && service.statusCode() == 403) {
                return true;
            }
        }
        return errorCode(e).filter(code -> code.equals("AccessDeniedException") || code.equals("AccessDenied")
                || code.equals("UnrecognizedClientException") || code.equals("InvalidSignatureException")).isPresent();
    }

    /** What AWS said, or why the SDK could not ask it. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service) {
                String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
                String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
                return cut((code == null ? "status " + service.statusCode() : code)
                        + (message == null || message.isBlank() ? "" : ": " + message));
            }
            if (t instanceof SdkClientException client) {
                return cut(clientSide(client.getMessage()));
            }
        }
        return cut(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstSentence(e.getMessage())));
    }

    /**
     * For a failure outside an AWS call, typically creating the client (no region, no credentials): a
     * {@link SecretStoreException} when the SDK caused it, else {@code e} itself is thrown on.
     */
    static SecretStoreException outsideCall(String prefix, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SdkException) {
                return new SecretStoreException(prefix + describe(t), e);
            }
        }
        throw e;
    }

    private static String clientSide(String message) {
        if (message != null && message.startsWith("Unable to load region")) {
            return "no AWS region: set AWS_REGION (or quarkus.secretsmanager.aws.region and quarkus.kms.aws.region)";
        }
        if (message != null && message.startsWith("Unable to load credentials")) {
            return "no AWS credentials found (environment, profile, SSO, container or instance role)";
        }
        return firstSentence(message);
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.lines().findFirst().orElse("").trim();
        int stop = line.indexOf(". ");
        return stop > 0 ? line.substring(0, stop) : line;
    }

    private static String cut(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }
}
