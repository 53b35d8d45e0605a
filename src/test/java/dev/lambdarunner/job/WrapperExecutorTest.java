package dev.lambdarunner.job;

import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.script.ScriptRejectedException;
import dev.lambdarunner.terraform.TerraformCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/**
 * {@code gitlab-terraform} and {@code gitlab-tofu} lines as a job runs them: the invocations and environment that
 * reach the tool, where the line stops, the plan report, and the errors a user sees for settings the wrapper refuses.
 * The tool is stood in for; what each subcommand plans is GitLabWrapperTest's.
 */
class WrapperExecutorTest {

    private static final String SHOW_JSON = "{\"resource_changes\":[{\"change\":{\"actions\":[\"create\"]}},"
            + "{\"change\":{\"actions\":[\"delete\",\"create\"]}}]}";

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "{0} {1} runs: {2}")
    @CsvSource(delimiter = '|', value = {
            "gitlab-terraform | terraform | init           | init -input=false -reconfigure",
            "gitlab-terraform | terraform | validate       | init -backend=false -input=false -reconfigure; validate",
            "gitlab-terraform | terraform | plan           | init -input=false -reconfigure; plan -input=false -out=plan.cache",
            "gitlab-terraform | terraform | apply          | init -input=false -reconfigure; apply -input=false plan.cache",
            "gitlab-terraform | terraform | destroy        | init -input=false -reconfigure; destroy -auto-approve",
            "gitlab-terraform | terraform | fmt            | fmt -check -diff -recursive",
            "gitlab-terraform | terraform | output -json   | output -json",
            "gitlab-terraform | terraform | -- state list  | state list",
            "gitlab-tofu      | tofu      | validate       | init -backend=false -input=false -reconfigure; validate",
            "gitlab-tofu      | tofu      | apply          | init -input=false -reconfigure; apply -input=false -auto-approve plan.cache",
            "gitlab-tofu      | tofu      | test           | init -backend=false -input=false -reconfigure; test",
            "gitlab-tofu      | tofu      | providers lock | providers lock"})
    void eachCommand_reachesTheToolAsTheWrapperRunsIt(String wrapper, String tool, String command, String calls)
            throws Exception {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));

        job.run(wrapper + " " + command);

        assertThat(job.terraform.commandLines()).containsExactly(calls.split("; "));
        assertThat(job.terraform.calls()).extracting(TerraformCall::tool).containsOnly(tool);
    }

    @Test
    void theToolGetsTheManagedStateAndTheJobsEnvironment_forThisLineOnly() throws Exception {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));
        Files.createDirectories(job.projectDir.resolve("infra"));

        job.run("export TF_STATE_NAME=prod TF_ROOT=infra", "gitlab-terraform plan", "terraform output");

        String root = job.projectDir.resolve("infra").toRealPath().toString();
        assertThat(job.terraform.commandLines()).containsExactly("-chdir=" + root + " init -input=false -reconfigure",
                "-chdir=" + root + " plan -input=false -out=" + root + "/plan.cache", "output");
        String state = "https://gitlab.example.com/api/v4/projects/42/terraform/state/prod";
        assertThat(job.terraform.calls().subList(0, 2)).allSatisfy(call -> {
            assertThat(call.workingDir()).isEqualTo(job.projectDir);
            assertThat(call.environment()).containsEntry("TF_HTTP_ADDRESS", state)
                    .containsEntry("TF_HTTP_USERNAME", "gitlab-ci-token")
                    .containsEntry("TF_HTTP_PASSWORD", ScriptRun.JOB_TOKEN)
                    .containsEntry("TF_STATE_NAME", "prod").containsEntry("CI_PROJECT_ID", "42");
        });
        assertThat(job.terraform.calls().get(2).environment()).as("the wrapper's exports end with its line")
                .doesNotContainKey("TF_HTTP_ADDRESS");
    }

    @Test
    void theLogNamesEachStep_andMasksTheStatePassword() throws Exception {
        ScriptRun job = new ScriptRun(workDir, new ScriptedTerraform(call -> {
            ScriptedTerraform.print(call, "using " + call.environment().get("TF_HTTP_PASSWORD") + "\n");
            return ScriptedTerraform.ended(0);
        }));

        job.run("gitlab-terraform init");

        assertThat(job.log()).contains("gitlab-terraform: terraform init -input=false -reconfigure")
                .contains("using [MASKED]").doesNotContain(ScriptRun.JOB_TOKEN);
    }

    @Test
    void aFailingStep_endsTheLineWithItsExitCode() {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exitingAt("init", 1));

        assertThatThrownBy(() -> job.run("gitlab-terraform apply", "terraform output"))
                .asInstanceOf(type(JobFailure.class)).satisfies(failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.SCRIPT_FAILURE);
                    assertThat(failure.exitCode()).isEqualTo(1);
                });
        assertThat(job.terraform.commandLines()).singleElement().asString().startsWith("init");
    }

    @Test
    void gitLabTofuMayIgnoreInitErrors() throws Exception {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exitingAt("init", 1));

        job.run("export GITLAB_TOFU_IGNORE_INIT_ERRORS=true", "gitlab-tofu plan");

        assertThat(job.terraform.commandLines()).extracting(line -> line.split(" ")[0]).containsExactly("init", "plan");
    }

    @Test
    void anUnknownCommand_goesToTheToolAsItIs_andItsExitCodeFailsTheLine() {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(1));

        assertThatThrownBy(() -> job.run("gitlab-terraform frobnicate -now")).asInstanceOf(type(JobFailure.class))
                .extracting(JobFailure::exitCode).isEqualTo(1);
        assertThat(job.terraform.commandLines()).containsExactly("frobnicate -now");
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "gitlab-terraform          | gitlab-terraform needs a command (init, validate, fmt, plan, plan-json, apply",
            "gitlab-tofu               | gitlab-tofu needs a command",
            "gitlab-terraform $COMMAND | gitlab-terraform"})
    void aWrapperLineWithoutALiteralCommand_isRefusedBeforeTheJobRuns(String line, String reason) {
        assertThatThrownBy(() -> ScriptRun.checked("terraform init", line))
                .isInstanceOf(ScriptRejectedException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0} with {1} fails: {2}")
    @CsvSource(delimiter = '|', value = {
            "gitlab-terraform plan | TF_ROOT=..                       | gitlab-terraform: root directory '..': outside the",
            "gitlab-tofu plan      | GITLAB_TOFU_ROOT_DIR=/etc        | gitlab-tofu: root directory '/etc': outside the",
            "gitlab-tofu plan      | GITLAB_TOFU_AUTO_ENCRYPTION=true | gitlab-tofu: ",
            "gitlab-tofu plan      | GITLAB_TOFU_AUTO_ENCRYPTION=true | $GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE"})
    void settingsTheWrapperRefuses_failTheLineWithTheReason_beforeAnythingRuns(String line, String setting,
                                                                              String reason) {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));

        assertThatThrownBy(() -> job.run("export " + setting, line)).asInstanceOf(type(JobFailure.class))
                .satisfies(failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.SCRIPT_FAILURE);
                    assertThat(failure.exitCode()).isEqualTo(1);
                    assertThat(failure.getMessage()).contains(reason);
                });
        assertThat(job.terraform.calls()).isEmpty();
    }

    @Test
    void planJson_writesTheMergeRequestReport_fromShowJson() throws Exception {
        ScriptRun job = new ScriptRun(workDir, new ScriptedTerraform(call -> {
            assertThat(call.environment()).as("Terraform's log would spoil the JSON").doesNotContainKey("TF_LOG");
            ScriptedTerraform.print(call, SHOW_JSON);
            return ScriptedTerraform.ended(0);
        }));

        job.run("export TF_LOG=DEBUG", "gitlab-terraform plan-json");

        assertThat(job.terraform.commandLines()).containsExactly("show -json plan.cache");
        assertThat(Files.readString(job.projectDir.resolve("plan.json")))
                .isEqualTo("{\"create\":2,\"update\":0,\"delete\":1}\n");
        assertThat(job.log()).contains("Plan report plan.json: 2 to create, 0 to update, 1 to delete");
    }

    @Test
    void aFailingShow_putsItsOutputInTheLog_andFailsWithItsExitCode() {
        ScriptRun job = new ScriptRun(workDir, new ScriptedTerraform(call -> {
            ScriptedTerraform.print(call, "Error: no plan file at plan.cache\n");
            return ScriptedTerraform.ended(1);
        }));

        assertThatThrownBy(() -> job.run("gitlab-terraform plan-json")).asInstanceOf(type(JobFailure.class))
                .extracting(JobFailure::exitCode).isEqualTo(1);
        assertThat(job.projectDir.resolve("plan.json")).doesNotExist();
        assertThat(job.log()).contains("Error: no plan file at plan.cache");
    }

    @Test
    void aDetailedExitCodeOfTwo_stillWritesTheReport_thenEndsTheLineWithTwo() {
        ScriptRun job = new ScriptRun(workDir, new ScriptedTerraform(call -> {
            if (call.args().get(0).equals("show")) {
                ScriptedTerraform.print(call, SHOW_JSON);
            }
            return ScriptedTerraform.ended(call.args().get(0).equals("plan") ? 2 : 0);
        }));

        String options = "export GITLAB_TOFU_USE_DETAILED_EXITCODE=true GITLAB_TOFU_PLAN_WITH_JSON=true";
        assertThatThrownBy(() -> job.run(options, "gitlab-tofu plan", "tofu output"))
                .asInstanceOf(type(JobFailure.class)).satisfies(failure -> {
                    assertThat(failure.exitCode()).isEqualTo(2);
                    assertThat(failure.getMessage()).contains("plan has changes");
                });
        assertThat(job.terraform.commandLines()).extracting(line -> line.split(" ")[0])
                .containsExactly("init", "plan", "show");
        assertThat(job.projectDir.resolve("plan.json")).exists();
    }

    @Test
    void aCancelDuringAStep_stopsIt_andNoLaterStepRuns() throws Exception {
        ScriptedTerraform.UntilStopped init = new ScriptedTerraform.UntilStopped();
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.runningAt("init", init));

        CompletableFuture<Optional<JobFailure>> running = job.start("gitlab-terraform apply");
        init.awaitStarted();
        job.ctx.stop(StopReason.CANCELED);

        assertThat(running.get()).get().extracting(JobFailure::reason).isEqualTo(FailureReason.JOB_CANCELED);
        assertThat(job.terraform.calls()).hasSize(1);
    }
}
