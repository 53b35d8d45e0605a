package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.Locale;

/**
 * The {@code variables} of a job payload: GitLab's predefined CI variables first, then the job's own
 * (list order is precedence order, the last occurrence of a key wins).
 */
final class CiVariables {
    private final ArrayNode list = JsonNodeFactory.instance.arrayNode();

    static ArrayNode of(FakeJob job, String sha, String baseUrl, String repoUrl) {
        CiVariables vars = new CiVariables();
        vars.pipelineAndJob(job, baseUrl, repoUrl);
        for (JobSpec.IdToken token : job.spec().idTokens()) {
            vars.add(token.variable(), token.mint().apply(job), false, true, false, false);
        }
        vars.server(baseUrl);
        vars.project(job.spec(), baseUrl);
        vars.commit(job.spec(), sha);
        FakeRunner runner = job.runner();
        vars.plain("CI_RUNNER_ID", String.valueOf(runner == null ? 0 : runner.id()));
        vars.plain("GITLAB_USER_ID", "1");
        vars.plain("GITLAB_USER_LOGIN", "root");
        vars.plain("GITLAB_USER_NAME", "Administrator");
        vars.plain("GITLAB_USER_EMAIL", "admin@example.com");
        for (JobSpec.Variable v : job.spec().variables()) {
            vars.add(v.key(), v.value(), v.isPublic(), v.masked(), v.file(), v.raw());
        }
        return vars.list;
    }

    private void pipelineAndJob(FakeJob job, String baseUrl, String repoUrl) {
        String projectUrl = baseUrl + "/" + job.spec().projectPath();
        plain("CI_PIPELINE_ID", String.valueOf(job.pipelineId()));
        plain("CI_PIPELINE_IID", String.valueOf(job.pipelineId()));
        plain("CI_PIPELINE_URL", projectUrl + "/-/pipelines/" + job.pipelineId());
        plain("CI_PIPELINE_SOURCE", "push");
        plain("CI_CONFIG_PATH", ".gitlab-ci.yml");
        plain("CI_JOB_ID", String.valueOf(job.id()));
        plain("CI_JOB_URL", projectUrl + "/-/jobs/" + job.id());
        add("CI_JOB_TOKEN", job.token(), false, true, false, false);
        plain("CI_REGISTRY_USER", "gitlab-ci-token");
        add("CI_REGISTRY_PASSWORD", job.token(), false, true, false, false);
        add("CI_REPOSITORY_URL", repoUrl, false, false, false, false);
        plain("CI_JOB_NAME", job.spec().name());
        plain("CI_JOB_NAME_SLUG", slug(job.spec().name()));
        plain("CI_JOB_STAGE", job.spec().stage());
    }

    private void server(String baseUrl) {
        URI uri = URI.create(baseUrl);
        plain("CI", "true");
        plain("GITLAB_CI", "true");
        plain("CI_SERVER_URL", baseUrl);
        plain("CI_SERVER_HOST", uri.getHost());
        plain("CI_SERVER_PORT", String.valueOf(uri.getPort()));
        plain("CI_SERVER_PROTOCOL", uri.getScheme());
        plain("CI_SERVER_FQDN", uri.getHost() + ":" + uri.getPort());
        plain("CI_SERVER_NAME", "GitLab");
        plain("CI_SERVER_VERSION", "19.4.0");
        plain("CI_SERVER_VERSION_MAJOR", "19");
        plain("CI_SERVER_VERSION_MINOR", "4");
        plain("CI_SERVER_VERSION_PATCH", "0");
        plain("CI_API_V4_URL", baseUrl + "/api/v4");
        plain("CI_API_GRAPHQL_URL", baseUrl + "/api/graphql");
    }

    private void project(JobSpec spec, String baseUrl) {
        String path = spec.projectPath();
        int slash = path.lastIndexOf('/');
        plain("CI_PROJECT_ID", String.valueOf(spec.projectId()));
        plain("CI_PROJECT_NAME", path.substring(slash + 1));
        plain("CI_PROJECT_TITLE", path.substring(slash + 1));
        plain("CI_PROJECT_PATH", path);
        plain("CI_PROJECT_PATH_SLUG", slug(path));
        plain("CI_PROJECT_NAMESPACE", slash < 0 ? "" : path.substring(0, slash));
        plain("CI_PROJECT_ROOT_NAMESPACE", path.split("/")[0]);
        plain("CI_PROJECT_URL", baseUrl + "/" + path);
        plain("CI_PROJECT_VISIBILITY", "private");
        plain("CI_DEFAULT_BRANCH", "main");
    }

    private void commit(JobSpec spec, String sha) {
        plain("CI_COMMIT_SHA", sha);
        plain("CI_COMMIT_SHORT_SHA", sha.substring(0, 8));
        plain("CI_COMMIT_BEFORE_SHA", JobPayload.ZERO_SHA);
        plain("CI_COMMIT_REF_NAME", "main");
        plain("CI_COMMIT_REF_SLUG", "main");
        plain("CI_COMMIT_BRANCH", "main");
        plain("CI_COMMIT_REF_PROTECTED", String.valueOf(spec.protectedRef()));
    }

    private void plain(String key, String value) {
        add(key, value, true, false, false, false);
    }

    /** GitLab always sends key, value, public, masked; {@code file} and {@code raw} only when true. */
    private void add(String key, String value, boolean isPublic, boolean masked, boolean file, boolean raw) {
        ObjectNode v = list.addObject().put("key", key).put("value", value).put("public", isPublic)
                .put("masked", masked);
        if (file) {
            v.put("file", true);
        }
        if (raw) {
            v.put("raw", true);
        }
    }

    /** GitLab's slug: lowercase, non-alphanumerics to '-', at most 63 characters, no '-' at either end. */
    static String slug(String value) {
        String s = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("^-+|-+$", "");
    }
}
