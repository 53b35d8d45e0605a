package dev.lambdarunner.trace;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskSpecTest {

    @Test
    void dropsNullAndEmptyValuesAndDuplicates() {
        MaskSpec spec = MaskSpec.of(Arrays.asList("s3cret-1", null, "", "s3cret-1", "other-secret"), null);

        assertThat(spec.values()).containsExactly("s3cret-1", "other-secret");
    }

    @Test
    void alwaysHasTheDefaultPrefixesPlusTheJobsOwn() {
        MaskSpec spec = MaskSpec.of(List.of(), Arrays.asList("glrt-", "gldt-", "", null));

        assertThat(spec.tokenPrefixes()).containsExactly("glpat-", "glrt-", "glcbt-", "gldt-");
        assertThat(MaskSpec.of(null, null).tokenPrefixes()).containsExactly("glpat-", "glrt-", "glcbt-");
    }

    @Test
    void toStringShowsCountsNotValues() {
        MaskSpec spec = MaskSpec.of(List.of("hunter2-secret"), List.of());

        assertThat(spec.toString()).doesNotContain("hunter2").isEqualTo("MaskSpec[values=1, tokenPrefixes=3]");
    }

    @Test
    void refusesAnEmptyValueThatWouldMaskEverything() {
        assertThatThrownBy(() -> new MaskSpec(List.of(""), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskSpec(List.of(), List.of("")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
