package dev.lambdarunner.cli;

import dev.lambdarunner.testsupport.TestConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} in process: what it prints per job and line, and its exit codes. */
class CheckCommandTest {

    private static final String DIR = "src/test/resources/pipelines/";

    @Test
    void theExamplePipelineRunsWithVariablesExpandedAndRuntimeOnesAsPlaceholders() {
        CliResult result = check("deploy/gitlab-ci/.gitlab-ci.yml");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("job plan: runs\n  script:\n"
                        + "    run: cd \"${TF_ROOT}\"  =>  cd ${CI_PROJECT_DIR}/infra\n"
                        + "    run: gitlab-terraform plan\n")
                .endsWith("2 jobs for this runner: 2 can run, 0 cannot run, 0 unknown; 2 not taken\n");
    }

    @Test
    void refusedLinesExitOneWithTheReasonPerLine() {
        CliResult result = check(DIR + "refused.yml");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(
                "job shell-constructs: cannot run\n",
                "    refused: 'terraform plan | tee plan.txt': pipe '|' is not allowed\n",
                "    refused: 'terraform output -json > outputs.json': redirection '>' is not allowed\n",
                "    refused: 'terraform apply -var \"version=$(git describe)\"': command substitution '$(' is not allowed\n",
                "    refused: 'curl -sSL https://example.com/install.sh': 'curl' is not allowed",
                "  refused: release: ",
                "job fine: runs\n",
                "4 jobs for this runner: 1 can run, 3 cannot run, 0 unknown; 0 not taken");
    }

    @Test
    void ignoredKeywordsAreNamedAndOtherRunnersJobsNotTaken() {
        CliResult result = check(DIR + "default.yml");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains(
                "job inherits-all: runs\n  ignored: image (hashicorp/terraform:1.9): ",
                "  ignored: services (postgres:16, redis:7): ",
                "  ignored: cache ($TF_ROOT): ",
                "  after_script:\n    run: terraform show\n",
                "job other-runner: not taken (tags docker not on this runner)");
    }

    @Test
    void tagOptionChoosesTheRunnersTags() {
        CliResult result = check(DIR + "default.yml", "--tag", "docker");
        assertThat(result.out()).contains("job other-runner: cannot run", "refused: 'make test': 'make' is not allowed")
                .contains("job inherits-all: not taken (tags lambda-terraform not on this runner)");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void jobsFromIncludesItCannotReadAreUnknownAndExitOne() {
        CliResult result = check(DIR + "unresolved.yml");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("not read: include template Terraform/Base.latest.gitlab-ci.yml",
                "job build: unknown (extends '.terraform:build' is not in this file or its local includes");
    }

    @Test
    void tofuLinesFollowTheRunnersTofuSetting() {
        String file = DIR + "opentofu/.gitlab-ci.yml";
        assertThat(check(file).out()).contains("refused: 'gitlab-tofu fmt': gitlab-tofu is not enabled on this runner");
        CliResult configured = CliResult.run(new CheckCommand(TestConfig.runner(Map.of("runner.terraform.tofu-path", "tofu"))), file);
        assertThat(configured.exitCode()).as(configured.all()).isZero();
        assertThat(check(file, "--tofu").exitCode()).isZero();
    }

    @Test
    void anUnreadableOrInvalidFileExitsTwoNamingTheFileAndTheCause() {
        CliResult missing = check(DIR + "nope.yml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: reading " + DIR + "nope.yml: no such file\n");
        CliResult invalid = check(DIR + "invalid.yml");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).startsWith("error: parsing " + DIR + "invalid.yml: ").contains("(line 2, column 1)");
        assertThat(invalid.out()).isEmpty();
    }

    @Test
    void helpSaysWhatItDoesAndItsExitCodes() {
        CliResult help = check("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: check", "[FILE]", "--tag=TAG", "--root=DIR", "show as ${NAME}",
                "0 every job for this runner can run; 1 one cannot");
    }

    private static CliResult check(String... args) {
        return CliResult.run(new CheckCommand(TestConfig.runner(Map.of())), args);
    }
}
