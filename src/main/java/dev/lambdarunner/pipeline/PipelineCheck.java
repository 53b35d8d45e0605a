package dev.lambdarunner.pipeline;

import dev.lambdarunner.job.VariableExpander;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.script.ScriptLine;
import dev.lambdarunner.script.ScriptRejectedException;
import dev.lambdarunner.script.Word;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Says, for each job of a pipeline this runner would take, what it will run, refuse and ignore. Script lines go
 * through the job engine's own parser and policy ({@link CommandPolicy#checkScript}), so check and the
 * runner never disagree on a line; only values known when the job runs are missing, shown as {@code ${NAME}}.
 */
public final class PipelineCheck {

    private final Set<String> runnerTags;
    private final CommandPolicy policy;

    /**
     * @param runnerTags the runner's tags: it takes a job when every tag of the job is one of them
     * @param policy     the policy of the runner being checked for (with or without OpenTofu)
     */
    public PipelineCheck(Set<String> runnerTags, CommandPolicy policy) {
        this.runnerTags = Set.copyOf(runnerTags);
        this.policy = policy;
    }

    public CheckReport check(Pipeline pipeline) {
        List<JobReport> jobs = pipeline.jobs().stream().map(this::job).toList();
        return new CheckReport(pipeline.file(), new TreeSet<>(runnerTags), pipeline.unresolvedIncludes(), jobs);
    }

    private JobReport job(PipelineJob job) {
        String notTaken = notTaken(job);
        if (job.problem().isPresent()) {
            JobProblem problem = job.problem().get();
            if (problem.kind() == JobProblem.Kind.INVALID) {
                // GitLab rejects the whole pipeline for it, whichever runner the job is for.
                return report(job, JobReport.Verdict.CANNOT_RUN, problem.getMessage());
            }
            if (notTaken.isEmpty() || job.tags().isEmpty()) {
                // Untagged so far: its tags may come from what could not be read.
                return report(job, JobReport.Verdict.UNKNOWN, problem.getMessage());
            }
        }
        if (!notTaken.isEmpty()) {
            return report(job, JobReport.Verdict.NOT_TAKEN, notTaken);
        }
        List<String> refused = Keywords.refused(job.keywords());
        List<LineReport> lines = lines(job);
        boolean runs = refused.isEmpty() && lines.stream().allMatch(LineReport::runs);
        return new JobReport(job.name(), runs ? JobReport.Verdict.RUNS : JobReport.Verdict.CANNOT_RUN, "",
                Keywords.ignored(job.keywords()), refused, lines);
    }

    private static JobReport report(PipelineJob job, JobReport.Verdict verdict, String reason) {
        return new JobReport(job.name(), verdict, reason, List.of(), List.of(), List.of());
    }

    /** Empty when the runner takes the job (GitLab: every job tag is a runner tag; untagged jobs are not taken). */
    private String notTaken(PipelineJob job) {
        if (job.tags().isEmpty()) {
            return "untagged";
        }
        List<String> missing = job.tags().stream().filter(tag -> !runnerTags.contains(tag)).toList();
        return missing.isEmpty() ? "" : "tags " + String.join(", ", missing) + " not on this runner";
    }

    private List<LineReport> lines(PipelineJob job) {
        Map<String, String> values = values(job);
        List<LineReport> lines = new ArrayList<>();
        job.beforeScript().forEach(entry -> lines.addAll(entry("before_script", entry, values)));
        job.script().forEach(entry -> lines.addAll(entry("script", entry, values)));
        Map<String, String> afterValues = values(job);
        job.afterScript().forEach(entry -> lines.addAll(entry("after_script", entry, afterValues)));
        return lines;
    }

    /**
     * One script entry through the engine's own entry point ({@link CommandPolicy#checkScript}, which
     * {@code job.ScriptPlan} uses for a whole step). A refused entry is one refused line: the runner refuses the
     * whole job for it anyway.
     */
    private List<LineReport> entry(String section, String entry, Map<String, String> values) {
        try {
            return policy.checkScript(List.of(entry)).stream().map(command -> command(section, command, values)).toList();
        } catch (ScriptRejectedException e) {
            return List.of(new LineReport(section, e.line(), false, e.reason()));
        }
    }

    private static LineReport command(String section, ScriptCommand command, Map<String, String> values) {
        ScriptLine line = command.line();
        String expanded = line.words().stream().map(word -> shown(word, values)).collect(Collectors.joining(" "));
        if (command instanceof ScriptCommand.Export export) {
            export.assignments().forEach(a -> values.put(a.name(), a.value().expand(name -> lookup(values, name))));
        }
        return new LineReport(section, line.source(), true, expanded.equals(line.source()) ? "" : expanded);
    }

    private static String shown(Word word, Map<String, String> values) {
        String text = word.expand(name -> lookup(values, name));
        return text.isEmpty() || text.chars().anyMatch(Character::isWhitespace) ? "'" + text + "'" : text;
    }

    private static String lookup(Map<String, String> values, String name) {
        String value = values.get(name);
        return value == null ? "${" + name + "}" : value;
    }

    /** The job's variables as the engine sees them: each value expanded once against the others, as written. */
    private static Map<String, String> values(PipelineJob job) {
        Map<String, String> raw = new HashMap<>();
        job.variables().forEach((name, variable) -> raw.put(name, variable.value()));
        Map<String, String> values = new HashMap<>();
        job.variables().forEach((name, variable) -> values.put(name, variable.expand()
                ? VariableExpander.expand(variable.value(), other -> raw.containsKey(other) ? raw.get(other) : "${" + other + "}")
                : variable.value()));
        return values;
    }
}
