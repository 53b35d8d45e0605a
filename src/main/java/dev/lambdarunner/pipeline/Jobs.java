package dev.lambdarunner.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds each visible job of a resolved pipeline: its keywords after {@code extends} and {@code !reference}, then
 * what it inherits (<a href="https://docs.gitlab.com/ci/yaml/#default">default</a>, the deprecated top-level
 * {@code image}/{@code services}/{@code cache}/{@code before_script}/{@code after_script}, global
 * {@code variables}), unless {@code inherit:} says otherwise. Hidden jobs ({@code .name}) and trigger jobs (never
 * sent to a runner) are left out.
 */
final class Jobs {

    /** Top-level keys that are not jobs. */
    static final Set<String> GLOBAL_KEYWORDS = Set.of("default", "include", "stages", "variables", "workflow",
            "image", "services", "cache", "before_script", "after_script", "types", "spec");
    private static final List<String> DEPRECATED_GLOBALS = List.of("image", "services", "cache", "before_script", "after_script");
    private static final Set<String> DEFAULT_KEYWORDS = Set.of("after_script", "artifacts", "before_script", "cache",
            "hooks", "id_tokens", "image", "interruptible", "retry", "services", "tags", "timeout");

    private final Map<String, Object> config;
    private final Resolution resolution;

    Jobs(Map<String, Object> config, Resolution resolution) {
        this.config = config;
        this.resolution = resolution;
    }

    List<PipelineJob> build() {
        List<PipelineJob> jobs = new ArrayList<>();
        for (String name : config.keySet()) {
            if (GLOBAL_KEYWORDS.contains(name) || name.startsWith(".")) {
                continue;
            }
            PipelineJob job = build(name);
            if (!job.keywords().containsKey("trigger")) {
                jobs.add(job);
            }
        }
        return List.copyOf(jobs);
    }

    private PipelineJob build(String name) {
        Map<String, Object> own;
        Optional<JobProblem> problem = Optional.empty();
        try {
            own = resolution.resolve(name);
        } catch (JobProblem e) {
            problem = Optional.of(e);
            own = config.get(name) instanceof Map<?, ?> ? ownKeys(name) : Map.of();
        }
        Map<String, Object> keywords = inherited(own);
        try {
            return new PipelineJob(name, Scripts.lines(keywords.get("tags"), "tags"),
                    Scripts.lines(keywords.get("before_script"), "before_script"),
                    Scripts.lines(keywords.get("script"), "script"),
                    Scripts.lines(keywords.get("after_script"), "after_script"),
                    variables(own), keywords, problem.isPresent() ? problem : missingScript(keywords));
        } catch (JobProblem e) {
            return new PipelineJob(name, List.of(), List.of(), List.of(), List.of(), Map.of(), keywords,
                    problem.or(() -> Optional.of(e)));
        }
    }

    /** The job's own keywords, {@code !reference}s left out, when it could not be resolved. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> ownKeys(String name) {
        Map<String, Object> own = new LinkedHashMap<>((Map<String, Object>) config.get(name));
        own.values().removeIf(v -> v instanceof Reference);
        own.remove("extends");
        return own;
    }

    private static Optional<JobProblem> missingScript(Map<String, Object> keywords) {
        return keywords.get("script") == null
                ? Optional.of(new JobProblem(JobProblem.Kind.INVALID, "the job has no script"))
                : Optional.empty();
    }

    private Map<String, Object> inherited(Map<String, Object> own) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (String keyword : DEPRECATED_GLOBALS) {
            if (config.get(keyword) != null) {
                defaults.put(keyword, config.get(keyword));
            }
        }
        if (config.get("default") instanceof Map<?, ?>) {
            defaults.putAll(resolvedOrEmpty("default"));
        }
        Map<String, Object> keywords = new LinkedHashMap<>(own);
        defaults.forEach((keyword, value) -> {
            if (DEFAULT_KEYWORDS.contains(keyword) && !own.containsKey(keyword) && inherits(own, "default", keyword)) {
                keywords.put(keyword, value);
            }
        });
        return keywords;
    }

    private Map<String, PipelineJob.Variable> variables(Map<String, Object> own) {
        Map<String, PipelineJob.Variable> variables = new LinkedHashMap<>();
        if (config.get("variables") instanceof Map<?, ?>) {
            resolvedOrEmpty("variables").forEach((name, value) -> {
                if (inherits(own, "variables", name)) {
                    variables.put(name, variable(name, value));
                }
            });
        }
        if (own.get("variables") instanceof Map<?, ?> jobVariables) {
            jobVariables.forEach((name, value) -> variables.put(String.valueOf(name), variable(String.valueOf(name), value)));
        }
        return variables;
    }

    private Map<String, Object> resolvedOrEmpty(String key) {
        try {
            return resolution.resolve(key);
        } catch (JobProblem e) {
            return Map.of();
        }
    }

    /** {@code inherit: {default|variables: true|false|[names]}}; inherited unless it says otherwise. */
    private static boolean inherits(Map<String, Object> own, String what, String name) {
        if (!(own.get("inherit") instanceof Map<?, ?> inherit) || inherit.get(what) == null) {
            return true;
        }
        Object rule = inherit.get(what);
        if (rule instanceof Boolean all) {
            return all;
        }
        return rule instanceof List<?> names && names.stream().map(String::valueOf).anyMatch(name::equals);
    }

    /** A value, or {@code {value:, expand:, description:, options:}}. */
    private static PipelineJob.Variable variable(String name, Object value) {
        if (value instanceof Map<?, ?> map) {
            Object text = map.get("value");
            return new PipelineJob.Variable(text == null ? "" : String.valueOf(text), !Boolean.FALSE.equals(map.get("expand")));
        }
        if (value instanceof List<?>) {
            throw new JobProblem(JobProblem.Kind.INVALID, "variable " + name + " is a list; it must be a string");
        }
        return new PipelineJob.Variable(value == null ? "" : String.valueOf(value), true);
    }
}
