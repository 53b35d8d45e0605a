package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** {@code features} of the job payload: failure reasons the server accepts, extra token prefixes to mask. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobFeatures(List<String> failureReasons, List<String> tokenMaskPrefixes) {

    public JobFeatures {
        failureReasons = Lists.nonNull(failureReasons);
        tokenMaskPrefixes = Lists.nonNull(tokenMaskPrefixes);
    }
}
