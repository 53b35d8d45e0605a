package dev.lambdarunner.pipeline;

import java.util.List;

/**
 * What the runner would do with one job of the pipeline.
 *
 * @param name    the job's name
 * @param verdict whether the runner takes it and can run it
 * @param reason  why it is not taken, cannot be resolved or cannot run as a whole; empty otherwise
 * @param ignored keywords the runner ignores, each as {@code keyword (value): why}
 * @param refused keywords the runner refuses, each as {@code keyword: why}
 * @param lines   every script command, in the order the runner would run them
 */
public record JobReport(String name, Verdict verdict, String reason, List<String> ignored, List<String> refused,
                        List<LineReport> lines) {

    public JobReport {
        ignored = List.copyOf(ignored);
        refused = List.copyOf(refused);
        lines = List.copyOf(lines);
    }

    /** Whether the job is for this runner and, if so, whether it can run. */
    public enum Verdict {
        /** taken, and every command and keyword is one the runner runs or ignores */
        RUNS,
        /** taken, and some command or keyword is refused, or GitLab would reject the job */
        CANNOT_RUN,
        /** possibly taken, but part of it comes from an include check cannot read */
        UNKNOWN,
        /** another runner's job: its tags are not all among this runner's */
        NOT_TAKEN
    }
}
