package dev.lambdarunner.gitlab.dto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secrets of a job payload (the job token, a dependency's token, the repository URL with its credentials)
 * are read into {@code Secret}s: printing the payload, or any part of it, never shows them, while the code that
 * sends them still gets them whole.
 */
class JobPayloadSecretsProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property
    void printingAJobNeverShowsItsTokens(@ForAll("tokens") String jobToken, @ForAll("tokens") String dependencyToken)
            throws Exception {
        JobResponse job = JSON.treeToValue(payload(jobToken, dependencyToken), JobResponse.class);

        List<String> printed = List.of(job.toString(), String.valueOf(job.gitInfo()), job.dependencies().toString(),
                job.variables().toString(), String.format("job=%s", job));

        assertThat(printed).allSatisfy(line -> assertThat(line)
                .doesNotContain(jobToken).doesNotContain(dependencyToken));
        assertThat(List.of(String.valueOf(job.gitInfo()), job.dependencies().toString()))
                .allSatisfy(line -> assertThat(line).contains("[MASKED]"));
    }

    @Property
    void theTokensStillReachWhoeverSendsThem(@ForAll("tokens") String jobToken, @ForAll("tokens") String dependencyToken)
            throws Exception {
        JobResponse job = JSON.treeToValue(payload(jobToken, dependencyToken), JobResponse.class);

        assertThat(job.token().value()).isEqualTo(jobToken);
        assertThat(job.dependencies().get(0).token().value()).isEqualTo(dependencyToken);
        assertThat(job.gitInfo().repoUrl().value()).isEqualTo(repoUrl(jobToken));
    }

    @Example
    void anAbsentNullOrEmptyTokenIsAbsent() throws Exception {
        assertThat(JSON.readValue("{\"id\": 1}", JobResponse.class).token()).isNull();
        assertThat(JSON.readValue("{\"id\": 1, \"token\": null}", JobResponse.class).token()).isNull();
        assertThat(JSON.readValue("{\"id\": 1, \"token\": \"\"}", JobResponse.class).token()).isNull();
    }

    @Example
    void aTokenThatIsNotAStringIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> JSON.readValue("{\"id\": 1, \"token\": {\"v\": \"glcbt-NOTASTRING\"}}", JobResponse.class))
                .isInstanceOf(MismatchedInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("glcbt-NOTASTRING"));
    }

    @Provide
    Arbitrary<String> tokens() {
        // A marker no other field of the payload prints, then anything (URL-unsafe characters included).
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(rest -> "glcbt-~" + rest);
    }

    private static ObjectNode payload(String jobToken, String dependencyToken) {
        ObjectNode root = JSON.createObjectNode().put("id", 42).put("token", jobToken);
        root.putObject("job_info").put("name", "plan").put("project_id", 7);
        root.putObject("git_info").put("repo_url", repoUrl(jobToken)).put("ref", "main").put("sha", "abc123");
        root.putArray("dependencies").addObject().put("id", 41).put("name", "build").put("token", dependencyToken);
        ArrayNode variables = root.putArray("variables");
        variables.addObject().put("key", "CI_JOB_TOKEN").put("value", jobToken).put("masked", true);
        // GitLab sends this one unmasked, and it carries the job token
        variables.addObject().put("key", "CI_REPOSITORY_URL").put("value", repoUrl(jobToken)).put("masked", false);
        return root;
    }

    private static String repoUrl(String jobToken) {
        return "https://gitlab-ci-token:" + jobToken + "@gitlab.example.com/group/infra.git";
    }
}
