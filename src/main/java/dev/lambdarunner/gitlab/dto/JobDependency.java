package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.lambdarunner.sensitive.Secret;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One entry of {@code dependencies}: a previous job whose artifacts this job downloads. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobDependency(long id, String name,
                            @JsonDeserialize(using = SecretDeserializer.class) Secret token, ArtifactsFile artifactsFile) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArtifactsFile(String filename, long size) {
    }
}
