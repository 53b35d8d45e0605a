package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One entry of {@code artifacts}: an archive or a report to upload after the script. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobArtifact(String name, Boolean untracked, List<String> paths, List<String> exclude, String when,
                          String expireIn, String artifactType, String artifactFormat) {

    public JobArtifact {
        paths = Lists.nonNull(paths);
        exclude = Lists.nonNull(exclude);
    }
}
