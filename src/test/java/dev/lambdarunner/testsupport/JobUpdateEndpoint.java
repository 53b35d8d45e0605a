package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static dev.lambdarunner.testsupport.RequestChecks.text;

/**
 * {@code PUT /api/v4/jobs/:id}: accept (two-phase commit), keep-alive and final state
 * (protocol reference §4, §7, §7.1).
 */
final class JobUpdateEndpoint {
    private final JobQueue queue;
    private final RequestChecks checks;
    private final Violations violations;
    private final Faults faults;
    private final FinalUpdateCheck finalCheck;

    JobUpdateEndpoint(JobQueue queue, RequestChecks checks, Violations violations, Faults faults) {
        this.queue = queue;
        this.checks = checks;
        this.violations = violations;
        this.faults = faults;
        this.finalCheck = new FinalUpdateCheck(violations);
    }

    Reply update(Call call, long jobId) {
        ObjectNode body = checks.jsonBody(call, false);
        String bodyToken = body == null ? null : text(body, "token");
        if (bodyToken == null) {
            violations.add(call, "body has no token");
            return Reply.badParameter("token is missing");
        }
        String header = call.header("JOB-TOKEN");
        if (header == null) {
            violations.add(call, "no JOB-TOKEN header");
        } else if (!header.equals(bodyToken)) {
            violations.add(call, "JOB-TOKEN header differs from the body token");
            return Reply.message(403);
        }
        FakeJob job = queue.job(jobId);
        if (job == null || !job.token().equals(bodyToken)) {
            return Reply.message(403);
        }
        checks.features(call, body);
        String state = text(body, "state");
        synchronized (job) {
            return apply(call, job, body, state == null ? "" : state);
        }
    }

    private Reply apply(Call call, FakeJob job, JsonNode body, String state) {
        if (job.awaitingAck()) {
            return acknowledge(call, job, state);
        }
        String status = job.status();
        if (!status.equals("running") && !status.equals("canceling")) {
            if (isFinal(state) && job.finalReports() > 0) {
                violations.add(call, "job " + job.id() + " reported twice (it is already " + status + ")");
            }
            return Reply.message(403).with("Job-Status", status);
        }
        switch (state) {
            case "running":
                finalCheck.noFailureReason(call, body, state);
                return ok(job);
            case "success":
            case "failed":
                return finish(call, job, body, state);
            case "pending":
                violations.add(call, "state pending for a running job (two_phase_job_commit was not advertised)");
                return Reply.badParameter("state is invalid");
            default:
                violations.add(call, "unknown state '" + state + "'");
                return Reply.badParameter("state is invalid");
        }
    }

    /** Two-phase commit: the job was given out but waits for the runner's accept. */
    private Reply acknowledge(Call call, FakeJob job, String state) {
        switch (state) {
            case "pending":
                return ok(job);
            case "running":
                job.accept();
                return ok(job);
            default:
                violations.add(call, "state '" + state + "' before the runner accepted job " + job.id()
                        + " with state running");
                return Reply.badParameter("state is invalid");
        }
    }

    private Reply finish(Call call, FakeJob job, JsonNode body, String state) {
        String earlier = job.pendingFinalState();
        if (earlier != null && !earlier.equals(state)) {
            violations.add(call, "final state changed from " + earlier + " to " + state + " after a 202");
        }
        if (faults.takeFinalPut202(job.id())) {
            job.pendingFinalState(state);
            return Reply.text(202, "202").with("Job-Status", job.status())
                    .with("X-GitLab-Trace-Update-Interval", "1");
        }
        FinalUpdateCheck.Outcome outcome = finalCheck.check(call, job, body, state);
        job.finish(state, outcome.failureReason(), outcome.exitCode(), outcome.checksum(), outcome.bytesize());
        return ok(job);
    }

    private static Reply ok(FakeJob job) {
        return Reply.text(200, "200").with("Job-Status", job.status());
    }

    private static boolean isFinal(String state) {
        return state.equals("success") || state.equals("failed");
    }
}
