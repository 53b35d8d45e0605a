package dev.lambdarunner.credentials.aws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwksUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://gitlab.example.com/oauth/discovery/keys", "http://127.0.0.1:8080/oauth/discovery/keys",
            "http://127.10.0.1/keys", "http://[::1]:9000/keys"})
    void acceptsHttpsAndPlainHttpOnlyToALoopbackAddress(String url) {
        assertThat(JwksUrl.check(url)).hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://gitlab.example.com/oauth/discovery/keys", "http://localhost:8080/keys",
            "http://127.0.0.1.nip.io/keys", "http://10.0.0.1/keys", "http://[::2]/keys"})
    void refusesPlainHttpToAnythingElse(String url) {
        assertThatThrownBy(() -> JwksUrl.check(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuring keyless AWS: runner.keyless.jwks-url '" + url
                        + "' must be https:// (plain http is accepted only for a loopback address such as 127.0.0.1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://gitlab.example.com/keys", "https://user:pw@gitlab.example.com/keys", "/oauth/discovery/keys",
            "file:///etc/keys.json", "http://127.0.0.999/keys"})
    void refusesOtherSchemesUserInfoAndRelativeUrls(String url) {
        assertThatThrownBy(() -> JwksUrl.check(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runner.keyless.jwks-url").hasMessageNotContaining("pw@");
    }
}
