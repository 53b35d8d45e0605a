package dev.lambdarunner.credentials.aws;

import java.time.Duration;

/**
 * One job's STS exchange, decided and not yet run.
 *
 * @param idToken the verified ID token, sent to STS as the web identity token; never printed
 */
record SessionPlan(long jobId, RoleChoice role, String sessionName, String idToken, Duration duration) {

    @Override
    public String toString() {
        return "SessionPlan[job=" + jobId + ", role=" + role.kind().label() + ", session=" + sessionName + "]";
    }
}
