package dev.lambdarunner.invoke;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link FunctionInvoker} over the AWS SDK's Lambda client with the {@code HttpURLConnection} transport (no
 * Netty, no CRT: small, and native-image friendly). Region and credentials come from the SDK's default chains.
 * Thread-safe; one client is reused for every call (warm invocations do not pay for a new one).
 */
public final class SdkFunctionInvoker implements FunctionInvoker, AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final LambdaClient client;

    private SdkFunctionInvoker(LambdaClient client) {
        this.client = client;
    }

    /**
     * @param endpoint    instead of the region's public endpoint (a VPC endpoint, a local stand-in)
     * @param callTimeout the longest one call may take, retries included; a synchronous invocation waits for the
     *                    function, so give it the function's timeout plus a margin
     * @throws IllegalArgumentException when no AWS region is configured
     */
    public static SdkFunctionInvoker create(Optional<URI> endpoint, Duration callTimeout) {
        LambdaClientBuilder builder = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(callTimeout)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(callTimeout).build());
        endpoint.ifPresent(builder::endpointOverride);
        try {
            return new SdkFunctionInvoker(builder.build());
        } catch (SdkException e) {
            throw new IllegalArgumentException("creating the Lambda client: " + e.getMessage()
                    + " (set AWS_REGION, or a region in the AWS profile)", e);
        }
    }

    @Override
    public void invokeAsync(String functionName, String payload) throws InvokeException {
        call(functionName, payload, InvocationType.EVENT);
    }

    @Override
    public InvokeResult invoke(String functionName, String payload) throws InvokeException {
        InvokeResponse response = call(functionName, payload, InvocationType.REQUEST_RESPONSE);
        String body = response.payload() == null ? "" : response.payload().asString(StandardCharsets.UTF_8);
        return new InvokeResult(response.statusCode(), Optional.ofNullable(response.functionError()), body);
    }

    private InvokeResponse call(String functionName, String payload, InvocationType type) throws InvokeException {
        InvokeRequest request = InvokeRequest.builder().functionName(functionName).invocationType(type)
                .payload(SdkBytes.fromUtf8String(payload)).build();
        String action = "invoking Lambda function '" + functionName + "' (" + type + ")";
        try {
            return client.invoke(request);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "error" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new InvokeException(action + ": " + e.statusCode() + " " + code + ": " + message, e.statusCode(), e);
        } catch (SdkException e) {
            throw new InvokeException(action + ": " + e.getMessage(), 0, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
