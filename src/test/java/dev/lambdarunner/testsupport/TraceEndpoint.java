package dev.lambdarunner.testsupport;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code PATCH /api/v4/jobs/:id/trace}, GitLab's exact append algorithm (protocol reference §6). */
final class TraceEndpoint {
    static final int MAX_CHUNK = 1024 * 1024;
    private static final Pattern STRICT_RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern START = Pattern.compile("(\\d+)-.*");
    private final JobQueue queue;
    private final Violations violations;
    private final Faults faults;
    private final Settings settings;
    private final SecretScan secrets;

    TraceEndpoint(JobQueue queue, Violations violations, Faults faults, Settings settings) {
        this.queue = queue;
        this.violations = violations;
        this.faults = faults;
        this.settings = settings;
        this.secrets = new SecretScan(queue, violations, settings);
    }

    Reply patch(Call call, long jobId) {
        String token = call.header("JOB-TOKEN");
        if (token == null) {
            violations.add(call, "no JOB-TOKEN header");
        }
        FakeJob job = queue.job(jobId);
        if (job == null || token == null || !job.token().equals(token)) {
            return Reply.message(403);
        }
        Long start = start(call);
        if (start == null) {
            return Reply.json(400, "{\"message\":\"400 Bad request - Missing header Content-Range\"}");
        }
        checkChunk(call, start);
        synchronized (job) {
            return append(call, job, start);
        }
    }

    /** GitLab reads only the number before the first '-'; the runner must send exactly start-end. */
    private Long start(Call call) {
        String range = call.header("Content-Range");
        if (range == null) {
            violations.add(call, "no Content-Range header");
            return null;
        }
        Matcher strict = STRICT_RANGE.matcher(range);
        if (!strict.matches()) {
            violations.add(call, "Content-Range '" + range + "' is not <start>-<end>");
        } else if (call.body.length > 0
                && Long.parseLong(strict.group(2)) != Long.parseLong(strict.group(1)) + call.body.length - 1) {
            violations.add(call, "Content-Range '" + range + "' does not match " + call.body.length
                    + " body bytes (end must be start + length - 1)");
        }
        Matcher start = START.matcher(range);
        if (!start.matches()) {
            violations.add(call, "Content-Range '" + range + "' has no start offset");
            return null;
        }
        return Long.parseLong(start.group(1));
    }

    private void checkChunk(Call call, long start) {
        String type = call.header("Content-Type");
        if (type == null || !type.startsWith("text/plain")) {
            violations.add(call, "Content-Type '" + type + "' is not text/plain");
        }
        if (call.body.length == 0) {
            violations.add(call, "empty trace chunk at offset " + start);
        }
        if (call.body.length > MAX_CHUNK) {
            violations.add(call, "trace chunk of " + call.body.length + " bytes exceeds 1 MiB");
        }
    }

    private Reply append(Call call, FakeJob job, long start) {
        String status = job.status();
        if (!status.equals("running") && !status.equals("canceling")) {
            return Reply.message(403, "Job is not running").with("Job-Status", status);
        }
        OptionalLong fakeLength = faults.takeRangeMismatch(job.id());
        if (fakeLength.isPresent()) {
            job.truncateTrace((int) Math.min(Integer.MAX_VALUE, fakeLength.getAsLong()));
            return rangeNotSatisfiable(job);
        }
        OptionalLong limit = faults.traceLimit(job.id());
        if (limit.isPresent() && start + call.body.length > limit.getAsLong()) {
            job.drop("trace_size_exceeded");
            return Reply.message(403, "Log size limit exceeded").with("Job-Status", job.status());
        }
        int stored = job.storedTrace().length();
        if (start != stored) {
            return rangeNotSatisfiable(job);
        }
        job.appendTrace(call.body);
        secrets.check(job, stored);
        if (faults.takeLostTraceAnswer(job.id())) {
            return Reply.message(502);
        }
        return Reply.empty(202).with("Range", "0-" + job.storedTrace().length())
                .with("Job-Status", job.status())
                .with("X-GitLab-Trace-Update-Interval", String.valueOf(settings.traceUpdateIntervalSeconds()));
    }

    private static Reply rangeNotSatisfiable(FakeJob job) {
        return Reply.message(416).with("Range", "0-" + job.storedTrace().length());
    }
}
