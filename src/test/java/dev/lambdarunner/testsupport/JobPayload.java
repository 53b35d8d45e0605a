package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Builds the 201 body of {@code POST /jobs/request} the way current GitLab does (protocol reference §3.3). */
final class JobPayload {
    static final String ZERO_SHA = "0000000000000000000000000000000000000000";
    /** A stand-in commit for jobs without a repository; they must use {@code GIT_STRATEGY=none}. */
    static final String NO_REPO_SHA = "0123456789abcdef0123456789abcdef01234567";
    /** {@code features.failure_reasons} of a current GitLab (the composite sample's list). */
    static final List<String> FAILURE_REASONS = List.of("unknown_failure", "script_failure", "api_failure",
            "stuck_or_timeout_failure", "runner_system_failure", "missing_dependency_failure",
            "runner_unsupported", "stale_schedule", "job_execution_timeout", "archived_failure",
            "unmet_prerequisites", "scheduler_failure", "data_integrity_failure", "forward_deployment_failure",
            "user_blocked", "project_deleted", "ci_quota_exceeded", "pipeline_loop_detected",
            "no_matching_runner", "trace_size_exceeded", "builds_disabled", "environment_creation_failure",
            "deployment_rejected", "failed_outdated_deployment_job", "job_execution_server_timeout",
            "stuck_pending_with_matching_runners", "stuck_pending_no_matching_runners", "no_updates_running",
            "no_updates_canceling", "server_timeout_running", "server_timeout_canceling",
            "runner_configuration_error", "runner_external_dependency_failure", "runner_interrupted",
            "protected_environment_failure", "insufficient_bridge_permissions",
            "downstream_bridge_project_not_found", "invalid_bridge_trigger", "upstream_bridge_project_not_found",
            "insufficient_upstream_permissions", "bridge_pipeline_is_child_pipeline",
            "downstream_pipeline_creation_failed", "secrets_provider_not_found",
            "reached_max_descendant_pipelines_depth", "ip_restriction_failure",
            "reached_max_pipeline_hierarchy_size", "reached_downstream_pipeline_trigger_rate_limit",
            "duo_workflow_not_allowed", "job_router_failure", "job_token_expired",
            "downstream_project_trigger_resolved_to_empty");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private Function<Long, List<StoredArtifact>> artifactsOf = id -> List.of();

