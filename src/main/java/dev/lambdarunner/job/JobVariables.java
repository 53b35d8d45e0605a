package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobVariable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's variables resolved the way gitlab-runner resolves them: list order is precedence (the last
 * occurrence of a key wins), non-{@code raw} values are expanded once ({@code $VAR}, {@code ${VAR}},
 * {@code $$} is a literal {@code $}) against the raw values of the whole set, and {@code file} variables
 * are written to owner-only files whose path becomes the value.
 */
public final class JobVariables {

    private final List<JobVariable> ordered;

    public JobVariables(List<JobVariable> variables) {
        this.ordered = List.copyOf(variables);
    }

    /** The values to mask in the trace: every masked variable's value as GitLab sent it and as expanded. */
    public Set<String> maskedValues() {
        Set<String> values = new LinkedHashSet<>();
        Map<String, String> raw = rawValues();
        for (JobVariable v : ordered) {
            if (v.masked() && !v.value().isEmpty()) {
                values.add(v.value());
                values.add(v.raw() ? v.value() : VariableExpander.expand(v.value(), raw::get));
            }
        }
        return values;
    }

    /**
     * The environment entries of these variables, in precedence order, with file variables written
     * into {@code fileDir}.
     */
    public Map<String, String> resolve(Path fileDir) throws IOException {
        return resolve(fileDir, Map.of());
    }

    /**
     * As {@link #resolve(Path)}, with the variables a runner adds itself ({@code CI_PROJECT_DIR},
     * {@code CI_BUILDS_DIR}...) known to expansion, as gitlab-runner does: GitLab's Terraform template sets
     * {@code TF_ROOT: ${CI_PROJECT_DIR}}. A job variable of the same name wins.
     */
    public Map<String, String> resolve(Path fileDir, Map<String, String> predefined) throws IOException {
        Map<String, String> raw = new LinkedHashMap<>(predefined);
        raw.putAll(rawValues());
        Map<String, String> resolved = new LinkedHashMap<>();
        for (JobVariable v : lastOccurrences()) {
            String value = v.raw() ? v.value() : VariableExpander.expand(v.value(), raw::get);
            resolved.put(v.key(), v.file() ? writeFile(fileDir, v.key(), value).toString() : value);
        }
        return resolved;
    }

    /** The value GitLab sent for {@code key} (last occurrence), unexpanded, or {@code null}. */
    public String raw(String key) {
        return rawValues().get(key);
    }

    private Map<String, String> rawValues() {
        Map<String, String> raw = new LinkedHashMap<>();
        for (JobVariable v : ordered) {
            raw.put(v.key(), v.value());
        }
        return raw;
    }

    private Collection<JobVariable> lastOccurrences() {
        Map<String, JobVariable> last = new LinkedHashMap<>();
        for (JobVariable v : ordered) {
            last.remove(v.key());
            last.put(v.key(), v);
        }
        return new ArrayList<>(last.values());
    }

    private static Path writeFile(Path dir, String key, String value) throws IOException {
        if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IOException("writing file variable '" + key + "': not a valid variable name");
        }
        Path file = dir.resolve(key);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value);
        return file;
    }
}
