package dev.lambdarunner.gitlab;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Answer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code POST /runners/verify} against a scripted GitLab. */
class HttpGitLabRunnerApiVerifyTest {

    @RegisterExtension
    final RunnerApiFixture gitlab = new RunnerApiFixture();
    private final HttpGitLabRunnerApi api = gitlab.api(new FakeTime());

    @Test
    void verify_200_isValidWithIdAndExpiry() {
        gitlab.answer(Answer.json(200, "{\"id\":9171,\"token\":\"" + RunnerApiFixture.RUNNER_TOKEN
                + "\",\"token_expires_at\":\"2026-12-01T10:00:00.000Z\"}"));

        VerifyResult result = api.verifyRunner();

        assertThat(result).isEqualTo(new VerifyResult(VerifyResult.State.VALID, Optional.of(9171L),
                Optional.of("2026-12-01T10:00:00.000Z"), 200));
        assertThat(gitlab.only().path()).isEqualTo("/api/v4/runners/verify");
        assertThat(gitlab.only().json().has("last_update")).isFalse();
    }

    @Test
    void verify_200WithoutExpiry_hasNoExpiry() {
        gitlab.answer(Answer.json(200, "{\"id\":9171,\"token\":\"x\",\"token_expires_at\":null}"));

        assertThat(api.verifyRunner().tokenExpiresAt()).isEmpty();
    }

    @Test
    void verify_200PlainText_fromOldServers_isValid() {
        gitlab.answer(new Answer(200, Map.of("Content-Type", "text/plain"), "200".getBytes(), Duration.ZERO));

        VerifyResult result = api.verifyRunner();

        assertThat(result.state()).isEqualTo(VerifyResult.State.VALID);
        assertThat(result.runnerId()).isEmpty();
    }

    static Stream<Arguments> verifyFailures() {
        return Stream.of(
                arguments(403, VerifyResult.State.INVALID, 1),
                arguments(422, VerifyResult.State.INVALID, 1),
                arguments(400, VerifyResult.State.ERROR, 1),
                arguments(502, VerifyResult.State.ERROR, 5));
    }

    @ParameterizedTest(name = "{0} -> {1} after {2} attempt(s)")
    @MethodSource("verifyFailures")
    void verify_failures(int status, VerifyResult.State state, int attempts) {
        for (int i = 0; i < attempts; i++) {
            gitlab.answer(Answer.of(status));
        }

        VerifyResult result = api.verifyRunner();

        assertThat(result.state()).isEqualTo(state);
        assertThat(result.httpStatus()).isEqualTo(status);
        assertThat(gitlab.received()).hasSize(attempts);
    }
}
