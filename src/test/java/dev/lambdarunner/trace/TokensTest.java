package dev.lambdarunner.trace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            glrt-AbCdEfGhIjKlMnOpQrSt,      AbCdEfGhI
            glrt-t1_AbCdEfGhIjKlMnOpQrSt,   AbCdEfGhI
            t2_AbCdEfGhIjKlMnOpQrSt,        AbCdEfGhI
            glcbt-64_AbCdEfGhIjKlMnOpQ,     64_AbCdEf
            GR1348941AbCdEfGhIjKlMnOpQrSt,  AbCdEfGhI
            legacyTokenWithoutPrefix123,    legacyTok
            glrt-short12,                   sho
            glrt-,                          ''
            """)
    void keepsAtMostNineCharactersAfterThePrefix(String token, String expected) {
        assertThat(Tokens.shorten(token)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a", "abcdefgh", "glrt-abcdefghijklmnopq", "0123456789abcdef"})
    void neverShowsAWholeToken(String token) {
        String shortened = Tokens.shorten(token);
        assertThat(shortened.length()).isLessThan(token.length());
        assertThat(token).contains(shortened);
    }
}
