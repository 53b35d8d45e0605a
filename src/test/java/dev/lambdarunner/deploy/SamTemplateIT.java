package dev.lambdarunner.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/sam/template.yaml: cfn-lint passes it clean (informational checks included), and the stack deployed to
 * moto's CloudFormation (translated with aws-sam-translator first: moto has no SAM transform) has the intended
 * functions, roles, key, secrets, schedules and Function URLs: a plan function and an apply function that share
 * nothing that carries apply credentials, and keyless trust policies that admit only the apply branch to the apply
 * role. The moto checks are in src/test/deploy.
 */
class SamTemplateIT {

    private static final Path TEMPLATE = DeployTool.REPO.resolve("deploy/sam/template.yaml");

    @BeforeAll
    static void tools() {
        DeployTool.requireForChecks("cfn-lint", "pip install cfn-lint; .ci/run checks it");
    }

    @Test
    void templateLintsCleanWithInformationalChecks() {
        DeployTool.Result lint = cfnLint(TEMPLATE);

        assertThat(lint.exitCode()).as(lint.all()).isZero();
        assertThat(lint.stdout()).as("cfn-lint findings").isBlank();
    }

    @Test
    void lintRejectsTheDeprecatedProvidedAl2Runtime(@TempDir Path dir) throws IOException {
        Path al2 = dir.resolve("template.yaml");
        String template = Files.readString(TEMPLATE);
        assertThat(template).contains("Runtime: provided.al2023");
        Files.writeString(al2, template.replace("Runtime: provided.al2023", "Runtime: provided.al2"));

        DeployTool.Result lint = cfnLint(al2);

        assertThat(lint.exitCode()).as(lint.all()).isNotZero();
        assertThat(lint.stdout()).contains("provided.al2").contains("deprecated");
    }

    @Test
    void stackInMotoHasTheIntendedSettings() {
        DeployTool.Result checks = DeployTool.checksSaying("stack",
                "ok: function runtime is provided.al2023",
                "ok: secret has no value: the template holds none",
                "ok: schedule invokes the function with {\"trigger\":\"schedule\"}, no retries",
                "ok: the public permissions are exactly the two a NONE Function URL needs",
                "ok: plan function environment is the runner's configuration, contract names: no apply role, no protected sets",
                "ok: apply function environment: its own secret and context ci-apply, the apply role for the listed projects",
                "ok: neither function role reads, decrypts or invokes anything of the other runner",
                "ok: SAM key policy: each function role decrypts only under its own runner's context",
                "ok: trust policies evaluated for 8 ID tokens: the apply role only for the apply branch");

        assertThat(DeployTool.okLines(checks)).as("checks run").isGreaterThanOrEqualTo(50);
    }

    private static DeployTool.Result cfnLint(Path template) {
        return DeployTool.run(DeployTool.REPO, Map.of(), Duration.ofMinutes(2), "cfn-lint", "--include-checks", "I", "--", template.toString());
    }
}
