package dev.lambdarunner.terraform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Terraform and OpenTofu executables, resolved to absolute paths once at start-up from the runner's
 * own PATH: a job's environment has a fixed PATH, and a missing binary must stop the runner with a clear
 * message before it takes a job, not fail every job.
 */
public record TerraformBinaries(Path terraform, Optional<Path> tofu) {

    public static TerraformBinaries resolve(String terraform, Optional<String> tofu, String runnerPath) {
        return new TerraformBinaries(find(terraform, runnerPath), tofu.map(t -> find(t, runnerPath)));
    }

    /** The binary for {@code tool}, which the command policy already limited to terraform or an enabled tofu. */
    public Path binaryFor(String tool) {
        if ("tofu".equals(tool)) {
            return tofu.orElseThrow(() -> new IllegalStateException("tofu is not enabled on this runner"));
        }
        return terraform;
    }

    static Path find(String name, String runnerPath) {
        if (name.contains("/")) {
            Path path = Path.of(name).toAbsolutePath();
            if (Files.isExecutable(path) && !Files.isDirectory(path)) {
                return path;
            }
            throw new IllegalArgumentException("terraform binary '" + name + "': not an executable file");
        }
        for (String dir : (runnerPath == null ? "" : runnerPath).split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalArgumentException("terraform binary '" + name + "': not found on PATH");
    }
}
