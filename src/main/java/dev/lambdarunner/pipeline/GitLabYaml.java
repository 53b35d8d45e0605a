package dev.lambdarunner.pipeline;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one pipeline file as GitLab does: YAML 1.1 with anchors, aliases and {@code <<:} merge keys (all from
 * SnakeYAML's safe constructor, which builds only maps, lists and scalars), plus GitLab's {@code !reference} tag.
 * A file whose first document is only a {@code spec:} header (CI/CD inputs) is read from its second document.
 */
final class GitLabYaml {

    private static final Tag REFERENCE = new Tag("!reference");

    private GitLabYaml() {
    }

    /** The file's top-level mapping; keys are strings, {@code !reference} values are {@link Reference}s. */
    static Map<String, Object> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PipelineException("reading " + file + ": " + describe(e), e);
        }
        List<Object> documents = new ArrayList<>();
        try {
            new Yaml(new Constructor(new LoaderOptions())).loadAll(text).forEach(documents::add);
        } catch (YAMLException e) {
            throw new PipelineException("parsing " + file + ": " + describe(e), e);
        }
        return topLevel(file, documents);
    }

    private static Map<String, Object> topLevel(Path file, List<Object> documents) {
        documents.removeIf(d -> d == null);
        if (documents.size() == 2 && documents.get(0) instanceof Map<?, ?> header && header.keySet().equals(Set.of("spec"))) {
            documents.remove(0);
        }
        if (documents.isEmpty()) {
            throw new PipelineException("reading " + file + ": the file is empty");
        }
        if (documents.size() > 1) {
            throw new PipelineException("reading " + file + ": " + documents.size() + " YAML documents, a pipeline has one"
                    + " (optionally after a spec: header)");
        }
        if (!(documents.get(0) instanceof Map<?, ?> map)) {
            throw new PipelineException("reading " + file + ": the top level is not a mapping of jobs and keywords");
        }
        return stringKeys(map);
    }

    /** GitLab reads every key as a string ({@code 1:}, {@code true:}); nested maps too. */
    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(String.valueOf(key), stringKeys(value)));
        return out;
    }

    private static Object stringKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            return stringKeys(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(GitLabYaml::stringKeys).toList();
        }
        return value;
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return switch (kind) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? kind : e.getMessage();
        };
    }

    /** SnakeYAML's messages span several lines with a source excerpt: the problem and where, on one line. */
    private static String describe(YAMLException e) {
        if (e instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
            return context + marked.getProblem() + (mark == null ? ""
                    : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")");
        }
        return e.getMessage() == null ? "invalid YAML" : e.getMessage().strip().split("\n")[0];
    }

    /** The safe constructor plus {@code !reference [a, b]}, a sequence of keys. */
    private static final class Constructor extends SafeConstructor {

        Constructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(REFERENCE, new ConstructReference());
        }

        private final class ConstructReference extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                if (!(node instanceof SequenceNode sequence)) {
                    throw new YAMLException("!reference needs a sequence of keys, like !reference [job, script] "
                            + node.getStartMark());
                }
                List<String> path = new ArrayList<>();
                for (Object key : constructSequence(sequence)) {
                    path.add(String.valueOf(key));
                }
                return new Reference(path);
            }
        }
    }
}
