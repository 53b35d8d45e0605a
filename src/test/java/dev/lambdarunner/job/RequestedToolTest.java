package dev.lambdarunner.job;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RequestedToolTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "hashicorp/terraform:1.4, terraform, 1.4",
            "hashicorp/terraform:1.11.4, terraform, 1.11.4",
            "docker.io/hashicorp/terraform:v1.5.7, terraform, 1.5.7",
            "hashicorp/terraform:latest, terraform, -",
            "hashicorp/terraform, terraform, -",
            "hashicorp/terraform:1.9@sha256:0123abcd, terraform, 1.9",
            "registry.gitlab.com/gitlab-org/terraform-images/releases/1.4:v1.0.0, terraform, 1.4",
            "registry.gitlab.com/gitlab-org/terraform-images/stable:latest, terraform, -",
            "ghcr.io/opentofu/opentofu:1.8, tofu, 1.8",
            "ghcr.io/opentofu/opentofu:1.8.3-alpine, tofu, 1.8.3",
            "$CI_TEMPLATE_REGISTRY_HOST/components/opentofu/gitlab-opentofu:0.50.0-opentofu1.8.0, tofu, 1.8.0",
            "registry.gitlab.com/components/opentofu/gitlab-opentofu:0.50.0-opentofu1.8.0-alpine, tofu, 1.8.0",
            "registry.gitlab.com/components/opentofu/gitlab-opentofu:0.50.0, tofu, -",
            "localhost:5000/terraform:1.6, terraform, 1.6",
            "localhost:5000/Terraform, terraform, -",
    })
    void readsTheToolAndItsVersion(String image, String tool, String version) {
        assertThat(RequestedTool.of(image)).contains(new RequestedTool(tool, Optional.ofNullable(version)));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"alpine:3.19", "ruby:3.3", "localhost:5000/python:1.4", "' '", "-"})
    void anImageNotAboutTerraformAsksForNothing(String image) {
        assertThat(RequestedTool.of(image)).isEmpty();
    }

    @ParameterizedTest(name = "{0} met by {1}: {2}")
    @CsvSource({"1.11, 1.11.4, true", "1.11.4, 1.11.4, true", "1.1, 1.11.4, false", "1.4, 1.11.4, false",
            "1.11.3, 1.11.4, false"})
    void aShortVersionIsMetByItsReleases(String asked, String actual, boolean met) {
        assertThat(new RequestedTool("terraform", Optional.of(asked)).metBy(actual)).isEqualTo(met);
    }
}
