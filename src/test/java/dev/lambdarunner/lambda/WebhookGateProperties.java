package dev.lambdarunner.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Optional;

import static dev.lambdarunner.lambda.WebhookGateTest.PENDING;
import static dev.lambdarunner.lambda.WebhookGateTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** No token but the configured one opens the webhook, whatever is sent. */
class WebhookGateProperties {

    @Property(tries = 300)
    void anyOtherTokenIsRefused(@ForAll String token) {
        WebhookGateTest.RecordingStarter counting = new WebhookGateTest.RecordingStarter();
        WebhookGate gate = new WebhookGate(WebhookGateTest.secrets(Optional.of(SECRET)), counting, new ObjectMapper());

        int status = gate.handle(WebhookGateTest.request(token, PENDING)).statusCode();

        assertThat(status).isEqualTo(token.equals(SECRET) ? 202 : 401);
        assertThat(counting.polls).isEqualTo(token.equals(SECRET) ? 1 : 0);
    }


    @Property(tries = 300)
    void aTokenDifferingFromTheSecretInOneCharacterIsRefused(@ForAll int position, @ForAll char replacement) {
        int at = Math.floorMod(position, SECRET.length());
        String token = SECRET.substring(0, at) + replacement + SECRET.substring(at + 1);
        WebhookGateTest.RecordingStarter counting = new WebhookGateTest.RecordingStarter();
        WebhookGate gate = new WebhookGate(WebhookGateTest.secrets(Optional.of(SECRET)), counting, new ObjectMapper());

        int status = gate.handle(WebhookGateTest.request(token, PENDING)).statusCode();

        assertThat(status).isEqualTo(token.equals(SECRET) ? 202 : 401);
    }
}
