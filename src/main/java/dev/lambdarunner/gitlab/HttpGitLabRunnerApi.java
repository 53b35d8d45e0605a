package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static dev.lambdarunner.gitlab.GitLabHeaders.*;

/**
 * {@link GitLabRunnerApi} over {@link java.net.http.HttpClient}, speaking the protocol as GitLab Runner does
 * (GLR {@code network/gitlab.go}; protocol reference §1-§4, §6, §7). Every call goes through the
 * {@link RetryPolicy}; the status left after it is mapped to a result value here. Tokens never appear in
 * messages or logs.
 * <p>
 * Redirects are not followed: they would carry the {@code RUNNER-TOKEN}/{@code JOB-TOKEN} headers to
 * wherever they point. Configure the final GitLab URL.
 */
public final class HttpGitLabRunnerApi implements GitLabRunnerApi, GitLabArtifactsApi {

    private static final Logger LOG = Logger.getLogger(HttpGitLabRunnerApi.class);

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final GitLabRequests requests;
    private final RetryingSender sender;
    private final JobPayloadReader payloads = new JobPayloadReader(mapper);
    private final ArtifactRequests artifacts;
    private final ArtifactAnswers answers;

    /** Builds its own HTTP/1.1 client; connecting is bounded by {@link GitLabConnection#callTimeout()}. */
    public HttpGitLabRunnerApi(GitLabConnection connection, RetryPolicy retryPolicy) {
        this(connection, retryPolicy, CallDeadlines.NONE, Clock.systemUTC());
    }

