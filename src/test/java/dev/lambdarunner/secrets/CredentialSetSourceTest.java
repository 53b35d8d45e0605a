package dev.lambdarunner.secrets;

import dev.lambdarunner.credentials.CredentialRequest;
import dev.lambdarunner.credentials.JobCredentials;
import dev.lambdarunner.sensitive.Secret;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSetSourceTest {

    private final CredentialSetSource source = new CredentialSetSource(Map.of(
            "scaleway-read", new CredentialSet(CredentialSet.Scope.ALL_REFS,
                    Map.of("SCW_ACCESS_KEY", Secret.of("read-access-key"), "SCW_SECRET_KEY", Secret.of("read-secret-key"))),
            "scaleway-write", new CredentialSet(CredentialSet.Scope.PROTECTED_REFS_ONLY,
                    Map.of("SCW_ACCESS_KEY", Secret.of("write-access-key"), "SCW_SECRET_KEY", Secret.of("write-secret-key"))),
            "hetzner", new CredentialSet(CredentialSet.Scope.PROTECTED_REFS_ONLY,
                    Map.of("HCLOUD_TOKEN", Secret.of("hcloud-token-value")))));

    private static CredentialRequest job(boolean refProtected) {
        return new CredentialRequest(42, "infra/network", refProtected, Map.of());
    }

    @Test
    void aJobOnAnUnprotectedRefGetsOnlyTheAllRefsSets() {
        JobCredentials granted = source.forJob(job(false));

        assertThat(values(granted)).containsOnly(Map.entry("SCW_ACCESS_KEY", "read-access-key"),
                Map.entry("SCW_SECRET_KEY", "read-secret-key"));
        assertThat(granted.source()).isEqualTo("credential set scaleway-read (all-refs)");
    }

    @Test
    void aJobOnAProtectedRefGetsEverySetAndTheProtectedValueWinsAClash() {
        JobCredentials granted = source.forJob(job(true));

        assertThat(values(granted)).containsOnly(Map.entry("SCW_ACCESS_KEY", "write-access-key"),
                Map.entry("SCW_SECRET_KEY", "write-secret-key"), Map.entry("HCLOUD_TOKEN", "hcloud-token-value"));
        assertThat(granted.source()).contains("hetzner (protected-refs-only)", "scaleway-write (protected-refs-only)");
        assertThat(granted.toString()).doesNotContain("write-access-key", "hcloud-token-value");
    }

    @Test
    void onlyProtectedSetsAndAnUnprotectedRefGiveNothing() {
        CredentialSetSource onlyProtected = new CredentialSetSource(Map.of("hetzner", new CredentialSet(
                CredentialSet.Scope.PROTECTED_REFS_ONLY, Map.of("HCLOUD_TOKEN", Secret.of("hcloud-token-value")))));

        assertThat(onlyProtected.forJob(job(false)).isEmpty()).isTrue();
    }

    /** The granted values, read where a job's environment would read them. */
    private static Map<String, String> values(JobCredentials granted) {
        Map<String, String> values = new LinkedHashMap<>();
        granted.environment().forEach((name, secret) -> values.put(name, secret.value()));
        return values;
    }
}
