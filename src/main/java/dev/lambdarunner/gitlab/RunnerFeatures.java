package dev.lambdarunner.gitlab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code info.features} flags sent on verify, job request and every job update.
 * <p>
 * <b>Advertise exactly what is implemented.</b> GitLab drops a job that needs a feature the runner did not
 * claim (failure {@code runner_unsupported}, the runner just sees 204), and hands the runner any job whose
 * needs are covered, so a flag claimed too early makes jobs run wrongly. To claim a feature: implement it
 * end to end, then add its key to {@link #IMPLEMENTED}. {@code cancel_gracefully} is what makes GitLab send
 * {@code Job-Status: canceling}; {@code two_phase_job_commit} makes the first PUT the acceptance of a job.
 */
final class RunnerFeatures {

    /** Every key GitLab Runner sends (protocol reference §3.1), in its order; all are always sent. */
    static final List<String> ALL = List.of(
            "variables", "image", "services", "artifacts", "cache", "fallback_cache_keys", "shared",
            "upload_multiple_artifacts", "upload_raw_artifacts", "session", "terminal", "refspecs", "masking",
            "proxy", "raw_variables", "artifacts_exclude", "multi_build_steps", "trace_reset", "trace_checksum",
            "trace_size", "vault_secrets", "cancelable", "return_exit_code", "service_variables",
            "service_multiple_aliases", "image_executor_opts", "service_executor_opts", "cancel_gracefully",
            "native_steps_integration", "two_phase_job_commit", "job_inputs");

    /** The features this runner implements; everything else in {@link #ALL} is sent as {@code false}. */
    static final Set<String> IMPLEMENTED = Set.of(
            "variables", "masking", "raw_variables", "refspecs", "trace_reset", "trace_checksum", "trace_size",
            "cancelable", "cancel_gracefully", "return_exit_code", "two_phase_job_commit",
            // artifacts:paths/exclude/untracked/reports upload and dependencies download (job.JobArtifactsStage)
            "artifacts", "upload_multiple_artifacts", "upload_raw_artifacts", "artifacts_exclude");

    private RunnerFeatures() {
    }

    /** Every key of {@link #ALL}, {@code true} exactly for {@link #IMPLEMENTED}. */
    static Map<String, Boolean> advertised() {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        ALL.forEach(key -> flags.put(key, IMPLEMENTED.contains(key)));
        return Collections.unmodifiableMap(flags);
    }
}
