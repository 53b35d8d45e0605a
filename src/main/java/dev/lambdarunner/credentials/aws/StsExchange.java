package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.credentials.CredentialException;

/** Runs a {@link SessionPlan}: STS {@code AssumeRoleWithWebIdentity}. */
interface StsExchange {

    /** @throws CredentialException when STS refuses or cannot be reached; the message names the cause */
    AwsSession assume(SessionPlan plan) throws CredentialException;
}
