package dev.lambdarunner.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lambdarunner.script.ScriptLine;
import dev.lambdarunner.script.ScriptParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/gitlab-ci/.gitlab-ci.yml runs on this runner as it is: every job tagged lambda-terraform, every script
 * line accepted by the runner's parser and one of the commands it runs, the plan handed to apply with the MR
 * report, apply serialized on the default branch, and the ID token's audience the one the stacks trust.
 */
class GitLabCiExampleTest {

    private static final Path EXAMPLE = Path.of("deploy/gitlab-ci/.gitlab-ci.yml");
    private static final Set<String> RUNNER_COMMANDS = Set.of("terraform", "tofu", "gitlab-terraform", "cd", "export");
    private static final Set<String> NOT_JOBS = Set.of("workflow", "stages", "variables", "default", "include");

    private static JsonNode pipeline;

    @BeforeAll
    static void read() throws IOException {
        pipeline = new ObjectMapper(new YAMLFactory()).readTree(EXAMPLE.toFile());
    }

    @Test
    void everyJobIsTaggedForTheLambdaRunnerAndCarriesTheIdToken() {
        assertThat(jobs()).containsExactly("validate", "plan", "apply");
        for (String job : jobs()) {
            JsonNode resolved = resolved(job);
            assertThat(texts(resolved.path("tags"))).as(job + " tags").containsExactly("lambda-terraform");
            assertThat(resolved.path("id_tokens").path("GITLAB_OIDC_TOKEN").path("aud").asText()).as(job + " id token audience")
                    .isEqualTo(stacksAudience());
        }
    }

    @Test
    void everyScriptLineIsOneTheRunnerRuns() {
        for (String job : jobs()) {
            List<ScriptLine> lines = ScriptParser.parse(texts(resolved(job).path("script")));
            assertThat(lines).as(job + " script").isNotEmpty();
            for (ScriptLine line : lines) {
                assertThat(line.words().get(0).literal()).as(job + ": " + line.source()).hasValueSatisfying(
                        command -> assertThat(RUNNER_COMMANDS).contains(command));
            }
        }
    }

    @Test
    void planHandsItsPlanAndReportToApplyOnTheDefaultBranch() {
        JsonNode plan = resolved("plan");
        JsonNode apply = resolved("apply");

        assertThat(texts(plan.path("artifacts").path("paths"))).containsExactly("${TF_ROOT}/plan.cache");
        assertThat(plan.path("artifacts").path("reports").path("terraform").asText()).isEqualTo("${TF_ROOT}/plan.json");
        assertThat(texts(plan.path("script"))).contains("gitlab-terraform plan", "gitlab-terraform plan-json");
        assertThat(texts(apply.path("dependencies"))).containsExactly("plan");
        assertThat(apply.path("resource_group").asText()).isEqualTo("${TF_STATE_NAME}");
        assertThat(apply.path("rules").get(0).path("if").asText()).isEqualTo("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
        assertThat(texts(apply.path("script"))).contains("gitlab-terraform apply");
    }

    private static List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        pipeline.fieldNames().forEachRemaining(name -> {
            if (!NOT_JOBS.contains(name) && !name.startsWith(".")) {
                jobs.add(name);
            }
        });
        return jobs;
    }

    /** The job with its {@code extends} (one level, as the example uses it) merged in. */
    private static JsonNode resolved(String job) {
        JsonNode own = pipeline.path(job);
        ObjectMapper mapper = new ObjectMapper();
        var merged = mapper.createObjectNode();
        if (own.has("extends")) {
            merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) pipeline.path(own.path("extends").asText()));
        }
        own.fields().forEachRemaining((Map.Entry<String, JsonNode> field) -> merged.set(field.getKey(), field.getValue()));
        return merged;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** OidcAudience's default in the SAM template (the Terraform module's oidc_audience has the same default). */
    private static String stacksAudience() {
        try {
            String template = Files.readString(Path.of("deploy/sam/template.yaml"));
            Matcher m = Pattern.compile("(?m)^  OidcAudience:\\n(?:    .*\\n)*?    Default: (\\S+)").matcher(template);
            assertThat(m.find()).as("OidcAudience default in the template").isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new AssertionError("reading deploy/sam/template.yaml: " + e.getMessage(), e);
        }
    }
}
