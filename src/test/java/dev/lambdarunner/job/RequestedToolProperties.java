package dev.lambdarunner.job;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the version and registry, each image form GitLab's templates use gives back the version it names. */
class RequestedToolProperties {

    private static final String[] FORMS = {
            "%s/hashicorp/terraform:%s",
            "%s/hashicorp/terraform:v%s-alpine",
            "%s/gitlab-org/terraform-images/releases/%s:v1.0.0",
            "%s/opentofu/opentofu:%s",
            "%s/components/opentofu/gitlab-opentofu:0.50.0-opentofu%s",
            "%s/components/opentofu/gitlab-opentofu:0.50.0-opentofu%s-fips@sha256:00ff",
    };

    @Property(tries = 500)
    void theNamedVersionIsRead(@ForAll("forms") int form, @ForAll("registries") String registry,
                               @ForAll("versions") String version) {
        String image = String.format(FORMS[form], registry, version);
        Optional<RequestedTool> tool = RequestedTool.of(image);
        assertThat(tool).as(image).isPresent();
        assertThat(tool.get().version()).as(image).contains(version);
        assertThat(tool.get().tool()).as(image).isEqualTo(image.contains("tofu") ? "tofu" : "terraform");
        assertThat(tool.get().metBy(version + ".9")).as(image).isTrue();
    }

    @Provide
    Arbitrary<Integer> forms() {
        return Arbitraries.integers().between(0, FORMS.length - 1);
    }

    @Provide
    Arbitrary<String> registries() {
        return Arbitraries.of("registry.gitlab.com", "localhost:5000", "gitlab.example.com:4567", "docker.io");
    }

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 99);
        return Arbitraries.oneOf(
                Combinators.combine(part, part).as((a, b) -> a + "." + b),
                Combinators.combine(part, part, part).as((a, b, c) -> a + "." + b + "." + c));
    }
}
