package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.credentials.CredentialException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URI;
import java.util.Optional;

/**
 * {@code AssumeRoleWithWebIdentity}
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html) with the SDK's STS
 * client. The call is authenticated by the web identity token alone, so the client has anonymous credentials:
 * the runner's own role is never used for it, and never handed on. The endpoint is the region's, or what the
 * SDK's own settings say ({@code AWS_ENDPOINT_URL_STS}, {@code aws.endpointUrlSts}).
 */
final class SdkStsExchange implements StsExchange {

    private final StsClient client;

    SdkStsExchange(StsClient client) {
        this.client = client;
    }

    /** @param endpoint an explicit endpoint (tests); empty for the SDK's own resolution */
    static SdkStsExchange create(String region, Optional<URI> endpoint) {
        StsClientBuilder builder = StsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .region(Region.of(region));
        endpoint.ifPresent(builder::endpointOverride);
        return new SdkStsExchange(builder.build());
    }

    @Override
    public AwsSession assume(SessionPlan plan) throws CredentialException {
        AssumeRoleWithWebIdentityRequest request = AssumeRoleWithWebIdentityRequest.builder()
                .roleArn(plan.role().roleArn())
                .roleSessionName(plan.sessionName())
                .webIdentityToken(plan.idToken())
                .durationSeconds((int) plan.duration().toSeconds())
                .build();
        String what = "AssumeRoleWithWebIdentity for the " + plan.role().kind().label() + " role (session "
                + plan.sessionName() + ")";
        try {
            AssumeRoleWithWebIdentityResponse response = client.assumeRoleWithWebIdentity(request);
            Credentials c = response.credentials();
            if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null) {
                throw new CredentialException(what + ": STS returned no credentials");
            }
            return new AwsSession(Secret.of(c.accessKeyId()), Secret.of(c.secretAccessKey()), Secret.of(c.sessionToken()),
                    c.expiration());
        } catch (StsException e) {
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
            throw new CredentialException(what + ": " + code + (message == null || message.isEmpty() ? "" : ": " + message)
                    + hint(code), e);
        } catch (SdkClientException e) {
            throw new CredentialException(what + ": STS could not be reached: " + e.getMessage(), e);
        }
    }

    private static String hint(String code) {
        return switch (code) {
            case "AccessDenied" -> " (check the role's trust policy: the OIDC provider, aud and sub conditions)";
            case "InvalidIdentityToken" -> " (AWS could not verify the token: check the IAM OIDC provider for the issuer)";
            case "ValidationError" -> " (check runner.keyless.session-duration against the role's maximum session duration)";
            default -> "";
        };
    }
}
