package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.credentials.CredentialException;
import dev.lambdarunner.credentials.CredentialRequest;
import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.credentials.JobCredentials;
import dev.lambdarunner.testsupport.FakeOidcIssuer;
import dev.lambdarunner.testsupport.IdTokenBuilder;
import dev.lambdarunner.testsupport.MotoServerExtension;
import dev.lambdarunner.testsupport.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keyless credentials against a JWKS served on loopback and moto's STS: which role a job gets, what is sent to
 * STS, and that a token failing any check gets nothing and never reaches STS.
 */
class KeylessAwsCredentialsIT {

    static final String PLAN = "arn:aws:iam::123456789012:role/tf-plan";
    static final String APPLY = "arn:aws:iam::123456789012:role/tf-apply";
    static final String AUDIENCE = "https://gitlab.example.com/aws";
    static final String RUNNER_OWN_KEY = "AKIARUNNEROWNKEY0001";
    @RegisterExtension
    static final MotoServerExtension moto = new MotoServerExtension();
    static StsRecorder sts;
    static FakeOidcIssuer gitlab;
    static CredentialSource keyless;

    @BeforeAll
    static void start() {
        sts = new StsRecorder(moto.server().endpoint().toString());
        gitlab = FakeOidcIssuer.start();
        // the SDK's own setting for the STS endpoint; the runner's own credentials are there and must stay unused
        System.setProperty("aws.endpointUrlSts", sts.url());
        System.setProperty("aws.accessKeyId", RUNNER_OWN_KEY);
        System.setProperty("aws.secretAccessKey", "runner-own-secret");
        keyless = KeylessAwsCredentials.configured(KeylessConfigs.fromEnv(KeylessConfigs.env(
                "RUNNER_KEYLESS_PLAN_ROLE_ARN", PLAN, "RUNNER_KEYLESS_APPLY_ROLE_ARN", APPLY,
                "RUNNER_KEYLESS_AUDIENCE", AUDIENCE, "RUNNER_KEYLESS_APPLY_PROJECTS", "platform/infra",
                "RUNNER_KEYLESS_SESSION_DURATION", "PT20M")), gitlab.issuer(), Map.of("AWS_REGION", "eu-west-1"))
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.endpointUrlSts");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        gitlab.close();
        sts.close();
    }

    @BeforeEach
    void reset() {
        sts.clear();
        gitlab.answer(200);
    }

    private static IdTokenBuilder token(long job, String project, boolean refProtected) {
        return gitlab.token().audience(AUDIENCE).job(job, project, "main", refProtected);
    }

    private static CredentialRequest request(long job, String project, boolean refProtected, String token) {
        return new CredentialRequest(job, project, refProtected, Map.of("GITLAB_OIDC_TOKEN", token, "CI_JOB_ID", "" + job));
    }

