package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.lambdarunner.sensitive.Secret;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The job payload of a {@code 201} answer to {@code POST /api/v4/jobs/request}.
 * Parsed leniently: unknown fields are ignored and {@code null} lists become empty.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobResponse(
        long id,
        @JsonDeserialize(using = SecretDeserializer.class) Secret token,
        boolean allowGitFetch,
        JobInfo jobInfo,
        GitInfo gitInfo,
        RunnerInfo runnerInfo,
        List<JobVariable> variables,
        List<JobStep> steps,
        List<JobArtifact> artifacts,
        List<JobDependency> dependencies,
        JobFeatures features,
        JobImage image,
        List<JobService> services,
        List<JobCache> cache) {

    public JobResponse {
        jobInfo = jobInfo == null ? new JobInfo(id, null, null, 0, 0, null, null) : jobInfo;
        gitInfo = gitInfo == null ? new GitInfo(null, null, null, null, null, List.of(), 0, null) : gitInfo;
        runnerInfo = runnerInfo == null ? new RunnerInfo(0) : runnerInfo;
        variables = Lists.nonNull(variables);
        steps = Lists.nonNull(steps);
        artifacts = Lists.nonNull(artifacts);
        dependencies = Lists.nonNull(dependencies);
        features = features == null ? new JobFeatures(List.of(), List.of()) : features;
        image = image == null ? new JobImage(null) : image;
        services = Lists.nonNull(services);
        cache = Lists.nonNull(cache);
    }

    /**
     * The job's id and name only: the payload also holds its script, variables and repository URL, any of which may
     * carry a secret GitLab does not mark as one.
     */
    @Override
    public String toString() {
        return "JobResponse[id=" + id + ", name=" + jobInfo.name() + "]";
    }
}
