package dev.lambdarunner.credentials;

/**
 * One way a job gets credentials for Terraform: keyless AWS through STS, or a named credential set from the
 * runner's secret. The job engine asks every configured source once per job, after the job's environment is
 * built and before anything of the job runs; what a source returns enters only that job's environment and
 * is masked in its trace.
 */
public interface CredentialSource {

    /**
     * The credentials this source grants the job, or {@link JobCredentials#none(String)}.
     *
     * @throws CredentialException when the job asked for credentials it cannot have (a bad ID token, an STS
     *                             refusal): the job fails with that message and gets nothing
     */
    JobCredentials forJob(CredentialRequest request) throws CredentialException;
}
