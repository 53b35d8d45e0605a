package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/** A well-behaved runner's HTTP calls, for driving {@link FakeGitLab} in its own tests. */
final class RunnerClient {
    static final String[] FEATURES = {"variables", "image", "services", "artifacts", "cache",
        "fallback_cache_keys", "shared", "upload_multiple_artifacts", "upload_raw_artifacts", "session", "terminal",
        "refspecs", "masking", "proxy", "raw_variables", "artifacts_exclude", "multi_build_steps", "trace_reset",
        "trace_checksum", "trace_size", "vault_secrets", "cancelable", "return_exit_code", "service_variables",
        "service_multiple_aliases", "image_executor_opts", "service_executor_opts", "cancel_gracefully",
        "native_steps_integration", "two_phase_job_commit", "job_inputs"};
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    RunnerClient(FakeGitLab gitLab) {
        this.base = gitLab.url() + "/api/v4";
    }

    /** The runner's {@code info} with every feature off except {@code enabled}. */
    static ObjectNode info(String... enabled) {
        ObjectNode info = JSON.createObjectNode().put("name", "gitlab-runner").put("version", "19.4.0");
        ObjectNode features = info.putObject("features");
        for (String feature : FEATURES) {
            features.put(feature, false);
        }
        for (String feature : enabled) {
            features.put(feature, true);
        }
        return info;
    }

    HttpResponse<String> requestJob(String runnerToken, String lastUpdate, String... features) {
        ObjectNode body = JSON.createObjectNode().put("token", runnerToken);
        body.set("info", info(features));
        if (lastUpdate != null) {
            body.put("last_update", lastUpdate);
        }
        return send(json("/jobs/request").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    HttpResponse<String> verify(String runnerToken) {
        ObjectNode body = JSON.createObjectNode().put("token", runnerToken);
        body.set("info", info());
        return send(json("/runners/verify").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    HttpResponse<String> updateJob(FakeJob job, String state, Map<String, Object> extra) {
        ObjectNode body = JSON.createObjectNode().put("token", job.token()).put("state", state);
        body.set("info", info());
        extra.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
        return send(json("/jobs/" + job.id()).header("JOB-TOKEN", job.token())
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A final update whose {@code output} describes {@code trace} (what the runner produced). */
    HttpResponse<String> finish(FakeJob job, String state, String trace, Map<String, Object> extra) {
        byte[] bytes = trace.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> all = new HashMap<>(extra);
        all.put("output", Map.of("checksum", crc32(bytes), "bytesize", bytes.length));
        return updateJob(job, state, all);
    }

    HttpResponse<String> patchTrace(FakeJob job, long start, String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        return patchTrace(job.id(), job.token(), start + "-" + (start + bytes.length - 1), bytes);
    }

    HttpResponse<String> patchTrace(long jobId, String token, String contentRange, byte[] bytes) {
        HttpRequest.Builder request = runnerRequest("/jobs/" + jobId + "/trace")
                .header("Content-Type", "text/plain").header("JOB-TOKEN", token)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentRange != null) {
            request.header("Content-Range", contentRange);
        }
        return send(request);
    }

    HttpRequest.Builder runnerRequest(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("User-Agent", "gitlab-runner 19.4.0 (main; go1.24; linux/amd64)")
                .header("X-Request-Id", UUID.randomUUID().toString().replace("-", ""));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return String.format("crc32:%08x", crc.getValue());
    }

    private HttpRequest.Builder json(String path) {
        return runnerRequest(path).header("Content-Type", "application/json");
    }
}
