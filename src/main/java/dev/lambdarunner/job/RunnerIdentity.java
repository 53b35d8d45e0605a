package dev.lambdarunner.job;

/**
 * What a job learns about the runner through {@code CI_RUNNER_*} variables and the log header.
 *
 * @param shortToken the runner token's short form (never the token itself)
 */
public record RunnerIdentity(String version, String revision, String shortToken, String architecture) {
}
