package dev.lambdarunner.credentials;

import dev.lambdarunner.sensitive.Secret;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a credential source is asked and what it grants are printed in logs and failures by name only: the job's
 * token and ID token in the request, the granted values in the answer, never show.
 */
class CredentialsPrintingProperties {

    @Property
    void aRequestNeverPrintsTheJobsEnvironment(@ForAll("values") String jobToken, @ForAll("values") String idToken) {
        CredentialRequest request = new CredentialRequest(42, "platform/infra", true,
                Map.of("CI_JOB_TOKEN", jobToken, "GITLAB_OIDC_TOKEN", idToken, "CI_PROJECT_PATH", "platform/infra"));

        assertThat(request.toString()).doesNotContain(jobToken).doesNotContain(idToken).contains("platform/infra");
    }

    @Property
    void aGrantPrintsItsNamesButNeverItsValues(@ForAll("values") String accessKey, @ForAll("values") String secretKey) {
        JobCredentials granted = new JobCredentials("credential set scaleway (all-refs)",
                Map.of("SCW_ACCESS_KEY", Secret.of(accessKey), "SCW_SECRET_KEY", Secret.of(secretKey)),
                Map.of("SCW_DEFAULT_REGION", "fr-par"), Set.of("GITLAB_OIDC_TOKEN"));

        assertThat(granted.toString()).doesNotContain(accessKey).doesNotContain(secretKey)
                .contains("SCW_ACCESS_KEY", "SCW_SECRET_KEY", "[MASKED]", "scaleway");
        assertThat(granted.environment().get("SCW_SECRET_KEY").value()).isEqualTo(secretKey);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(rest -> "~secret~" + rest);
    }
}
