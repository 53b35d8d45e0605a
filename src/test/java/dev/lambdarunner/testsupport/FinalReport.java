package dev.lambdarunner.testsupport;

/**
 * How a job ended on the fake GitLab.
 *
 * @param status        final job status: {@code success}, {@code failed} or {@code canceled}
 * @param reportedState the {@code state} of the runner's accepted final PUT, or {@code null} when the job ended
 *                      without one (hard cancel, trace refused)
 * @param failureReason the stored failure reason ({@code unknown_failure} when the runner sent none or an
 *                      unknown one), or {@code null}
 * @param exitCode      the reported {@code exit_code}, or {@code null} when omitted
 * @param checksum      the reported {@code output.checksum}, or {@code null}
 * @param bytesize      the reported {@code output.bytesize}, or {@code null}
 * @param finalReports  how many final PUTs were accepted (more than one is a violation)
 */
public record FinalReport(String status, String reportedState, String failureReason, Integer exitCode,
                          String checksum, Long bytesize, int finalReports) {
}
