package dev.lambdarunner.job;

import dev.lambdarunner.credentials.CredentialException;
import dev.lambdarunner.credentials.CredentialRequest;
import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.credentials.JobCredentials;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.trace.JobTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks each credential source for the job's credentials and puts them into the job's environment, masked
 * in the trace before anything of the job can print them (a source's non-secret defaults only where the job
 * has no such variable, unmasked; variables a source consumed removed, their values still masked). A source that refuses fails the job before any of
 * its commands run; the job then holds none of the credentials granted so far.
 */
public final class JobCredentialsStage {

    private final List<CredentialSource> sources;

    public JobCredentialsStage(List<CredentialSource> sources) {
        this.sources = sources;
    }

    void grant(JobResponse job, Map<String, String> env, JobTrace trace) throws JobFailure {
        if (sources.isEmpty()) {
            return;
        }
        CredentialRequest request = new CredentialRequest(job.id(), projectPath(job, env), RefProtection.isProtected(job),
                env);
        for (CredentialSource source : sources) {
            JobCredentials granted;
            try {
                granted = source.forJob(request);
            } catch (CredentialException e) {
                throw new JobFailure(FailureReason.SCRIPT_FAILURE, "getting credentials: " + e.getMessage(), e);
            }
            if (!granted.isEmpty()) {
                List<String> masked = new ArrayList<>();
                granted.environment().values().forEach(secret -> masked.add(secret.value()));
                granted.consumed().stream().map(env::get).filter(v -> v != null && !v.isEmpty()).forEach(masked::add);
                trace.addMasked(masked);
                granted.consumed().forEach(env::remove);
                granted.environment().forEach((name, secret) -> env.put(name, secret.value()));
                granted.defaults().forEach(env::putIfAbsent);
                trace.println("Using " + granted.source() + " credentials: " + String.join(", ", granted.names()));
            }
        }
    }

    /** {@code job_info.project_full_path}: unlike {@code CI_PROJECT_PATH}, no job variable can change it. */
    private static String projectPath(JobResponse job, Map<String, String> env) {
        String fromPayload = job.jobInfo() == null ? null : job.jobInfo().projectFullPath();
        return fromPayload != null && !fromPayload.isBlank() ? fromPayload : env.getOrDefault("CI_PROJECT_PATH", "");
    }
}
