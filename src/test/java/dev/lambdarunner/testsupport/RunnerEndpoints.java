package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

import static dev.lambdarunner.testsupport.RequestChecks.text;

/**
 * {@code POST /api/v4/runners/verify} and {@code POST /api/v4/jobs/request} (protocol reference §2.1, §3.2),
 * including Workhorse's long poll.
 */
final class RunnerEndpoints {
    private final JobQueue queue;
    private final RequestChecks checks;
    private final Violations violations;
    private final Settings settings;
    private final JobPayload payloads;

    RunnerEndpoints(JobQueue queue, RequestChecks checks, Violations violations, Settings settings,
                    JobPayload payloads) {
        this.queue = queue;
        this.checks = checks;
        this.violations = violations;
        this.settings = settings;
        this.payloads = payloads;
    }

    Reply verify(Call call) {
        Caller caller = caller(call);
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        checks.features(call, caller.body());
        return Reply.json(200, JsonNodeFactory.instance.objectNode().put("id", caller.runner().id())
                .put("token", caller.runner().token()).putNull("token_expires_at").toString());
    }

    Reply request(Call call) throws InterruptedException {
        Caller caller = caller(call);
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        caller.runner().recordRequest(checks.features(call, caller.body()));
        Reply reply = decide(caller.runner(), text(caller.body(), "last_update"));
        return settings.longPoll().isZero() ? reply : reply.with("Gitlab-Ci-Builds-Polling", "yes");
    }

    /** Who called, by the {@code token} in the JSON body; or GitLab's answer when that names no runner. */
    private record Caller(FakeRunner runner, ObjectNode body, Reply refusal) {

        static Caller refused(Reply refusal) {
            return new Caller(null, null, refusal);
        }
    }

    private Caller caller(Call call) {
        ObjectNode body = checks.jsonBody(call, true);
        if (body == null) {
            return Caller.refused(Reply.badParameter("token is missing"));
        }
        String token = text(body, "token");
        if (token == null) {
            violations.add(call, "body has no token");
            return Caller.refused(Reply.badParameter("token is missing"));
        }
        FakeRunner runner = queue.runner(token);
        if (runner == null) {
            return Caller.refused(Reply.message(403));
        }
        checks.runnerTokenHeader(call, token);
        return new Caller(runner, body, null);
    }

    private Reply decide(FakeRunner runner, String lastUpdate) throws InterruptedException {
        if (lastUpdate != null && lastUpdate.equals(runner.queueValue())) {
            Duration longPoll = settings.longPoll();
            if (longPoll.isZero()) {
                return noJob(lastUpdate);
            }
            // Workhorse sits in front of Rails and knows only the queue value: it answers both a timeout and
            // a change with a bare 204; the runner re-polls with its old value, which now differs, and
            // reaches Rails (pausing and resuming tick the value too).
            queue.awaitChange(runner, lastUpdate, longPoll);
            return Reply.empty(204);
        }
        if (runner.paused()) {
            return noJob(runner.queueValue());
        }
        JobQueue.Assignment assignment = queue.assign(runner, payloads::build);
        if (assignment.job() == null) {
            return noJob(assignment.queueValue());
        }
        return Reply.json(201, assignment.job().payload());
    }

    private static Reply noJob(String queueValue) {
        return Reply.empty(204).with("X-GitLab-Last-Update", queueValue);
    }
}
