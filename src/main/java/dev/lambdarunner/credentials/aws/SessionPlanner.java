package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.credentials.CredentialRequest;

import java.util.Optional;

/**
 * Decides a job's STS exchange: nothing when the job carries no ID token under the configured variable;
 * otherwise the token verified for this job, the role its claims and the job engine allow, and the session
 * name. Runs nothing.
 */
final class SessionPlanner {

    private final KeylessSettings settings;
    private final IdTokenVerifier verifier;

    SessionPlanner(KeylessSettings settings, IdTokenVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
    }

    Optional<SessionPlan> plan(CredentialRequest request) throws IdTokenException {
        String token = request.environment().get(settings.tokenVariable());
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        IdTokenClaims claims = verifier.verify(token, request.jobId(), request.projectPath());
        RoleChoice role = RoleChoice.decide(settings, claims, request.refProtected());
        return Optional.of(new SessionPlan(request.jobId(), role, SessionName.of(claims.projectPath(), request.jobId()),
                token.strip(), settings.sessionDuration()));
    }
}
