package dev.lambdarunner.trace;

/**
 * How the final report of a job ended, and the trace it described.
 *
 * @param outcome  see {@link Outcome}
 * @param bytesize bytes of trace reported (the whole buffer)
 * @param checksum {@code crc32:<8 hex>} of those bytes
 */
public record FinishResult(Outcome outcome, long bytesize, String checksum) {

    public enum Outcome {
        /** GitLab took the final state (200). */
        ACCEPTED,
        /**
         * GitLab considers the job over (403, 404, or {@code Job-Status: failed|canceled}): nothing more is sent.
         * Also when the job was aborted before {@code finish}, in which case no final state was sent.
         */
        ABORTED,
        /** Every attempt failed; GitLab will eventually fail the job itself. */
        GAVE_UP
    }
}
