package dev.lambdarunner.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lambdarunner.gitlab.NewRunner;
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
 * deploy/gitlab-ci/.gitlab-ci.yml runs on these runners as it is: merge request jobs only on the plan runner's tag,
 * jobs of the protected default branch only on the apply runner's tag (the tags `register` gives them), every
 * script line accepted by the runner's parser and one of the commands it runs, the plan made on the apply runner
 * handed to apply, apply serialized on the default branch, and the ID token's audience the one the stacks trust.
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

    private static final String MERGE_REQUEST = "$CI_PIPELINE_SOURCE == \"merge_request_event\"";
    private static final String PROTECTED_DEFAULT_BRANCH = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_COMMIT_REF_PROTECTED == \"true\"";

    @Test
    void everyJobIsTaggedForOneOfTheTwoRunnersAndCarriesTheIdToken() {
        assertThat(jobs()).containsExactly("validate", "plan", "plan-protected", "apply");
        for (String job : jobs()) {
            JsonNode resolved = resolved(job);
            assertThat(texts(resolved.path("tags"))).as(job + " tags").singleElement().isIn(NewRunner.TAG, NewRunner.APPLY_TAG);
            assertThat(resolved.path("id_tokens").path("GITLAB_OIDC_TOKEN").path("aud").asText()).as(job + " id token audience")
                    .isEqualTo(stacksAudience());
        }
    }

    @Test
    void unmergedCodeRunsOnlyOnThePlanRunnerAndTheApplyRunnerOnlyOnTheProtectedDefaultBranch() {
        for (String job : jobs()) {
            JsonNode resolved = resolved(job);
            List<String> conditions = StreamSupport.stream(resolved.path("rules").spliterator(), false)
                    .map(rule -> rule.path("if").asText()).toList();
            String tag = texts(resolved.path("tags")).get(0);
            assertThat(conditions).as(job + " rules: no job may run unconditionally").isNotEmpty();
            assertThat(conditions).as(job + " rules on tag " + tag)
                    .containsOnly(tag.equals(NewRunner.APPLY_TAG) ? PROTECTED_DEFAULT_BRANCH : MERGE_REQUEST);
        }
        assertThat(texts(resolved("apply").path("tags"))).containsExactly(NewRunner.APPLY_TAG);
        assertThat(texts(resolved("plan").path("tags"))).containsExactly(NewRunner.TAG);
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
    void theApplyRunnersPlanIsHandedToApplyAndTheMergeRequestGetsTheReport() {
        JsonNode apply = resolved("apply");
        for (String job : List.of("plan", "plan-protected")) {
            JsonNode plan = resolved(job);
            assertThat(texts(plan.path("artifacts").path("paths"))).as(job).containsExactly("${TF_ROOT}/plan.cache");
            assertThat(plan.path("artifacts").path("reports").path("terraform").asText()).as(job).isEqualTo("${TF_ROOT}/plan.json");
            assertThat(texts(plan.path("script"))).as(job).contains("gitlab-terraform plan", "gitlab-terraform plan-json");
        }
        assertThat(texts(resolved("plan-protected").path("tags"))).containsExactly(NewRunner.APPLY_TAG);
        assertThat(texts(apply.path("dependencies"))).containsExactly("plan-protected");
        assertThat(apply.path("resource_group").asText()).isEqualTo("${TF_STATE_NAME}");
        assertThat(apply.path("rules").get(0).path("when").asText()).isEqualTo("manual");
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

    /**
     * The job with its {@code extends} merged in the way GitLab does: parents in order, recursively, the job last;
     * hashes merge deeply, any other value (lists included) is replaced.
     */
    private static ObjectNode resolved(String job) {
        JsonNode own = pipeline.path(job);
        assertThat(own.isObject()).as("job or template " + job).isTrue();
        ObjectNode merged = new ObjectMapper().createObjectNode();
        JsonNode parents = own.path("extends");
        for (JsonNode parent : parents.isArray() ? parents : List.of(parents)) {
            if (!parent.isMissingNode()) {
                deepMerge(merged, resolved(parent.asText()));
            }
        }
        ObjectNode copy = ((ObjectNode) own).deepCopy();
        copy.remove("extends");
        deepMerge(merged, copy);
        return merged;
    }

    private static void deepMerge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining((Map.Entry<String, JsonNode> field) -> {
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue().isObject()) {
                deepMerge(target, field.getValue());
            } else {
                into.set(field.getKey(), field.getValue().deepCopy());
            }
        });
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