    @Test
    void aProtectedRefOfAnAllowListedProjectGetsTheApplyRole() throws Exception {
        String token = token(2001, "platform/infra", true).sign();

        JobCredentials granted = keyless.forJob(request(2001, "platform/infra", true, token));

        assertThat(granted.source()).isEqualTo("keyless AWS (apply role, session gl-platform-infra-2001)");
        assertThat(granted.environment()).containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
        assertThat(granted.environment().get("AWS_ACCESS_KEY_ID").value()).startsWith("ASIA").isNotEqualTo(RUNNER_OWN_KEY);
        assertThat(granted.defaults()).isEqualTo(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-west-1"));
        assertThat(granted.consumed()).containsExactly("GITLAB_OIDC_TOKEN");
        assertThat(callerArn(granted)).isEqualTo("arn:aws:sts::123456789012:assumed-role/tf-apply/gl-platform-infra-2001");
        StsRecorder.Seen call = sts.requests().get(0);
        assertThat(call.signed()).as("AssumeRoleWithWebIdentity goes out without the runner's credentials").isFalse();
        assertThat(call.form()).containsEntry("Action", "AssumeRoleWithWebIdentity")
                .containsEntry("RoleArn", APPLY).containsEntry("RoleSessionName", "gl-platform-infra-2001")
                .containsEntry("WebIdentityToken", token).containsEntry("DurationSeconds", "1200");
        assertThat(call.headers().toString()).doesNotContain(RUNNER_OWN_KEY);
    }

    @Test
    void theSameClaimsOnAnUnprotectedRefGetThePlanRole() throws Exception {
        JobCredentials granted = keyless.forJob(request(2002, "platform/infra", false,
                token(2002, "platform/infra", false).sign()));

        assertThat(granted.source()).isEqualTo("keyless AWS (plan role, session gl-platform-infra-2002; ref 'main' is not protected)");
        assertThat(callerArn(granted)).isEqualTo("arn:aws:sts::123456789012:assumed-role/tf-plan/gl-platform-infra-2002");
        assertThat(sts.requests().get(0).form()).containsEntry("RoleArn", PLAN);
    }

    @Test
    void aProjectNotAllowListedGetsThePlanRoleEvenOnAProtectedRef() throws Exception {
        JobCredentials granted = keyless.forJob(request(2003, "platform/app", true, token(2003, "platform/app", true).sign()));

        assertThat(granted.source()).endsWith("project 'platform/app' is not in runner.keyless.apply-projects)");
        assertThat(callerArn(granted)).contains("assumed-role/tf-plan/gl-platform-app-2003");
    }

    @Test
    void aTokenClaimingProtectionTheJobEngineDoesNotSeeGetsThePlanRole() throws Exception {
        JobCredentials granted = keyless.forJob(request(2004, "platform/infra", false,
                token(2004, "platform/infra", true).sign()));

        assertThat(callerArn(granted)).contains("assumed-role/tf-plan/");
    }

    @Test
    void aJobWithoutTheTokenVariableGetsNoAwsCredentialsAtAll() throws Exception {
        JobCredentials granted = keyless.forJob(new CredentialRequest(2005, "platform/infra", true, Map.of("CI_JOB_ID", "2005")));

        assertThat(granted.isEmpty()).isTrue();
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void aJobsOwnRegionIsKept() throws Exception {
        CredentialRequest request = new CredentialRequest(2006, "platform/infra", true,
                Map.of("GITLAB_OIDC_TOKEN", token(2006, "platform/infra", true).sign(), "AWS_DEFAULT_REGION", "us-east-2"));

        assertThat(keyless.forJob(request).defaults()).isEmpty();
    }

    static Stream<Arguments> refusedTokens() {
        SigningKey stranger = SigningKey.generate("rsa-1", SigningKey.Kind.RSA);
        return Stream.of(
                refused("bad signature", t -> t.signedWith(stranger).sign(), "signature: the signature does not verify"),
                refused("wrong audience", t -> t.audience("sts.amazonaws.com").sign(),
                        "audience: the token is for ['sts.amazonaws.com'], the runner expects 'https://gitlab.example.com/aws'"),
                refused("wrong issuer", t -> t.claim("iss", "https://gitlab.com").sign(),
                        "issuer: the token was issued by 'https://gitlab.com'"),
                refused("expired", t -> t.issuedAt(Instant.now().minusSeconds(3600), 300).sign(), "expiry: the token expired at"),
                refused("another job's token", t -> t.job(1999, "platform/infra", "main", true).sign(),
                        "job: the token was issued for job 1999, this is job 2010"),
                refused("alg none", IdTokenBuilder::unsigned, "algorithm: unsigned tokens (alg none) are refused"));
    }

    private static Arguments refused(String name, Function<IdTokenBuilder, String> make, String message) {
        return Arguments.of(name, make, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aTokenFailingAnyCheckGetsNothingAndNeverReachesSts(String name, Function<IdTokenBuilder, String> make,
                                                           String message) {
        String token = make.apply(token(2010, "platform/infra", true));

        assertThatThrownBy(() -> keyless.forJob(request(2010, "platform/infra", true, token)))
                .isInstanceOf(CredentialException.class)
                .hasMessageStartingWith("keyless AWS: ID token GITLAB_OIDC_TOKEN: " + message)
                .hasMessageNotContaining(token);
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void aRefusalByStsFailsTheJobSayingWhy() {
        sts.refuse("AccessDenied");
        String token = token(2011, "platform/infra", true).sign();

        assertThatThrownBy(() -> keyless.forJob(request(2011, "platform/infra", true, token)))
                .isInstanceOf(CredentialException.class)
                .hasMessage("keyless AWS: AssumeRoleWithWebIdentity for the apply role (session gl-platform-infra-2011): "
                        + "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (check the role's trust "
                        + "policy: the OIDC provider, aud and sub conditions)");
    }

    @Test
    void gitLabsKeysUnavailableFailsTheJobNamingTheUrl() {
        SigningKey rotated = gitlab.rotate("rsa-" + System.nanoTime(), SigningKey.Kind.RSA);
        gitlab.answer(503);
        String token = token(2012, "platform/infra", true).signedWith(rotated).sign();

        assertThatThrownBy(() -> keyless.forJob(request(2012, "platform/infra", true, token)))
                .hasMessageStartingWith("keyless AWS: ID token GITLAB_OIDC_TOKEN: key: ")
                .hasMessageContaining(gitlab.jwksUrl());
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void gitLabsKeysAreReadOnceForManyJobs() throws Exception {
        int before = gitlab.jwksFetches();
        for (long job = 2020; job < 2023; job++) {
            keyless.forJob(request(job, "platform/infra", false, token(job, "platform/infra", false).sign()));
        }
        assertThat(gitlab.jwksFetches() - before).isLessThanOrEqualTo(1);
    }

    private static String callerArn(JobCredentials granted) {
        Map<String, Secret> env = granted.environment();
        try (StsClient client = StsClient.builder().region(Region.EU_WEST_1).endpointOverride(moto.server().endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        env.get("AWS_ACCESS_KEY_ID").value(), env.get("AWS_SECRET_ACCESS_KEY").value(),
                        env.get("AWS_SESSION_TOKEN").value())))
                .build()) {
            return client.getCallerIdentity().arn();
        }
    }
}
