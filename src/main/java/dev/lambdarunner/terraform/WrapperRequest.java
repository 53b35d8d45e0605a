package dev.lambdarunner.terraform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code gitlab-terraform ...} or {@code gitlab-tofu ...} script line, expanded, with what the wrapper reads.
 *
 * @param args        the arguments after the wrapper's name, expanded
 * @param display     the same arguments as written in the script (variables unexpanded), for the job log
 * @param environment the job's environment at this line (its {@code export}s included)
 * @param currentDir  the directory the line runs in
 * @param directories resolves the wrapper's root directory ({@code TF_ROOT}) relative to {@code CI_PROJECT_DIR}, as
 *                    the wrapper's {@code cd "$CI_PROJECT_DIR"; realpath "$TF_ROOT"} does, refusing one outside it
 */
public record WrapperRequest(List<String> args, List<String> display, Map<String, String> environment,
                             Path currentDir, Directories directories) {

    /** Resolves a directory of the project; throws {@link IllegalArgumentException} for one outside it. */
    public interface Directories {
        Path resolve(String dir);
    }

    public WrapperRequest {
        args = List.copyOf(args);
        display = List.copyOf(display);
        if (args.size() != display.size()) {
            throw new IllegalArgumentException("wrapper request needs one display form per argument");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(currentDir, "currentDir");
        Objects.requireNonNull(directories, "directories");
    }

    /** A variable's value, or empty when unset or empty (the wrapper's {@code ${X:-...}} treats both alike). */
    Optional<String> get(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return "WrapperRequest" + display;
    }
}
