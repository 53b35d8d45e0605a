package dev.lambdarunner.pipeline;

/**
 * What the runner does with one command of a job's script.
 *
 * @param section {@code before_script}, {@code script} or {@code after_script}
 * @param source  the command as written (for a refused entry, the part the parser or policy refused)
 * @param runs    whether the runner runs it
 * @param detail  when it runs, the command with the variables check knows expanded ({@code ${NAME}} for the ones
 *                only known when the job runs), empty when that is the source itself; when refused, the reason
 */
public record LineReport(String section, String source, boolean runs, String detail) {
}
