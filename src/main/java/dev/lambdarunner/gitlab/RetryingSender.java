package dev.lambdarunner.gitlab;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a {@link GitLabCall} under the {@link RetryPolicy}: retried statuses and transport failures are tried
 * again until the attempts run out; then the last answer goes back to the endpoint logic, or a transport
 * failure becomes a {@link GitLabApiException}.
 */
final class RetryingSender {

    private static final Logger LOG = Logger.getLogger(RetryingSender.class);

    private final HttpClient client;
    private final RetryPolicy policy;

    RetryingSender(HttpClient client, RetryPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    HttpResponse<byte[]> send(GitLabCall call) {
        return send(call, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** As {@link #send(GitLabCall)} with the answer's body read by {@code handler} (e.g. into a file). */
    <T> HttpResponse<T> send(GitLabCall call, HttpResponse.BodyHandler<T> handler) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= policy.maxAttempts();
            HttpResponse<T> response;
            try {
                response = client.send(call.request().get(), handler);
            } catch (IOException e) {
                if (last) {
                    throw new GitLabApiException(call.name() + ": " + describe(e), 0, e);
                }
                pause(call, attempt, policy.backoff(attempt, random()), describe(e));
                continue;
            } catch (InterruptedException e) {
                throw interrupted(call, e);
            }
            if (last || !policy.retries(response.statusCode())) {
                return response;
            }
            pause(call, attempt, waitAfter(response, attempt), "status=" + response.statusCode());
        }
    }

    /** Whether {@code status} is one the retry layer tries again. */
    boolean retried(int status) {
        return policy.retries(status);
    }

    private Duration waitAfter(HttpResponse<?> response, int attempt) {
        var headers = response.headers();
        var serverWait = RetryPolicy.serverWait(headers.firstValue(RetryPolicy.RATE_LIMIT_RESET_TIME).orElse(null),
                headers.firstValue(RetryPolicy.RETRY_AFTER).orElse(null), Instant.now());
        return policy.delay(attempt, serverWait, random());
    }

    private void pause(GitLabCall call, int attempt, Duration delay, String reason) {
        LOG.infof("Waiting before making the next call... method=%s path=%s %s attempt=%d delay=%s",
                call.method(), call.path(), reason, attempt, delay);
        try {
            policy.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            throw interrupted(call, e);
        }
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