    JobPayload(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Where {@code dependencies[].artifacts_file} comes from: the artifacts stored for each dependency. */
    void artifactsOf(Function<Long, List<StoredArtifact>> lookup) {
        artifactsOf = lookup;
    }

    /** The repository URL with the job token as credentials, as in {@code git_info.repo_url}. */
    String repoUrl(FakeJob job) {
        return baseUrl.replace("://", "://gitlab-ci-token:" + job.token() + "@")
                + "/" + job.spec().projectPath() + ".git";
    }

    String build(FakeJob job) {
        JobSpec spec = job.spec();
        String sha = spec.repo() == null ? NO_REPO_SHA : spec.repo().sha();
        ObjectNode root = JSON.createObjectNode().put("id", job.id()).put("token", job.token())
                .put("allow_git_fetch", true);
        root.set("job_info", jobInfo(job));
        root.set("git_info", gitInfo(job, sha));
        root.putObject("runner_info").put("timeout", spec.timeoutSeconds());
        root.set("variables", CiVariables.of(job, sha, baseUrl, repoUrl(job)));
        root.set("steps", steps(spec));
        root.putArray("hooks");
        if (spec.image() == null) {
            root.putNull("image");
        } else {
            root.putObject("image").put("name", spec.image()).putArray("entrypoint").add("");
        }
        spec.services().forEach(name -> root.withArray("services").addObject().put("name", name));
        root.withArray("services");
        root.set("artifacts", artifacts(spec));
        root.putArray("cache");
        spec.cacheKeys().forEach(key -> root.withArray("cache").addObject().put("key", key)
                .put("policy", "pull-push").putArray("paths").add(".terraform/"));
        root.putArray("credentials");
        root.set("features", features(spec));
        root.set("dependencies", dependencies(job));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising payload of job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    private static ArrayNode artifacts(JobSpec spec) {
        ArrayNode list = JSON.createArrayNode();
        for (JobSpec.Artifact a : spec.artifacts()) {
            ObjectNode entry = list.addObject().put("name", a.name()).put("untracked", a.untracked());
            a.paths().forEach(entry.putArray("paths")::add);
            if (!a.exclude().isEmpty()) {
                a.exclude().forEach(entry.putArray("exclude")::add);
            }
            entry.put("when", a.when()).put("expire_in", a.expireIn()).put("artifact_type", a.type())
                    .put("artifact_format", a.format());
        }
        return list;
    }

    /** Current GitLab hands the running job's own token for each dependency; entries without archive have none. */
    private ArrayNode dependencies(FakeJob job) {
        ArrayNode list = JSON.createArrayNode();
        for (FakeJob dependency : job.spec().dependencies()) {
            ObjectNode entry = list.addObject().put("id", dependency.id()).put("name", dependency.spec().name())
                    .put("token", job.token());
            artifactsOf.apply(dependency.id()).stream().filter(a -> a.type().equals("archive"))
                    .reduce((a, b) -> b).ifPresent(archive -> entry.putObject("artifacts_file")
                            .put("filename", archive.filename()).put("size", archive.content().length));
        }
        return list;
    }

    private ObjectNode jobInfo(FakeJob job) {
        JobSpec spec = job.spec();
        String path = spec.projectPath();
        double queued = Duration.between(job.enqueuedAt(), Instant.now()).toNanos() / 1e9;
        return JSON.createObjectNode().put("id", job.id()).put("name", spec.name()).put("stage", spec.stage())
                .put("pipeline_id", job.pipelineId()).put("project_id", spec.projectId())
                .put("project_name", path.substring(path.lastIndexOf('/') + 1)).put("project_full_path", path)
                .put("namespace_id", 1).put("root_namespace_id", 1).put("organization_id", 1)
                .put("user_id", 1).put("time_in_queue_seconds", queued)
                .put("project_jobs_running_on_instance_runners_count", "+Inf")
                .put("queue_size", 0).put("queue_depth", 0);
    }

    private ObjectNode gitInfo(FakeJob job, String sha) {
        ObjectNode git = JSON.createObjectNode().put("repo_url", repoUrl(job)).put("repo_object_format", "sha1")
                .put("ref", "main").put("sha", sha).put("before_sha", ZERO_SHA).put("ref_type", "branch");
        ArrayNode refspecs = git.putArray("refspecs");
        String pipelineRef = "refs/pipelines/" + job.pipelineId();
        refspecs.add("+" + pipelineRef + ":" + pipelineRef);
        if (job.spec().depth() > 0) {
            refspecs.add("+refs/heads/main:refs/remotes/origin/main");
        } else {
            refspecs.add("+refs/heads/*:refs/remotes/origin/*").add("+refs/tags/*:refs/tags/*");
        }
        return git.put("depth", job.spec().depth()).put("protected", job.spec().protectedRef());
    }

    private static ArrayNode steps(JobSpec spec) {
        ArrayNode steps = JSON.createArrayNode();
        addStep(steps, "script", spec.script(), spec, "on_success", spec.allowFailure());
        if (!spec.afterScript().isEmpty()) {
            addStep(steps, "after_script", spec.afterScript(), spec, "always", true);
        }
        return steps;
    }

    private static void addStep(ArrayNode steps, String name, List<String> lines, JobSpec spec, String when,
                                boolean allowFailure) {
        ObjectNode step = steps.addObject().put("name", name);
        lines.forEach(step.putArray("script")::add);
        step.put("timeout", spec.timeoutSeconds()).put("when", when).put("allow_failure", allowFailure);
    }

    private static ObjectNode features(JobSpec spec) {
        ObjectNode features = JSON.createObjectNode().put("trace_sections", true);
        FAILURE_REASONS.forEach(features.putArray("failure_reasons")::add);
        spec.tokenMaskPrefixes().forEach(features.putArray("token_mask_prefixes")::add);
        return features;
    }
}
