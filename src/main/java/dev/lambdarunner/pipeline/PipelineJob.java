package dev.lambdarunner.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One job of a pipeline as GitLab would hand it to a runner: {@code extends}, {@code !reference}, {@code default:}
 * and {@code inherit:} applied, scripts flattened.
 *
 * @param name         the job's name
 * @param tags         its tags; a runner takes it only when it has all of them
 * @param beforeScript {@code before_script} lines (GitLab sends them in the script step, before {@code script})
 * @param script       {@code script} lines
 * @param afterScript  {@code after_script} lines
 * @param variables    global variables the job inherits, then its own, in order
 * @param keywords     every keyword the job ends up with, with its value (for what the runner ignores or refuses)
 * @param problem      why the job could not be resolved, if it could not; the other fields are then partial
 */
record PipelineJob(String name, List<String> tags, List<String> beforeScript, List<String> script,
                   List<String> afterScript, Map<String, Variable> variables, Map<String, Object> keywords,
                   Optional<JobProblem> problem) {

    PipelineJob {
        Objects.requireNonNull(name, "name");
        tags = List.copyOf(tags);
        beforeScript = List.copyOf(beforeScript);
        script = List.copyOf(script);
        afterScript = List.copyOf(afterScript);
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        keywords = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keywords));
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * A CI/CD variable of the pipeline file.
     *
     * @param value  its value as written
     * @param expand false for {@code expand: false}: the value is taken as is, {@code $} included
     */
    record Variable(String value, boolean expand) {
    }
}
