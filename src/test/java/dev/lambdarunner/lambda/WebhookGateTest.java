package dev.lambdarunner.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.invoke.InvokeException;
import dev.lambdarunner.secrets.RunnerSecrets;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.secrets.SecretStore;
import dev.lambdarunner.secrets.SecretStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookGateTest {

    static final String SECRET = "hook-secret-8c1f";
    static final String PENDING = "{\"object_kind\":\"build\",\"build_status\":\"pending\",\"build_id\":12,"
            + "\"project_id\":3,\"commit\":{\"message\":\"body-marker-77\"}}";

    private final RecordingStarter starter = new RecordingStarter();
    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                logLines.add(String.valueOf(record.getMessage()) + " " + List.of(
                        record.getParameters() == null ? new Object[0] : record.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("dev.lambdarunner").addHandler(capture);
    }

    @AfterEach
    void neitherTheTokenNorTheBodyIsLogged() {
        Logger.getLogger("dev.lambdarunner").removeHandler(capture);
        synchronized (logLines) {
            assertThat(logLines).noneMatch(line -> line.contains(SECRET) || line.contains("body-marker-77"));
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no token", request(null, PENDING), 401),
                Arguments.of("wrong token", request("hook-secret-8c1g", PENDING), 401),
                Arguments.of("token with a suffix", request(SECRET + "x", PENDING), 401),
                Arguments.of("token prefix only", request("hook-secret", PENDING), 401),
                Arguments.of("empty token", request("", PENDING), 401),
                Arguments.of("good token, body not JSON", request(SECRET, "object_kind=build"), 400),
                Arguments.of("good token, JSON array", request(SECRET, "[1,2]"), 400),
                Arguments.of("good token, bad base64", base64Request(SECRET, "%%%not base64%%%"), 400),
                Arguments.of("good token, job running", request(SECRET,
                        "{\"object_kind\":\"build\",\"build_status\":\"running\"}"), 200),
                Arguments.of("good token, pipeline hook", request(SECRET,
                        "{\"object_kind\":\"pipeline\",\"object_attributes\":{\"status\":\"pending\"}}"), 200));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("refusals")
    void onlyAPendingJobWithTheRightTokenStartsAPoll(String name, UrlRequest request, int status) {
        UrlResponse response = gate(Optional.of(SECRET)).handle(request);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"message\":\"");
        assertThat(starter.polls).isZero();
    }

    @Test
    void aPendingJobWithTheRightTokenStartsOnePollAndIsAccepted() {
        UrlResponse plain = gate(Optional.of(SECRET)).handle(request(SECRET, PENDING));
        UrlResponse encoded = gate(Optional.of(SECRET)).handle(base64Request(SECRET,
                Base64.getEncoder().encodeToString(PENDING.getBytes(StandardCharsets.UTF_8))));

        assertThat(plain.statusCode()).isEqualTo(202);
        assertThat(encoded.statusCode()).isEqualTo(202);
        assertThat(plain.headers()).containsEntry("Content-Type", "application/json");
        assertThat(starter.polls).isEqualTo(2);
    }

    @Test
    void withoutAConfiguredWebhookSecretEveryWebhookIsRefused() {
        UrlResponse response = gate(Optional.empty()).handle(request(SECRET, PENDING));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("no webhook secret is configured");
        assertThat(starter.polls).isZero();
        synchronized (logLines) {
            assertThat(logLines).as("the log is captured").anyMatch(line -> line.contains("no webhook secret"));
        }
    }

    @Test
    void unreadableSecretsRefuseTheWebhookWithoutSayingWhy() {
        SecretStore broken = () -> {
            throw new SecretStoreException("reading secret arn:aws:secretsmanager:x: AccessDenied");
        };
        UrlResponse response = new WebhookGate(broken, starter, new ObjectMapper()).handle(request(SECRET, PENDING));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).doesNotContain("arn:aws");
        assertThat(starter.polls).isZero();
    }

    @Test
    void onlyPostIsAcceptedOnceAuthenticated() {
        UrlRequest get = (UrlRequest) LambdaEvent.parse(Map.of("httpMethod", "GET",
                "headers", Map.of("x-gitlab-token", SECRET)));

        assertThat(gate(Optional.of(SECRET)).handle(get).statusCode()).isEqualTo(405);
        assertThat(starter.polls).isZero();
    }

    @Test
    void aSelfInvokeLambdaRefusedIsA502ThatSaysWhy() {
        PollStarter refusing = () -> {
            throw new InvokeException("invoking Lambda function 'f' (Event): 403 AccessDeniedException: no", 403, null);
        };
        UrlResponse response = new WebhookGate(secrets(Optional.of(SECRET)), refusing, new ObjectMapper())
                .handle(request(SECRET, PENDING));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("could not start a poll", "AccessDeniedException");
    }

    @Test
    void theComparisonIsOnBytes() {
        assertThat(WebhookGate.tokenMatches(Optional.of(Secret.of("é")), Secret.of("é"))).isTrue();
        assertThat(WebhookGate.tokenMatches(Optional.of(Secret.of("e")), Secret.of("é"))).isFalse();
        assertThat(WebhookGate.tokenMatches(Optional.empty(), Secret.of("x"))).isFalse();
    }

    private WebhookGate gate(Optional<String> webhookSecret) {
        return new WebhookGate(secrets(webhookSecret), starter, new ObjectMapper());
    }

    static SecretStore secrets(Optional<String> webhookSecret) {
        return () -> new RunnerSecrets(Secret.of("glrt-runner"), webhookSecret.map(Secret::of), Map.of());
    }

    static UrlRequest request(String token, String body) {
        return urlRequest(token, body, false);
    }

    private static UrlRequest base64Request(String token, String body) {
        return urlRequest(token, body, true);
    }

    private static UrlRequest urlRequest(String token, String body, boolean base64) {
        Map<String, Object> headers = new HashMap<>();
        if (token != null) {
            headers.put("x-gitlab-token", token);
        }
        return (UrlRequest) LambdaEvent.parse(Map.of("requestContext", Map.of("http", Map.of("method", "POST")),
                "headers", headers, "body", body, "isBase64Encoded", base64));
    }

    static final class RecordingStarter implements PollStarter {
        int polls;

        @Override
        public void startPoll() {
            polls++;
        }
    }
}
