package dev.lambdarunner.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A Terraform project in a temp directory, plus specs that run the real terraform binary on it. */
final class TerraformFixture {

    /** One resource whose local-exec provisioner sleeps for {@code var.marker} seconds. */
    static final String SLOW_APPLY = """
            variable "marker" {
              type = string
            }
            resource "terraform_data" "slow" {
              provisioner "local-exec" {
                command = "sleep ${var.marker}"
              }
            }
            """;

    private final Path dir;
    private final Path terraform;

    TerraformFixture(Path dir, String mainTf) throws IOException {
        this.dir = dir;
        this.terraform = onPath("terraform");
        Files.writeString(dir.resolve("main.tf"), mainTf);
        Files.createDirectories(home());
    }

    /** A spec for {@code terraform <args> -input=false -no-color} in the project, with a minimal built environment. */
    SandboxSpec spec(List<String> args, Duration timeout, Duration killGrace, RecordingSink sink) {
        List<String> argv = new ArrayList<>();
        argv.add(terraform.toString());
        argv.addAll(args);
        argv.add("-input=false");
        argv.add("-no-color");
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", home().toString(),
                "TF_IN_AUTOMATION", "true");
        return new SandboxSpec(argv, dir, env, timeout, killGrace, sink);
    }

    private Path home() {
        return dir.resolve(".home");
    }

    private static Path onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(entry -> Path.of(entry, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(program + " is not on PATH; these tests need the real binary"));
    }
}
