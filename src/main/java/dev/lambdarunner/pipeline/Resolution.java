package dev.lambdarunner.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitLab's {@code extends} and {@code !reference}, in GitLab's order (includes merged, then {@code extends}, then
 * {@code !reference} tags): {@code extends} deep-merges the parents in order, later ones winning, then the job's own
 * keys (<a href="https://docs.gitlab.com/ci/yaml/#extends">extends</a>, up to 11 levels);
 * {@code !reference [a, b]} is the value at that path of the extended pipeline, references inside it resolved too
 * (up to 10 levels). A name that is missing is {@link JobProblem.Kind#UNKNOWN} when the pipeline has includes check
 * cannot read, {@link JobProblem.Kind#INVALID} otherwise.
 */
final class Resolution {

    private static final int MAX_EXTENDS = 11;
    private static final int MAX_REFERENCES = 10;

    private final Map<String, Object> config;
    private final List<String> unresolvedIncludes;

    Resolution(Map<String, Object> config, List<String> unresolvedIncludes) {
        this.config = config;
        this.unresolvedIncludes = unresolvedIncludes;
    }

    /** The top-level entry {@code name} with its {@code extends} merged in and every {@code !reference} replaced. */
    Map<String, Object> resolve(String name) {
        return asMap(references(extended(name, new ArrayList<>()), 0), name);
    }

    private Map<String, Object> extended(String name, List<String> chain) {
        Map<String, Object> own = asMap(config.get(name), name);
        Object parents = own.get("extends");
        if (parents == null) {
            return own;
        }
        chain.add(name);
        if (chain.size() > MAX_EXTENDS) {
            throw new JobProblem(JobProblem.Kind.INVALID, "extends nests deeper than " + MAX_EXTENDS + " levels: "
                    + String.join(" -> ", chain));
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Object parent : parents instanceof List<?> list ? list : List.of(parents)) {
            String parentName = String.valueOf(parent);
            if (chain.contains(parentName)) {
                throw new JobProblem(JobProblem.Kind.INVALID, "circular extends: " + String.join(" -> ", chain) + " -> " + parentName);
            }
            if (!config.containsKey(parentName)) {
                throw missing("extends '" + parentName + "'");
            }
            merged = DeepMerge.merge(merged, extended(parentName, new ArrayList<>(chain)));
        }
        merged = DeepMerge.merge(merged, own);
        merged.remove("extends");
        return merged;
    }

    private Object references(Object value, int depth) {
        if (value instanceof Reference reference) {
            if (depth >= MAX_REFERENCES) {
                throw new JobProblem(JobProblem.Kind.INVALID, reference + " nests deeper than " + MAX_REFERENCES + " levels");
            }
            return references(lookup(reference), depth + 1);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> out.put(String.valueOf(key), references(item, depth)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(references(item, depth)));
            return out;
        }
        return value;
    }

    private Object lookup(Reference reference) {
        List<String> path = reference.path();
        if (path.isEmpty() || !config.containsKey(path.get(0))) {
            throw missing(reference.toString());
        }
        Object value = extended(path.get(0), new ArrayList<>());
        for (String key : path.subList(1, path.size())) {
            if (!(value instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw missing(reference.toString());
            }
            value = map.get(key);
        }
        return value;
    }

    private JobProblem missing(String what) {
        if (unresolvedIncludes.isEmpty()) {
            return new JobProblem(JobProblem.Kind.INVALID, what + " is not defined in the pipeline");
        }
        return new JobProblem(JobProblem.Kind.UNKNOWN, what + " is not in this file or its local includes; it may come"
                + " from an include check cannot read (" + String.join(", ", unresolvedIncludes) + ")");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(Object value, String name) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new JobProblem(JobProblem.Kind.INVALID, "'" + name + "' is not a mapping of keywords");
    }
}
