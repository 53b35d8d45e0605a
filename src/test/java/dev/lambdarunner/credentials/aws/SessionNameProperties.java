package dev.lambdarunner.credentials.aws;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

class SessionNameProperties {

    @Property
    void alwaysAValidStsSessionNameThatKeepsTheJobId(@ForAll("paths") String projectPath,
                                                     @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long jobId) {
        String name = SessionName.of(projectPath, jobId);

        assertThat(name).matches("[\\w+=,.@-]{2,64}").startsWith("gl-").endsWith("-" + jobId);
    }

    @Property
    void keepsAllowedCharactersOfShortPathsAsTheyAre(@ForAll("allowedPaths") String projectPath,
                                                     @ForAll @LongRange(min = 1, max = 99_999_999) long jobId) {
        assertThat(SessionName.of(projectPath, jobId)).isEqualTo("gl-" + projectPath + "-" + jobId);
    }

    @Example
    void slashesBecomeDashesAndLongPathsAreCutNotTheJob() {
        assertThat(SessionName.of("platform/infra/terraform", 4711)).isEqualTo("gl-platform-infra-terraform-4711");
        String longPath = "a-very-long-group-name/with-a-subgroup/and-a-project-name-that-goes-on";
        assertThat(SessionName.of(longPath, 123456789012L))
                .hasSize(64).isEqualTo("gl-a-very-long-group-name-with-a-subgroup-and-a-pro-123456789012");
        assertThat(SessionName.of("gruppe/übersicht", 7)).isEqualTo("gl-gruppe--bersicht-7");
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().all().ofMaxLength(300);
    }

    @Provide
    Arbitrary<String> allowedPaths() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars("_+=,.@-0123456789").ofMaxLength(40);
    }
}
