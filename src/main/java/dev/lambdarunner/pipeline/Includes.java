package dev.lambdarunner.pipeline;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * GitLab's {@code include:} done offline
 * (<a href="https://docs.gitlab.com/ci/yaml/#include">include</a>): {@code local} files (and plain paths) are read from
 * the repository root, wildcards included, nested includes too; each included file is merged in order with
 * {@link DeepMerge}, and the including file's own content wins. {@code remote}, {@code template}, {@code project} and
 * {@code component} need GitLab or the network: they are named in {@link #unresolved()}, never guessed.
 * Rules and inputs of an include are not evaluated: a local include is always read.
 */
final class Includes {

    private static final int MAX_FILES = 150;

    private final Path root;
    private final Set<Path> read = new LinkedHashSet<>();
    private final List<String> unresolved = new ArrayList<>();

    Includes(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The pipeline of {@code file} with everything it includes locally merged in; its own {@code include} removed. */
    Map<String, Object> resolve(Path file) {
        Path path = file.toAbsolutePath().normalize();
        read.add(path);
        Map<String, Object> own = new LinkedHashMap<>(GitLabYaml.read(file));
        Object include = own.remove("include");
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Object entry : entries(include)) {
            for (Path local : locals(file, entry)) {
                if (read.size() >= MAX_FILES) {
                    throw new PipelineException("including " + local + " from " + file + ": more than " + MAX_FILES + " files");
                }
                if (!read.contains(local)) {
                    merged = DeepMerge.merge(merged, resolve(local));
                }
            }
        }
        return DeepMerge.merge(merged, own);
    }

    /** Includes that need GitLab or the network, as {@code kind value}, in the order met. */
    List<String> unresolved() {
        return List.copyOf(unresolved);
    }

    private static List<?> entries(Object include) {
        if (include == null) {
            return List.of();
        }
        return include instanceof List<?> list ? list : List.of(include);
    }

    private List<Path> locals(Path from, Object entry) {
        if (entry instanceof String path) {
            if (path.startsWith("https://") || path.startsWith("http://")) {
                unresolved.add("remote " + path);
                return List.of();
            }
            return local(from, path);
        }
        if (!(entry instanceof Map<?, ?> map)) {
            throw new PipelineException("reading include in " + from + ": '" + entry + "' is neither a path nor a mapping");
        }
        if (map.get("local") != null) {
            return local(from, String.valueOf(map.get("local")));
        }
        unresolved.add(describe(from, map));
        return List.of();
    }

    private String describe(Path from, Map<?, ?> map) {
        for (String kind : List.of("remote", "template", "component")) {
            if (map.get(kind) != null) {
                return kind + " " + map.get(kind);
            }
        }
        if (map.get("project") != null) {
            Object ref = map.get("ref");
            return "project " + map.get("project") + " file " + map.get("file") + (ref == null ? "" : " ref " + ref);
        }
        throw new PipelineException("reading include in " + from + ": " + map.keySet()
                + " is not one of local, remote, template, project, component");
    }

    /** A local path, relative to the repository root whether or not it starts with {@code /}; may hold wildcards. */
    private List<Path> local(Path from, String path) {
        String relative = path.replaceFirst("^/+", "");
        if (relative.contains("*")) {
            return matching(from, relative);
        }
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root)) {
            throw new PipelineException("including local " + path + " from " + from + ": it is outside the repository root " + root);
        }
        if (!Files.isRegularFile(target)) {
            throw new PipelineException("including local " + path + " from " + from + ": no such file " + target);
        }
        return List.of(target);
    }

    private List<Path> matching(Path from, String glob) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(root.relativize(p)))
                    .sorted().toList();
            if (found.isEmpty()) {
                throw new PipelineException("including local " + glob + " from " + from + ": no file matches in " + root);
            }
            return found;
        } catch (IOException e) {
            throw new PipelineException("including local " + glob + " from " + from + ": " + e.getMessage(), e);
        }
    }
}
