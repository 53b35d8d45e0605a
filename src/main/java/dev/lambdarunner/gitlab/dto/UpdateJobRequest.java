package dev.lambdarunner.gitlab.dto;

/**
 * What the job engine reports in {@code PUT /jobs/:id}; the client adds {@code token} and {@code info}.
 *
 * @param state         running, success or failed
 * @param failureReason only with failed; a name GitLab accepts
 * @param exitCode      the script's exit code, or {@code null} when 0 or unknown
 * @param output        checksum and size of the whole trace, or {@code null} for accept/keep-alive
 */
public record UpdateJobRequest(String state, String failureReason, Integer exitCode, TraceOutput output) {

    /** {@code checksum} is {@code crc32:<8 lowercase hex>} of exactly the bytes sent; {@code bytesize} their count. */
    public record TraceOutput(String checksum, long bytesize) {
    }

    public static UpdateJobRequest running() {
        return new UpdateJobRequest("running", null, null, null);
    }
}
