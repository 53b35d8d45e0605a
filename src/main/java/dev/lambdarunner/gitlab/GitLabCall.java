package dev.lambdarunner.gitlab;

import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * One GitLab API call. {@code request} builds a fresh request (new {@code X-Request-Id}, body serialised
 * again) for every attempt. {@code method} and {@code path} name the call in messages and logs; the path
 * carries no query, host or credentials.
 */
record GitLabCall(String method, String path, Supplier<HttpRequest> request) {

    /** {@code "PUT /api/v4/jobs/42"}: how errors and logs name this call. */
    String name() {
        return method + " " + path;
    }
}
