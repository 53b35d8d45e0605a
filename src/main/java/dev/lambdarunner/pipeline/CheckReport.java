package dev.lambdarunner.pipeline;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The result of {@link PipelineCheck}: per job and per script command what the runner runs, refuses and ignores.
 *
 * @param file               the pipeline file
 * @param runnerTags         the tags of the runner checked for
 * @param unresolvedIncludes includes that were not read (need GitLab or the network)
 * @param jobs               every visible job, in pipeline order
 */
public record CheckReport(Path file, Set<String> runnerTags, List<String> unresolvedIncludes, List<JobReport> jobs) {

    public CheckReport {
        runnerTags = Set.copyOf(runnerTags);
        unresolvedIncludes = List.copyOf(unresolvedIncludes);
        jobs = List.copyOf(jobs);
    }

    /** True when every job this runner takes can run (also when it takes none). */
    public boolean allRun() {
        return jobs.stream().noneMatch(job -> job.verdict() == JobReport.Verdict.CANNOT_RUN
                || job.verdict() == JobReport.Verdict.UNKNOWN);
    }

    public long count(JobReport.Verdict verdict) {
        return jobs.stream().filter(job -> job.verdict() == verdict).count();
    }

    /** The report as the {@code check} command prints it. */
    public void print(PrintWriter out) {
        out.println("pipeline " + file + ", runner tags " + String.join(", ", runnerTags.stream().sorted().toList()));
        unresolvedIncludes.forEach(include -> out.println("not read: include " + include + " (needs GitLab or the network)"));
        for (JobReport job : jobs) {
            printJob(out, job);
        }
        out.println(summary());
    }

    private static void printJob(PrintWriter out, JobReport job) {
        String verdict = switch (job.verdict()) {
            case RUNS -> "runs";
            case CANNOT_RUN -> "cannot run";
            case UNKNOWN -> "unknown";
            case NOT_TAKEN -> "not taken";
        };
        out.println("job " + job.name() + ": " + verdict + (job.reason().isEmpty() ? "" : " (" + job.reason() + ")"));
        job.ignored().forEach(note -> out.println("  ignored: " + note));
        job.refused().forEach(note -> out.println("  refused: " + note));
        String section = "";
        for (LineReport line : job.lines()) {
            if (!line.section().equals(section)) {
                section = line.section();
                out.println("  " + section + ":");
            }
            out.println(line.runs()
                    ? "    run: " + line.source() + (line.detail().isEmpty() ? "" : "  =>  " + line.detail())
                    : "    refused: '" + line.source() + "': " + line.detail());
        }
    }

    private String summary() {
        long taken = jobs.size() - count(JobReport.Verdict.NOT_TAKEN);
        if (taken == 0) {
            return "no job for a runner tagged " + String.join(", ", runnerTags.stream().sorted().toList())
                    + " (" + jobs.size() + " " + plural(jobs.size()) + " for other runners)";
        }
        return taken + " " + plural(taken) + " for this runner: " + count(JobReport.Verdict.RUNS) + " can run, "
                + count(JobReport.Verdict.CANNOT_RUN) + " cannot run, " + count(JobReport.Verdict.UNKNOWN)
                + " unknown; " + count(JobReport.Verdict.NOT_TAKEN) + " not taken";
    }

    private static String plural(long n) {
        return n == 1 ? "job" : "jobs";
    }
}
