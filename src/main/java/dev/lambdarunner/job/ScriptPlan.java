package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.JobStep;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.script.ScriptRejectedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's commands, every line parsed and checked before the first one runs, so a refused line
 * anywhere (also in after_script) fails the job with nothing executed.
 *
 * @param script           the {@code script} step (before_script already merged by GitLab)
 * @param afterScript      the {@code after_script} step, possibly empty
 * @param afterScriptLimit the after_script step's own timeout from the payload, if given
 */
record ScriptPlan(List<ScriptCommand> script, List<ScriptCommand> afterScript, Optional<Duration> afterScriptLimit) {

    static ScriptPlan build(JobResponse job, CommandPolicy policy) throws JobFailure {
        List<ScriptCommand> script = new ArrayList<>();
        List<ScriptCommand> after = new ArrayList<>();
        Optional<Duration> afterLimit = Optional.empty();
        for (JobStep step : job.steps()) {
            switch (step.name()) {
                case JobStep.SCRIPT -> script.addAll(check(step, policy));
                case JobStep.AFTER_SCRIPT -> {
                    after.addAll(check(step, policy));
                    afterLimit = step.timeout() > 0 ? Optional.of(Duration.ofSeconds(step.timeout())) : Optional.empty();
                }
                default -> throw new JobFailure(FailureReason.SCRIPT_FAILURE, null,
                        "step '" + step.name() + "' is not supported by this runner (only script and after_script)");
            }
        }
        return new ScriptPlan(List.copyOf(script), List.copyOf(after), afterLimit);
    }

    private static List<ScriptCommand> check(JobStep step, CommandPolicy policy) throws JobFailure {
        try {
            return policy.checkScript(step.script());
        } catch (ScriptRejectedException e) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, null, step.name() + ": " + e.getMessage());
        }
    }
}
