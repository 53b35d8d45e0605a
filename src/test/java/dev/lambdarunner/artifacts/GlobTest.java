package dev.lambdarunner.artifacts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "plan.cache, plan.cache, true",
            "plan.cache, infra/plan.cache, false",
            "*.tfplan, a.tfplan, true",
            "*.tfplan, dir/a.tfplan, false",
            "**/*.tfplan, a.tfplan, true",
            "**/*.tfplan, dir/sub/a.tfplan, true",
            "infra/**, infra/a/b/c, true",
            "infra/**, infrastructure/a, false",
            "infra/**/plan.json, infra/plan.json, true",
            "infra/**/plan.json, infra/x/y/plan.json, true",
            "?.txt, a.txt, true",
            "?.txt, ab.txt, false",
            "?.txt, /.txt, false",
            "[ab].txt, b.txt, true",
            "[!ab].txt, c.txt, true",
            "[!ab].txt, a.txt, false",
            "'{plan,apply}.log', apply.log, true",
            "'{plan,apply}.log', destroy.log, false",
            "a\\*b, a*b, true",
            "a\\*b, axb, false",
            "a.b, axb, false",
            "'(x)+', '(x)+', true"})
    void matchesLikeDoublestar(String pattern, String path, boolean expected) {
        assertThat(Glob.compile(pattern).matches(path)).isEqualTo(expected);
    }
}