    /**
     * As {@link #HttpGitLabRunnerApi(GitLabConnection, RetryPolicy)}, every call (retries and waits included)
     * within {@code deadlines}, as {@code clock} tells the time.
     */
    public HttpGitLabRunnerApi(GitLabConnection connection, RetryPolicy retryPolicy, CallDeadlines deadlines,
                               Clock clock) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(deadlines, "deadlines");
        // HTTP/1.1: no h2c upgrade dance on plain http and one predictable wire format for long polling.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connection.callTimeout())
                .build();
        this.requests = new GitLabRequests(connection, mapper);
        this.sender = new RetryingSender(client, retryPolicy, deadlines, Objects.requireNonNull(clock, "clock"));
        this.artifacts = new ArtifactRequests(requests);
        this.answers = new ArtifactAnswers(mapper, sender);
    }

    @Override
    public VerifyResult verifyRunner() {
        HttpResponse<byte[]> response = sender.send(requests.verify());
        int status = response.statusCode();
        if (status == 200) {
            JsonNode body = readTreeOrEmpty(response.body());
            Optional<Long> id = Optional.ofNullable(body.get("id"))
                    .filter(JsonNode::canConvertToLong).map(JsonNode::asLong);
            Optional<String> expiresAt = Optional.ofNullable(body.get("token_expires_at"))
                    .filter(JsonNode::isTextual).map(JsonNode::asText);
            LOG.infof("Verifying runner... is valid runner_id=%s token_expires_at=%s",
                    id.map(String::valueOf).orElse("?"), expiresAt.orElse("never"));
            return new VerifyResult(VerifyResult.State.VALID, id, expiresAt, status);
        }
        boolean invalid = status == 403 || status == 422;
        LOG.warnf("Verifying runner... %s status=%d", invalid ? "is not valid" : "failed", status);
        VerifyResult.State state = invalid ? VerifyResult.State.INVALID : VerifyResult.State.ERROR;
        return new VerifyResult(state, Optional.empty(), Optional.empty(), status);
    }

    @Override
    public RequestJobResult requestJob(String lastUpdate) {
        GitLabCall call = requests.requestJob(lastUpdate);
        HttpResponse<byte[]> response = sender.sendJobRequest(call);
        int status = response.statusCode();
        switch (status) {
            case 201 -> {
                var job = payloads.read(call, response);
                LOG.infof("Checking for jobs... received job_id=%d job_name=%s", job.id(), job.jobInfo().name());
                return RequestJobResult.job(job);
            }
            case 204 -> {
                String header = response.headers().firstValue(LAST_UPDATE).filter(v -> !v.isEmpty()).orElse(null);
                LOG.debugf("Checking for jobs... nothing status=204 queue_changed=%b", header != null);
                if (header == null && lastUpdate != null) {
                    return RequestJobResult.of(RequestJobResult.State.LONG_POLL_ENDED, lastUpdate, 204);
                }
                return RequestJobResult.noJob(header != null ? header : lastUpdate);
            }
            case 403 -> {
                LOG.errorf("Checking for jobs... forbidden status=403 (runner token invalid, expired or runner deleted)");
                return RequestJobResult.of(RequestJobResult.State.FORBIDDEN, lastUpdate, status);
            }
            case 400 -> LOG.warnf("Checking for jobs... bad request status=400 (GitLab rejected the request "
                    + "as malformed: a runner bug or a missing token)");
            default -> LOG.warnf("Checking for jobs... failed status=%d", status);
        }
        return RequestJobResult.of(RequestJobResult.State.RETRY, lastUpdate, status);
    }

    @Override
    public UpdateResult updateJob(long jobId, Secret jobToken, UpdateJobRequest request) {
        Objects.requireNonNull(jobToken, "jobToken");
        Objects.requireNonNull(request.state(), "state");
        HttpResponse<byte[]> response = sender.send(requests.updateJob(jobId, jobToken, request));
        int status = response.statusCode();
        JobStatus jobStatus = JobStatus.fromHeader(response.headers().firstValue(JOB_STATUS).orElse(null));
        UpdateResult.State state = updateState(status, jobStatus, isFinal(request.state()));
        var retryAfter = state == UpdateResult.State.PENDING
                ? seconds(response.headers().firstValue(TRACE_UPDATE_INTERVAL).orElse(null)) : Optional.<Duration>empty();
        logUpdate(jobId, request.state(), state, status, jobStatus);
        return new UpdateResult(state, jobStatus, retryAfter, status);
    }

    @Override
    public PatchResult patchTrace(long jobId, Secret jobToken, byte[] chunk, long offset, boolean debugTrace) {
        Objects.requireNonNull(jobToken, "jobToken");
        if (chunk == null || chunk.length == 0) {
            throw new IllegalArgumentException("trace patch of job " + jobId + " needs a non-empty chunk");
        }
        HttpResponse<byte[]> response = sender.send(requests.patchTrace(jobId, jobToken, chunk, offset, debugTrace));
        int status = response.statusCode();
        var headers = response.headers();
        JobStatus jobStatus = JobStatus.fromHeader(headers.firstValue(JOB_STATUS).orElse(null));
        long serverOffset = rangeLength(headers.firstValue(RANGE).orElse(null));
        PatchResult.State state = patchState(status, jobStatus);
        logPatch(jobId, offset, chunk.length, state, status, serverOffset);
        return new PatchResult(state, serverOffset, jobStatus,
                seconds(headers.firstValue(TRACE_UPDATE_INTERVAL).orElse(null)), status);
    }

    @Override
    public ArtifactTransfer uploadArtifact(long jobId, Secret jobToken, ArtifactUpload upload) {
        Objects.requireNonNull(jobToken, "jobToken");
        HttpResponse<byte[]> response = sender.send(artifacts.upload(jobId, jobToken, upload));
        ArtifactTransfer result = answers.transfer(response.statusCode(), 201, response.body());
        LOG.infof("Uploading artifacts to coordinator... %s job_id=%d type=%s format=%s status=%d", ArtifactAnswers.outcome(result),
                jobId, upload.type(), upload.format(), result.status());
        return result;
    }

    @Override
    public ArtifactTransfer downloadArtifacts(long jobId, Secret token, Path target, Duration timeout) {
        Objects.requireNonNull(token, "token");
        // Only a 200 body lands in the file; error bodies stay in memory for their message.
        HttpResponse<Object> response = sender.send(artifacts.download(jobId, token, timeout), info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofFile(target,
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), p -> (Object) p)
                : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), b -> (Object) b));
        byte[] error = response.body() instanceof byte[] bytes ? bytes : new byte[0];
        ArtifactTransfer result = answers.transfer(response.statusCode(), 200, error);
        LOG.infof("Downloading artifacts from coordinator... %s job_id=%d status=%d", ArtifactAnswers.outcome(result), jobId,
                result.status());
        return result;
    }

    /**
     * A 200 to a final state is the job's report taken, whatever {@code Job-Status} says (GitLab answers a
     * {@code failed} report with {@code Job-Status: failed}); for accept and keep-alive updates a failed or
     * canceled job status means the job is over on GitLab's side.
     */
    private static UpdateResult.State updateState(int status, JobStatus jobStatus, boolean finalState) {
        if (status == 200 && finalState) {
            return UpdateResult.State.ACCEPTED;
        }
        if (status == 403 || status == 404 || (isSuccess(status) && jobStatus.aborted())) {
            return UpdateResult.State.ABORT;
        }
        return switch (status) {
            case 200 -> UpdateResult.State.ACCEPTED;
            case 202 -> UpdateResult.State.PENDING;
            default -> UpdateResult.State.FAILED;
        };
    }

    private static PatchResult.State patchState(int status, JobStatus jobStatus) {
        if (status == 403 || (isSuccess(status) && jobStatus.aborted())) {
            return PatchResult.State.ABORT;
        }
        return switch (status) {
            case 202 -> PatchResult.State.ACCEPTED;
            case 416 -> PatchResult.State.RANGE_MISMATCH;
            case 404 -> PatchResult.State.NOT_FOUND;
            default -> PatchResult.State.RETRY;
        };
    }

    private static boolean isFinal(String state) {
        return "success".equals(state) || "failed".equals(state);
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private JsonNode readTreeOrEmpty(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            return node == null ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            // Very old GitLab answered verify with a plain-text "200"; the status alone says the token is valid.
            return mapper.createObjectNode();
        }
    }

    private static void logUpdate(long jobId, String sent, UpdateResult.State state, int status, JobStatus jobStatus) {
        if (state == UpdateResult.State.ACCEPTED || state == UpdateResult.State.PENDING) {
            LOG.debugf("Updating job... %s job_id=%d state=%s status=%d job_status=%s",
                    state.name().toLowerCase(Locale.ROOT), jobId, sent, status, jobStatus);
        } else {
            LOG.warnf("Updating job... %s job_id=%d state=%s status=%d job_status=%s",
                    state == UpdateResult.State.ABORT ? "aborted" : "failed", jobId, sent, status, jobStatus);
        }
    }

    private static void logPatch(long jobId, long offset, int length, PatchResult.State state, int status,
                                 long serverOffset) {
        Logger.Level level = state == PatchResult.State.ACCEPTED ? Logger.Level.DEBUG : Logger.Level.WARN;
        LOG.logf(level, "Appending trace to coordinator... %s job_id=%d sent_range=%s status=%d server_offset=%d",
                state.name().toLowerCase(Locale.ROOT), jobId, contentRange(offset, length), status, serverOffset);
    }
}
