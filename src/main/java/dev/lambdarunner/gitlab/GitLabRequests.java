package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;

import static dev.lambdarunner.gitlab.GitLabHeaders.*;

/**
 * Builds the wire form of each call (protocol reference §1, §2, §3.1, §6, §7). Bodies are built as JSON
 * trees, not by reflection, so that the native image needs no registration and absent values stay absent.
 */
final class GitLabRequests {

    private final GitLabConnection connection;
    private final ObjectMapper mapper;
    private final String userAgent;

    GitLabRequests(GitLabConnection connection, ObjectMapper mapper) {
        this.connection = connection;
        this.mapper = mapper;
        this.userAgent = userAgent(connection.info());
    }

    /** {@code gitlab-runner <version> (<product>; java <version>; <os>/<arch>)}, as GitLab Runner's format. */
    static String userAgent(RunnerInfo info) {
        return "gitlab-runner " + info.version() + " (" + RunnerInfo.PRODUCT + "; java "
                + System.getProperty("java.version", "unknown") + "; " + info.platform() + "/" + info.architecture() + ")";
    }

    /** A fresh correlation id: a UUID without dashes, 32 hex characters. */
    static String requestId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    GitLabCall verify() {
        return runnerCall("/api/v4/runners/verify", null, connection.callTimeout());
    }

    GitLabCall requestJob(String lastUpdate) {
        return runnerCall("/api/v4/jobs/request", lastUpdate, connection.requestTimeout());
    }

    GitLabCall updateJob(long jobId, Secret jobToken, UpdateJobRequest update) {
        String path = "/api/v4/jobs/" + jobId;
        return new GitLabCall("PUT", path, () -> base(path, connection.callTimeout())
                .header(JOB_TOKEN, jobToken.value())
                .header(CONTENT_TYPE, JSON)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json(updateBody(jobToken, update))))
                .build());
    }

    GitLabCall patchTrace(long jobId, Secret jobToken, byte[] chunk, long offset, boolean debugTrace) {
        String path = "/api/v4/jobs/" + jobId + "/trace";
        String range = contentRange(offset, chunk.length);
        return new GitLabCall("PATCH", path, () -> base(path + "?debug_trace=" + debugTrace, connection.callTimeout())
                .header(JOB_TOKEN, jobToken.value())
                .header(CONTENT_RANGE, range)
                .header(CONTENT_TYPE, TEXT)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk))
                .build());
    }

    /** verify and jobs/request: the runner token in body and header, a JSON answer expected. */
    private GitLabCall runnerCall(String path, String lastUpdate, Duration timeout) {
        return new GitLabCall("POST", path, () -> base(path, timeout)
                .header(RUNNER_TOKEN, connection.runnerToken().value())
                .header(CONTENT_TYPE, JSON)
                .header(ACCEPT, JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(runnerBody(lastUpdate))))
                .build());
    }

    /** A request to {@code pathAndQuery} with the headers every runner call carries. */
    HttpRequest.Builder base(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(connection.resolve(pathAndQuery))
                .timeout(timeout)
                .header(USER_AGENT, userAgent)
                .header(REQUEST_ID, requestId());
    }

    private ObjectNode runnerBody(String lastUpdate) {
        ObjectNode body = mapper.createObjectNode().put("token", connection.runnerToken().value());
        if (connection.systemId() != null) {
            body.put("system_id", connection.systemId());
        }
        if (lastUpdate != null) {
            body.put("last_update", lastUpdate);
        }
        body.set("info", infoNode());
        return body;
    }

    private ObjectNode updateBody(Secret jobToken, UpdateJobRequest update) {
        ObjectNode body = mapper.createObjectNode().put("token", jobToken.value()).put("state", update.state());
        if ("failed".equals(update.state()) && update.failureReason() != null) {
            body.put("failure_reason", update.failureReason());
        }
        if (update.exitCode() != null && update.exitCode() != 0) {
            body.put("exit_code", update.exitCode());
        }
        if (update.output() != null) {
            // "checksum" at the top level is GitLab's deprecated duplicate of output.checksum; older servers read it.
            body.put("checksum", update.output().checksum());
            body.putObject("output").put("checksum", update.output().checksum())
                    .put("bytesize", update.output().bytesize());
        }
        body.set("info", infoNode());
        return body;
    }

    private ObjectNode infoNode() {
        RunnerInfo info = connection.info();
        ObjectNode node = mapper.createObjectNode()
                .put("name", info.name()).put("version", info.version()).put("revision", info.revision())
                .put("platform", info.platform()).put("architecture", info.architecture())
                .put("executor", info.executor()).put("shell", info.shell());
        ObjectNode features = node.putObject("features");
        info.features().forEach(features::put);
        return node;
    }

    private byte[] json(ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a json tree failed", e);
        }
    }
}
