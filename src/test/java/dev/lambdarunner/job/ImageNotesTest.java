package dev.lambdarunner.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.gitlab.dto.JobResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ImageNotesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Function<String, Optional<String>> TERRAFORM_ONLY =
            tool -> tool.equals("terraform") ? Optional.of("1.11.4") : Optional.empty();
    private static final Function<String, Optional<String>> WITH_TOFU =
            tool -> Optional.of(Map.of("terraform", "1.11.4", "tofu", "1.8.2").get(tool));

    @Test
    void anOlderTerraformImageIsNamedWithTheRunnersVersion() throws Exception {
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"hashicorp/terraform:1.4\",\"entrypoint\":[\"\"]}}"),
                TERRAFORM_ONLY)).containsExactly("the job asks for Terraform 1.4 (image hashicorp/terraform:1.4); "
                + "this runner runs Terraform 1.11.4");
    }

    @Test
    void theRunnersOwnVersionNeedsNoNote() throws Exception {
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"hashicorp/terraform:1.11\"}}"), TERRAFORM_ONLY))
                .isEmpty();
    }

    @Test
    void theComponentsImageIsComparedWithTheRunnersTofu() throws Exception {
        String image = "registry.gitlab.com/components/opentofu/gitlab-opentofu:0.50.0-opentofu1.8.0";
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"" + image + "\"}}"), WITH_TOFU)).containsExactly(
                "the job asks for OpenTofu 1.8.0 (image " + image + "); this runner runs OpenTofu 1.8.2");
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"ghcr.io/opentofu/opentofu:1.8\"}}"), WITH_TOFU))
                .isEmpty();
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"ghcr.io/opentofu/opentofu:1.8\"}}"), TERRAFORM_ONLY))
                .containsExactly("the job asks for OpenTofu 1.8 (image ghcr.io/opentofu/opentofu:1.8); this runner "
                        + "runs Terraform 1.11.4");
    }

    @Test
    void otherImagesServicesAndCacheAreNamedAsIgnored() throws Exception {
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"alpine:3.19\"},\"services\":[{\"name\":\"postgres:16\","
                + "\"alias\":\"db\"},{\"name\":\"redis\"}],\"cache\":[{\"key\":\"main-protected\",\"paths\":null},"
                + "null]}"), TERRAFORM_ONLY)).containsExactly(
                "image alpine:3.19 is ignored: this runner runs its own Terraform",
                "services postgres:16 (db), redis are ignored: this runner starts no service containers",
                "cache main-protected is ignored: this runner keeps no cache between jobs");
    }

    @Test
    void anUnknownVersionStillNamesTheImage() throws Exception {
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"hashicorp/terraform:1.4\"}}"), tool -> Optional.empty()))
                .containsExactly("the job asks for Terraform 1.4 (image hashicorp/terraform:1.4); this runner runs "
                        + "Terraform");
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"hashicorp/terraform\"}}"), TERRAFORM_ONLY))
                .containsExactly("image hashicorp/terraform is ignored: this runner runs Terraform 1.11.4");
    }

    @Test
    void nullsAndOldServersGiveNoNote() throws Exception {
        assertThat(ImageNotes.of(job("{\"image\":null,\"services\":null,\"cache\":[null]}"), TERRAFORM_ONLY))
                .isEmpty();
        assertThat(ImageNotes.of(job("{}"), TERRAFORM_ONLY)).isEmpty();
        assertThat(ImageNotes.of(job("{\"image\":{\"name\":\"\"}}"), TERRAFORM_ONLY)).isEmpty();
    }

    private static JobResponse job(String json) throws Exception {
        return JSON.readValue(json, JobResponse.class);
    }
}
