package dev.lambdarunner.credentials;

import java.util.Map;

/**
 * What a credential source may base its decision on.
 *
 * @param jobId        GitLab's job id (for session names that tie CloudTrail entries to the job)
 * @param projectPath  {@code CI_PROJECT_PATH}
 * @param refProtected whether GitLab says the job runs on a protected ref; decided by the job engine from the
 *                     payload, in a way a job's own variables cannot fake
 * @param environment  the job's built environment (job variables, CI_* variables); read-only
 */
public record CredentialRequest(long jobId, String projectPath, boolean refProtected, Map<String, String> environment) {

    public CredentialRequest {
        environment = Map.copyOf(environment);
    }

    /**
     * Names no variable: the job's environment mixes public values with its token, its ID tokens and its masked
     * variables, and which is which is the job's data (GitLab's {@code masked} flag), not a type.
     */
    @Override
    public String toString() {
        return "CredentialRequest[job=" + jobId + ", project=" + projectPath + ", protected=" + refProtected + "]";
    }
}
