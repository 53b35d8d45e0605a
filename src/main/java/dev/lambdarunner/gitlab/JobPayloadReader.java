package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.gitlab.dto.JobResponse;

import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * Reads the job payload of a 201 answer to {@code jobs/request}. A 201 means GitLab already assigned the job
 * to this runner, so an unreadable one is an error, never a silent "no job": the job would otherwise sit
 * assigned and unreported until GitLab times it out.
 */
final class JobPayloadReader {

    private final ObjectMapper mapper;

    JobPayloadReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JobResponse read(GitLabCall call, HttpResponse<byte[]> response) {
        String contentType = response.headers().firstValue(GitLabHeaders.CONTENT_TYPE).orElse(null);
        if (!GitLabHeaders.isJson(contentType)) {
            throw new GitLabApiException(call.name() + ": job assigned (201) but the answer is '" + contentType
                    + "', not application/json", response.statusCode(), null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(response.body());
        } catch (IOException e) {
            throw unreadable(call, response, "invalid json at " + location(e), null);
        }
        if (tree == null || !tree.isObject()) {
            throw unreadable(call, response, "not a json object", null);
        }
        JobResponse job;
        try {
            job = mapper.treeToValue(tree, JobResponse.class);
        } catch (JsonProcessingException e) {
            throw unreadable(call, response, describe(e), tree);
        }
        if (job.token() == null) {
            // without its token the job can be neither run nor reported: say so here, not as an NPE at the first PUT
            throw unreadable(call, response, "no job token (\"token\" is missing or empty)", tree);
        }
        return job;
    }

    /**
     * Jackson's own messages quote payload values, which may be tokens; the cause is therefore described by
     * its kind and position only and not chained.
     */
    private static GitLabApiException unreadable(GitLabCall call, HttpResponse<?> response, String cause, JsonNode tree) {
        String jobId = tree != null && tree.path("id").canConvertToLong() ? " job_id=" + tree.path("id").asLong() : "";
        return new GitLabApiException(call.name() + ": job assigned (201) but its payload is unreadable:" + jobId
                + " " + cause, response.statusCode(), null);
    }

    private static String describe(JsonProcessingException e) {
        String where = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? m.getPathReference() : location(e);
        return e.getClass().getSimpleName() + " at " + where;
    }

    private static String location(IOException e) {
        if (e instanceof JsonProcessingException p && p.getLocation() != null) {
            return "line " + p.getLocation().getLineNr() + " column " + p.getLocation().getColumnNr();
        }
        return "unknown position";
    }
}
