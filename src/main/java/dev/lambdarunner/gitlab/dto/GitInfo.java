package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.lambdarunner.sensitive.Secret;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code git_info} of the job payload. {@code repoUrl} carries the job token as URL credentials
 * ({@code gitlab-ci-token:<token>@host}), hence a {@link Secret}.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitInfo(@JsonDeserialize(using = SecretDeserializer.class) Secret repoUrl, String ref, String sha,
                      String beforeSha, String refType, List<String> refspecs, int depth, @JsonProperty("protected") Boolean isProtected) {

    public GitInfo {
        refspecs = Lists.nonNull(refspecs);
    }
}
