package dev.lambdarunner.trace;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MaskFormsTest {

    /** A value as Terraform 1.11 printed it here (TF_VAR_secret into an output). */
    private static final String VALUE = "Se&c<r>e\"t\\x y${z}%{w}\ttab+€/?";

    @Test
    void theJsonFormIsWhatTerraformOutputJsonPrints() {
        // terraform output -json / terraform show -json: "value": "Se\u0026c\u003cr\u003ee\"t\\x y${z}%{w}\ttab+€/?"
        assertThat(MaskForms.json(VALUE, true)).isEqualTo("Se\\u0026c\\u003cr\\u003ee\\\"t\\\\x y${z}%{w}\\ttab+€/?");
        // terraform plan / terraform output NAME: leaked_secret = "Se&c<r>e\"t\\x y${z}%{w}\ttab+€/?"
        assertThat(MaskForms.json(VALUE, false)).isEqualTo("Se&c<r>e\\\"t\\\\x y${z}%{w}\\ttab+€/?");
    }

    @Test
    void controlCharactersAndLineSeparatorsAreEscapedAsGoDoes() {
        assertThat(MaskForms.json("a\nb\rc\bd\fe\u0001f\u2028g", false))
                .isEqualTo("a\\nb\\rc\\bd\\fe\\u0001f\\u2028g");
    }

    @Test
    void percentFormsInBothCasesAndWithPlusForSpace() {
        assertThat(MaskForms.of("p@ss w/€~")).containsExactly("p@ss w/€~",
                "p%40ss%20w%2F%E2%82%AC~", "p%40ss+w%2F%E2%82%AC~", "p%40ss%20w%2f%e2%82%ac~", "p%40ss+w%2f%e2%82%ac~");
    }

    @Test
    void aPlainValueHasNoOtherForm() {
        assertThat(MaskForms.of("AKIA1234-abc_def.x~")).containsExactly("AKIA1234-abc_def.x~");
    }

    @Test
    void theMaskerMasksEveryFormAlsoSplitAcrossWrites() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = "\"value\": \"Se\\u0026c\\u003cr\\u003ee\\\"t\\\\x y${z}%{w}\\ttab+€/?\"\n"
                + "leaked = \"Se&c<r>e\\\"t\\\\x y${z}%{w}\\ttab+€/?\"\nurl ?pw="
                + "Se%26c%3cr%3ee%22t%5cx+y%24%7bz%7d%25%7bw%7d%09tab%2b%e2%82%ac%2f%3f&next=1\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (MaskingWriter w = new MaskingWriter(out, MaskSpec.of(List.of(VALUE), List.of()))) {
            for (int i = 0; i < bytes.length; i += 3) {
                w.write(bytes, i, Math.min(3, bytes.length - i));
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("\"value\": \"[MASKED]\"\nleaked = \"[MASKED]\"\nurl ?pw=[MASKED]&next=1\n");
    }
}
