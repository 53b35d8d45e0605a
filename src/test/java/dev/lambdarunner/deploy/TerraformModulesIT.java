package dev.lambdarunner.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/terraform, offline. `terraform fmt -check` covers every file (and parses its HCL). `terraform validate`
 * needs the AWS provider's schema, which cannot be downloaded here: it runs for the provider-free modules, and for
 * the runner module, the example and the bootstrap a reference check does what it can without the schema
 * (variables, resources, data sources, module inputs and outputs, names); the runner README lists every input
 * and output.
 */
class TerraformModulesIT {

    private static final Path TERRAFORM = DeployTool.REPO.resolve("deploy/terraform");
    private static final Map<String, String> OFFLINE = Map.of("CHECKPOINT_DISABLE", "1", "TF_IN_AUTOMATION", "1");

    @BeforeAll
    static void tools() {
        DeployTool.requireForChecks("terraform", "Terraform 1.5 or newer");
    }

    @Test
    void everyFileIsFormatted() {
        DeployTool.Result fmt = DeployTool.run(DeployTool.REPO, OFFLINE, Duration.ofMinutes(1),
                "terraform", "fmt", "-check", "-recursive", "-diff", TERRAFORM.toString());

        assertThat(fmt.exitCode()).as(fmt.all()).isZero();
    }

    @Test
    void providerFreeModulesValidate(@TempDir Path dir) throws IOException {
        copy(TERRAFORM, dir);
        for (String module : List.of("modules/names", "modules/stack-policies", "modules/bootstrap-policies")) {
            Path at = dir.resolve(module);
            DeployTool.Result init = DeployTool.run(at, OFFLINE, Duration.ofMinutes(1), "terraform", "init", "-backend=false", "-input=false", "-no-color");
            assertThat(init.exitCode()).as(module + " init\n" + init.all()).isZero();
            DeployTool.Result validate = DeployTool.run(at, OFFLINE, Duration.ofMinutes(1), "terraform", "validate", "-no-color");
            assertThat(validate.exitCode()).as(module + " validate\n" + validate.all()).isZero();
            assertThat(validate.stdout()).contains("The configuration is valid");
        }
    }

    @Test
    void referencesAndReadmeHoldTogether() {
        DeployTool.checksSaying("terraform",
                "ok: deploy/terraform/runner: every resource reference names a resource block",
                "ok: deploy/terraform/bootstrap: module policies gets every required input of ../modules/bootstrap-policies",
                "ok: runner README tables list every input and output, nothing else");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
