package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One entry of {@code variables}; {@code file} and {@code raw} are omitted by GitLab when false. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobVariable(String key, String value, @JsonProperty("public") boolean isPublic, boolean masked, boolean file, boolean raw) {

    public JobVariable {
        value = value == null ? "" : value;
    }

    public static JobVariable of(String key, String value) {
        return new JobVariable(key, value, true, false, false, false);
    }

    /** Masked values are never printed. */
    @Override
    public String toString() {
        return "JobVariable[" + key + (masked ? "=[MASKED]" : "=" + value) + "]";
    }
}
