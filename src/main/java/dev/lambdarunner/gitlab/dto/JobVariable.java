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

    /**
     * Prints the name, never the value: not only masked values are secret ({@code CI_REPOSITORY_URL} carries the job
     * token and GitLab sends it unmasked; a project may forget to mask its own). Whether a value is secret is data
     * here (GitLab's {@code masked} flag), not a type: the value is a plain {@code String} that the job's
     * environment, expansion and the masker all read, and may be empty, which a {@code Secret} may not.
     */
    @Override
    public String toString() {
        return "JobVariable[" + key + (masked ? ", masked" : "") + "]";
    }
}
