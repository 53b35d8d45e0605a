package dev.lambdarunner.entry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EntryTest {

    @ParameterizedTest(name = "runtime API ''{0}'', native {1}: {2}")
    @CsvSource(nullValues = "null", value = {
            "127.0.0.1:9001, false, LAMBDA",
            "127.0.0.1:9001, true,  LAMBDA",
            "null,           false, CLI",
            "'  ',           false, CLI",
            "null,           true,  NATIVE_OUTSIDE_LAMBDA",
            "'',             true,  NATIVE_OUTSIDE_LAMBDA"})
    void theRuntimeApiAddressDecidesWhatTheProcessIs(String runtimeApi, boolean nativeImage, Entry expected) {
        assertThat(Entry.of(runtimeApi, nativeImage)).isEqualTo(expected);
    }
}
