package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One entry of {@code steps}: {@code script} (before_script already merged in by GitLab) or
 * {@code after_script}. {@code timeout} is in seconds; {@code when} is on_success, on_failure or always.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobStep(String name, List<String> script, long timeout, String when, boolean allowFailure) {

    public static final String SCRIPT = "script";
    public static final String AFTER_SCRIPT = "after_script";

    public JobStep {
        script = Lists.nonNull(script);
        when = when == null ? "on_success" : when;
    }
}
