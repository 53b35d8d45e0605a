package dev.lambdarunner.trace;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingWriterTest {

    /** Counts flushes and refuses close: the masker must never close the trace under it. */
    static final class Downstream extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            throw new AssertionError("the masker closed its downstream");
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    private final Downstream out = new Downstream();

    private MaskingWriter writer(String... secrets) {
        return new MaskingWriter(out, MaskSpec.of(List.of(secrets), List.of("gldt-")));
    }

    private static void write(MaskingWriter w, String... chunks) throws IOException {
        for (String chunk : chunks) {
            w.write(chunk.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void masksEveryOccurrenceOfAValue() throws IOException {
        try (MaskingWriter w = writer("hunter22")) {
            write(w, "pw=hunter22, again hunter22\n");
        }
        assertThat(out.text()).isEqualTo("pw=[MASKED], again [MASKED]\n");
    }

    @Test
    void masksValuesAddedMidStreamFromThenOn() throws IOException {
        try (MaskingWriter w = writer("hunter22")) {
            write(w, "before AKIAFRESH hunter22\n");
            w.addValues(List.of("AKIAFRESH"));
            write(w, "after AKIAFRESH hunter22\n");
        }
        assertThat(out.text()).isEqualTo("before AKIAFRESH [MASKED]\nafter [MASKED] [MASKED]\n");
    }

    @Test
    void addedValueCatchesBytesStillHeldForAnotherMatch() throws IOException {
        // "sec" is held back because it could begin "secret1"; the value added next begins with it.
        try (MaskingWriter w = writer("secret1")) {
            write(w, "x sec");
            w.addValues(List.of("second-key"));
            write(w, "ond-key y\n");
        }
        assertThat(out.text()).isEqualTo("x [MASKED] y\n");
    }

    @Test
    void keepsTokenPrefixAndMasksTheRun() throws IOException {
        try (MaskingWriter w = writer()) {
            write(w, "token glrt-abc_1.2 and glpat-x=y-z! and gldt-q\n");
        }
        assertThat(out.text()).isEqualTo("token glrt-[MASKED] and glpat-[MASKED]! and gldt-[MASKED]\n");
    }

    @Test
    void prefixWithoutRunIsNotMasked() throws IOException {
        try (MaskingWriter w = writer()) {
            write(w, "glrt- alone, glcbt-");
        }
        assertThat(out.text()).isEqualTo("glrt- alone, glcbt-");
    }

    @Test
    void catchesPrefixTokenSplitAcrossWrites() throws IOException {
        try (MaskingWriter w = writer()) {
            write(w, "a g", "l", "rt", "-ab", "c_1", ".2", " b\n");
        }
        assertThat(out.text()).isEqualTo("a glrt-[MASKED] b\n");
    }

    @Test
    void tokenRunSpanningManyWritesIsDroppedWithoutHoldingItBack() throws IOException {
        MaskingWriter w = writer();
        write(w, "glpat-", "abc");
        assertThat(out.text()).isEqualTo("glpat-[MASKED]");
        write(w, "defghij", "klm", " next");
        assertThat(out.text()).isEqualTo("glpat-[MASKED] next");
    }

    @Test
    void flushPassesOnSafeBytesButKeepsAPossibleMatchStart() throws IOException {
        MaskingWriter w = writer("s3cret!");
        write(w, "line s3c");
        w.flush();
        assertThat(out.text()).isEqualTo("line ");
        assertThat(out.flushes).isEqualTo(1);
        write(w, "ret! end");
        assertThat(out.text()).isEqualTo("line [MASKED] end");
    }

    @Test
    void closeReleasesHeldBytesWithoutClosingDownstream() throws IOException {
        MaskingWriter w = writer("s3cret!");
        write(w, "half s3cr");
        w.close();
        w.close();
        assertThat(out.text()).isEqualTo("half s3cr");
        assertThat(out.flushes).isEqualTo(1);
        assertThatThrownBy(() -> w.write('x')).isInstanceOf(IOException.class);
    }

    @Test
    void closeMasksAnOpenTokenRunAtTheEnd() throws IOException {
        MaskingWriter w = writer();
        write(w, "end glcbt-abc");
        w.close();
        assertThat(out.text()).isEqualTo("end glcbt-[MASKED]");
    }

    @Test
    void longestValueWinsAtAPosition() throws IOException {
        try (MaskingWriter w = writer("abc", "abcdef", "cdefgh")) {
            write(w, "abcdefgh abcxyz");
        }
        assertThat(out.text()).isEqualTo("[MASKED]gh [MASKED]xyz");
    }

    @Test
    void valueLongerThanTheTokenRunBeatsTheToken() throws IOException {
        try (MaskingWriter w = writer("glpat-abc!!")) {
            write(w, "x glpat-abc!! glpat-abc!?");
        }
        assertThat(out.text()).isEqualTo("x [MASKED] glpat-[MASKED]!?");
    }

    @Test
    void valueAsLongAsTheTokenIsMaskedWhole() throws IOException {
        try (MaskingWriter w = writer("glpat-abc")) {
            write(w, "glpat-abc glpat-abcd");
        }
        assertThat(out.text()).isEqualTo("[MASKED] glpat-[MASKED]");
    }

    @Test
    void shorterOfTwoNestedPrefixesWinsBecauseItMasksMore() throws IOException {
        try (MaskingWriter w = new MaskingWriter(out, MaskSpec.of(List.of(), List.of("glrt-t1_")))) {
            write(w, "glrt-t1_ab", "c glrt-t1_xyz");
        }
        assertThat(out.text()).isEqualTo("glrt-[MASKED] glrt-[MASKED]");
    }

    @Test
    void shorterHeadWinsATieWhateverTheConfiguredOrder() throws IOException {
        try (MaskingWriter w = new MaskingWriter(out, MaskSpec.of(List.of(), List.of("gl")))) {
            write(w, "glrt-abc glrt-x", "yz");
        }
        assertThat(out.text()).isEqualTo("gl[MASKED] gl[MASKED]");
    }

    @Test
    void tokenAndUrlRunsFromOneHeadWaitForTheLongerRun() throws IOException {
        try (MaskingWriter w = new MaskingWriter(out, MaskSpec.of(List.of(), List.of("?private_token=")))) {
            write(w, "?private_token=abc", "/def ok");
        }
        assertThat(out.text()).isEqualTo("?private_token=[MASKED] ok");
    }

    @Test
    void masksUtf8Values() throws IOException {
        try (MaskingWriter w = writer("pässwörd€")) {
            write(w, "é pässwörd€ ü");
        }
        assertThat(out.text()).isEqualTo("é [MASKED] ü");
    }

    @Test
    void masksMultiByteValueSplitInsideACharacter() throws IOException {
        byte[] text = "x€y".getBytes(StandardCharsets.UTF_8);
        try (MaskingWriter w = writer("€")) {
            w.write(text, 0, 2);
            w.write(text, 2, text.length - 2);
        }
        assertThat(out.text()).isEqualTo("x[MASKED]y");
    }

    @Test
    void masksCredentialQueryValues() throws IOException {
        try (MaskingWriter w = writer()) {
            write(w, "GET https://s3/obj?X-Amz-Credential=AKIA%2F1&x-amz-signature=abc123 HTTP\n",
                    "https://gl/api?private_token=tok&page=2\n");
        }
        assertThat(out.text()).isEqualTo(
                "GET https://s3/obj?X-Amz-Credential=[MASKED]&x-amz-signature=[MASKED] HTTP\n"
                        + "https://gl/api?private_token=[MASKED]&page=2\n");
    }

    @Test
    void leavesOtherQueryParametersAlone() throws IOException {
        try (MaskingWriter w = writer()) {
            write(w, "https://x/?token=1&private_tokens=2&rss_token= end");
        }
        assertThat(out.text()).isEqualTo("https://x/?token=1&private_tokens=2&rss_token= end");
    }
}
