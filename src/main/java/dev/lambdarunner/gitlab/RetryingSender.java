package dev.lambdarunner.gitlab;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a {@link GitLabCall} under the {@link RetryPolicy}: retried statuses and transport failures are tried
 * again until the attempts run out or the call's {@link CallDeadlines.Cutoff} leaves no room for another attempt
 * (no wait goes past it, no attempt runs past it); then the last answer goes back to the endpoint logic, or a
 * transport failure becomes a {@link GitLabApiException}.
 */
final class RetryingSender {

    private static final Logger LOG = Logger.getLogger(RetryingSender.class);

    private final HttpClient client;
    private final RetryPolicy policy;
    private final CallDeadlines deadlines;
    private final Clock clock;

    RetryingSender(HttpClient client, RetryPolicy policy, CallDeadlines deadlines, Clock clock) {
        this.client = client;
        this.policy = policy;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /** Within the deadline of every call other than {@code jobs/request}. */
    HttpResponse<byte[]> send(GitLabCall call) {
        return send(call, HttpResponse.BodyHandlers.ofByteArray(), deadlines.forCall());
    }

    /** A {@code jobs/request}: no attempt is sent after the last instant a job request may go out. */
    HttpResponse<byte[]> sendJobRequest(GitLabCall call) {
        return send(call, HttpResponse.BodyHandlers.ofByteArray(), deadlines.forJobRequest());
    }

    /** As {@link #send(GitLabCall)} with the answer's body read by {@code handler} (e.g. into a file). */
    <T> HttpResponse<T> send(GitLabCall call, HttpResponse.BodyHandler<T> handler) {
        return send(call, handler, deadlines.forCall());
    }

    private <T> HttpResponse<T> send(GitLabCall call, HttpResponse.BodyHandler<T> handler, CallDeadlines.Cutoff cutoff) {
        if (!cutoff.allowsAttempt(clock.instant())) {
            LOG.warnf("Making a call... not sent, its deadline has passed method=%s path=%s", call.method(), call.path());
            throw new GitLabApiException(call.name() + ": not sent, no time left before its deadline", 0, null);
        }
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= policy.maxAttempts();
            HttpResponse<T> response;
            try {
                response = client.send(bounded(call.request().get(), cutoff), handler);
            } catch (IOException e) {
                if (last || !mayWait(call, attempt, policy.backoff().delay(attempt, random()), describe(e), cutoff)) {
                    throw new GitLabApiException(call.name() + ": " + describe(e), 0, e);
                }
                continue;
            } catch (InterruptedException e) {
                throw interrupted(call, e);
            }
            if (last || !policy.retries(response.statusCode())
                    || !mayWait(call, attempt, waitAfter(response, attempt), "status=" + response.statusCode(), cutoff)) {
                return response;
            }
        }
    }

    /** The request with its timeout shortened to the time left before the cutoff's end, if that is shorter. */
    private HttpRequest bounded(HttpRequest request, CallDeadlines.Cutoff cutoff) {
        if (cutoff.end().equals(Instant.MAX)) {
            return request;
        }
        Duration left = cutoff.left(clock.instant());
        if (request.timeout().filter(own -> own.compareTo(left) <= 0).isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(left.isZero() ? Duration.ofMillis(1) : left).build();
    }

    /** Whether {@code status} is one the retry layer tries again. */
    boolean retried(int status) {
        return policy.retries(status);
    }

    private Duration waitAfter(HttpResponse<?> response, int attempt) {
        var headers = response.headers();
        var serverWait = RetryPolicy.serverWait(headers.firstValue(RetryPolicy.RATE_LIMIT_RESET_TIME).orElse(null),
                headers.firstValue(RetryPolicy.RETRY_AFTER).orElse(null), clock.instant());
        return policy.delay(attempt, serverWait, random());
    }

    /**
     * Waits {@code delay} before the next attempt and says yes, or says no without waiting when the attempt after
     * the wait could no longer start before the call's deadline.
     */
    private boolean mayWait(GitLabCall call, int attempt, Duration delay, String reason, CallDeadlines.Cutoff cutoff) {
        Instant now = clock.instant();
        if (!cutoff.allowsWait(now, delay)) {
            LOG.warnf("Waiting before making the next call... giving up, no time left method=%s path=%s %s attempt=%d "
                    + "delay=%s left_ms=%d", call.method(), call.path(), reason, attempt, delay,
                    Math.max(0, Duration.between(now, cutoff.lastStart()).toMillis()));
            return false;
        }
        LOG.infof("Waiting before making the next call... method=%s path=%s %s attempt=%d delay=%s",
                call.method(), call.path(), reason, attempt, delay);
        try {
            policy.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            throw interrupted(call, e);
        }
        return true;
    }

    private static GitLabApiException interrupted(GitLabCall call, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new GitLabApiException(call.name() + ": interrupted", 0, e);
    }

    private static double random() {
        return ThreadLocalRandom.current().nextDouble();
    }

    /** A short lowercase cause; JDK messages are often null and never carry our tokens (headers/body). */
    static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out waiting for the answer";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
