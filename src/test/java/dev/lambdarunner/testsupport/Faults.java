package dev.lambdarunner.testsupport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Fault injection for the fake GitLab (protocol reference §10). Every method is thread-safe and may be called
 * while a runner is talking to the server; each fault is consumed by the requests it applies to.
 */
public final class Faults {
    private final List<FailRule> failRules = new ArrayList<>();
    private final Map<Long, Long> rangeMismatches = new HashMap<>();
    private final Map<Long, Long> traceLimits = new HashMap<>();
    private final Map<Long, Integer> finalPut202s = new HashMap<>();
    private final Map<Long, Integer> lostTraceAnswers = new HashMap<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<ScopedAnswer> scopedScript = new ArrayList<>();

    /** A scripted answer for the next request to a path matching {@code path} only. */
    private record ScopedAnswer(Pattern path, Answer answer) {
    }

    private static final class FailRule {
        final Pattern path;
        final int status;
        final Map<String, String> headers;
        int remaining;

        FailRule(Pattern path, int status, int remaining, Map<String, String> headers) {
            this.path = path;
            this.status = status;
            this.remaining = remaining;
            this.headers = headers;
        }
    }

    /**
     * The next {@code times} requests whose path matches {@code pathRegex} entirely (e.g.
     * {@code /api/v4/jobs/request} or {@code /api/v4/jobs/\d+/trace}) are answered with {@code status},
     * {@code headers} (e.g. {@code Retry-After: 1}) and a GitLab error body, without being processed.
     */
    public synchronized Faults failNext(String pathRegex, int status, int times, Map<String, String> headers) {
        if (times <= 0) {
            throw new IllegalArgumentException("adding fault for " + pathRegex + ": times must be positive");
        }
        failRules.add(new FailRule(Pattern.compile(pathRegex), status, times, Map.copyOf(headers)));
        return this;
    }

    /** {@link #failNext(String, int, int, Map)} without extra headers. */
    public Faults failNext(String pathRegex, int status, int times) {
        return failNext(pathRegex, status, times, Map.of());
    }

    /**
     * The next trace PATCH of the job finds the server holding only {@code fakeStoredLength} bytes: the stored
     * trace is cut to that length (if longer) and the PATCH is answered 416 with {@code Range: 0-<length>},
     * so the runner must resend from there.
     */
    public synchronized Faults traceRangeMismatchOnce(long jobId, long fakeStoredLength) {
        rangeMismatches.put(jobId, fakeStoredLength);
        return this;
    }

    /**
     * A trace PATCH that would make the job's trace longer than {@code bytes} is refused with 403 and the job
     * is dropped as failed ({@code trace_size_exceeded}), like GitLab's trace size limit.
     */
    public synchronized Faults forbidTraceAfter(long jobId, long bytes) {
        traceLimits.put(jobId, bytes);
        return this;
    }

    /**
     * The job's next {@code times} final PUTs (success/failed) are answered 202 with
     * {@code X-GitLab-Trace-Update-Interval: 1}, as GitLab does while trace chunks are still being persisted.
     * Adds to the 202s still due from earlier calls.
     */
    public synchronized Faults finalPut202(long jobId, int times) {
        finalPut202s.merge(jobId, times, Integer::sum);
        return this;
    }

    /**
     * The next runner API requests ({@code /api/v4/...}, whatever the endpoint) get {@code answers}, one each and in
     * order, without being processed: GLR's scripted test handlers. The fake still checks that each request has
     * the shape the protocol demands of its endpoint, since no endpoint sees it.
     */
    public synchronized Faults answerNext(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /**
     * As {@link #answerNext(Answer...)}, for requests whose path matches {@code pathRegex} entirely only: e.g.
     * {@code /api/v4/jobs/1001} scripts a job's PUTs and leaves its trace PATCHes to the simulation. Answers
     * scripted for every endpoint go first.
     */
    public synchronized Faults answerNext(String pathRegex, Answer... answers) {
        Pattern path = Pattern.compile(pathRegex);
        for (Answer answer : answers) {
            scopedScript.add(new ScopedAnswer(path, answer));
        }
        return this;
    }

    /**
     * The job's next trace PATCH that GitLab appends is stored, but the runner gets 502 instead of the 202: the
     * proxy in front of GitLab gave up waiting while GitLab did the work. GitLab now holds more than the runner
     * believes, which it learns from the 416 to its next PATCH. Each call loses one more answer.
     */
    public synchronized Faults loseNextTraceAnswer(long jobId) {
        lostTraceAnswers.merge(jobId, 1, Integer::sum);
        return this;
    }

    /** Removes every fault not yet consumed. */
    public synchronized void clear() {
        failRules.clear();
        rangeMismatches.clear();
        traceLimits.clear();
        finalPut202s.clear();
        lostTraceAnswers.clear();
        script.clear();
        scopedScript.clear();
    }

    synchronized Optional<Answer> takeScripted(String path) {
        if (!path.startsWith("/api/v4/")) {
            return Optional.empty();
        }
        if (!script.isEmpty()) {
            return Optional.of(script.poll());
        }
        for (Iterator<ScopedAnswer> it = scopedScript.iterator(); it.hasNext(); ) {
            ScopedAnswer scoped = it.next();
            if (scoped.path().matcher(path).matches()) {
                it.remove();
                return Optional.of(scoped.answer());
            }
        }
        return Optional.empty();
    }

    synchronized Optional<Reply> injected(String path) {
        for (Iterator<FailRule> it = failRules.iterator(); it.hasNext(); ) {
            FailRule rule = it.next();
            if (rule.path.matcher(path).matches()) {
                if (--rule.remaining <= 0) {
                    it.remove();
                }
                Reply reply = Reply.message(rule.status);
                for (Map.Entry<String, String> h : rule.headers.entrySet()) {
                    reply = reply.with(h.getKey(), h.getValue());
                }
                return Optional.of(reply);
            }
        }
        return Optional.empty();
    }

    synchronized OptionalLong takeRangeMismatch(long jobId) {
        Long length = rangeMismatches.remove(jobId);
        return length == null ? OptionalLong.empty() : OptionalLong.of(length);
    }

    synchronized OptionalLong traceLimit(long jobId) {
        Long limit = traceLimits.get(jobId);
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    synchronized boolean takeFinalPut202(long jobId) {
        return takeOne(finalPut202s, jobId);
    }

    synchronized boolean takeLostTraceAnswer(long jobId) {
        return takeOne(lostTraceAnswers, jobId);
    }

    private static boolean takeOne(Map<Long, Integer> counts, long jobId) {
        int left = counts.getOrDefault(jobId, 0);
        if (left <= 0) {
            return false;
        }
        counts.put(jobId, left - 1);
        return true;
    }
}
