package dev.lambdarunner.pipeline;

import java.util.List;

/**
 * GitLab's {@code !reference [job, key, ...]}: the value at that path of the pipeline, taken after {@code extends}
 * is resolved (<a href="https://docs.gitlab.com/ci/yaml/yaml_optimization/#reference-tags">reference tags</a>).
 *
 * @param path the keys, the first a top-level key (a job, hidden or not, or {@code default}/{@code variables})
 */
record Reference(List<String> path) {

    Reference {
        path = List.copyOf(path);
    }

    @Override
    public String toString() {
        return "!reference [" + String.join(", ", path) + "]";
    }
}
