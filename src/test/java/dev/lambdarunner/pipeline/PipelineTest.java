package dev.lambdarunner.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GitLab's YAML semantics as check resolves them, on the fixtures in src/test/resources/pipelines/. */
class PipelineTest {

    private static final Path DIR = Path.of("src/test/resources/pipelines");

    @Test
    void extendsMergesHashesDeeplyReplacesArraysAndAppliesParentsInOrder() {
        PipelineJob plan = job("extends.yml", "plan");
        assertThat(plan.variables()).containsOnlyKeys("TF_ROOT", "LEVEL", "OTHER", "OWN");
        assertThat(plan.variables().get("LEVEL").value()).as("the later parent wins").isEqualTo("other");
        assertThat(plan.variables().get("TF_ROOT").value()).as("from two levels up").isEqualTo("infra");
        assertThat(plan.script()).as("the job's own array replaces its parents'").containsExactly("terraform plan");
        @SuppressWarnings("unchecked")
        Map<String, Object> artifacts = (Map<String, Object>) plan.keywords().get("artifacts");
        assertThat(artifacts.get("paths")).as("array replaced").isEqualTo(List.of("middle.txt"));
        assertThat(artifacts.get("reports")).as("hash kept from deeper").isEqualTo(Map.of("terraform", "plan.json"));
        assertThat(job("extends.yml", "apply").script()).containsExactly("terraform init");
    }

    @Test
    void circularExtendsIsInvalid() {
        assertThat(job("extends.yml", "loop-a").problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(JobProblem.Kind.INVALID);
            assertThat(p.getMessage()).isEqualTo("circular extends: loop-a -> loop-b -> loop-a");
        });
    }

    @Test
    void referenceTakesValuesOfOtherJobsNestedAndFlattened() {
        PipelineJob plan = job("reference.yml", "plan");
        assertThat(plan.beforeScript()).containsExactly("cd infra", "export TF_IN=yes");
        assertThat(plan.script()).containsExactly("terraform init", "terraform validate", "terraform fmt -check", "terraform plan");
        assertThat(plan.variables().get("TF_ROOT").value()).isEqualTo("infra");
        assertThat(job("reference.yml", "missing").problem()).hasValueSatisfying(p ->
                assertThat(p.getMessage()).isEqualTo("!reference [.nowhere, script] is not defined in the pipeline"));
    }

    @Test
    void anchorsAliasesAndMergeKeysComeFromYaml() {
        PipelineJob plan = job("anchors.yml", "plan");
        assertThat(plan.tags()).containsExactly("lambda-terraform");
        assertThat(plan.script()).containsExactly("cd \"$TF_ROOT\"", "terraform init", "terraform plan");
        assertThat(plan.variables()).containsOnlyKeys("TF_ROOT", "EXTRA");
        assertThat(job("anchors.yml", "validate").script()).containsExactly("cd \"$TF_ROOT\"", "terraform init");
    }

    @Test
    void defaultIsInheritedUnlessTheJobSetsItOrInheritSaysNo() {
        PipelineJob all = job("default.yml", "inherits-all");
        assertThat(all.tags()).containsExactly("lambda-terraform");
        assertThat(all.beforeScript()).containsExactly("cd infra");
        assertThat(all.afterScript()).containsExactly("terraform show");
        assertThat(all.keywords()).containsKeys("image", "cache", "services");
        assertThat(all.variables()).containsOnlyKeys("TF_ROOT", "GLOBAL");

        assertThat(job("default.yml", "own-before").beforeScript()).containsExactly("cd other");

        PipelineJob none = job("default.yml", "no-default");
        assertThat(none.keywords()).doesNotContainKeys("image", "cache", "services", "before_script", "after_script");
        assertThat(none.variables()).isEmpty();

        PipelineJob some = job("default.yml", "some-default");
        assertThat(some.keywords()).containsKeys("image", "tags").doesNotContainKeys("cache", "before_script");
        assertThat(some.variables()).containsOnlyKeys("GLOBAL");
    }

    @Test
    void hiddenAndTriggerJobsAreNotJobs() {
        assertThat(names("default.yml")).containsExactly("inherits-all", "own-before", "no-default", "some-default", "other-runner");
    }

    @Test
    void localIncludesAreMergedWithTheIncludingFileWinning() {
        Pipeline pipeline = read("include/.gitlab-ci.yml");
        assertThat(pipeline.unresolvedIncludes()).isEmpty();
        assertThat(pipeline.jobs()).extracting(PipelineJob::name).containsExactly("nested", "apply", "plan");
        PipelineJob plan = find(pipeline, "plan");
        assertThat(plan.variables().get("TF_ROOT").value()).isEqualTo("mine");
        assertThat(plan.variables().get("FROM_BASE").value()).isEqualTo("base");
        assertThat(plan.beforeScript()).containsExactly("cd \"${TF_ROOT}\"");
    }

    @Test
    void includesThatNeedGitLabAreNamedAndWhatTheyDefineIsUnknown() {
        Pipeline pipeline = read("unresolved.yml");
        assertThat(pipeline.unresolvedIncludes()).containsExactly(
                "template Terraform/Base.latest.gitlab-ci.yml", "remote https://example.com/ci/terraform.yml",
                "component $CI_SERVER_FQDN/components/opentofu/full-pipeline@2.0.0",
                "project platform/ci-templates file /terraform.yml ref v1");
        assertThat(find(pipeline, "build").problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(JobProblem.Kind.UNKNOWN);
            assertThat(p.getMessage()).startsWith("extends '.terraform:build' is not in this file or its local includes")
                    .contains("template Terraform/Base.latest.gitlab-ci.yml");
        });
        assertThat(find(pipeline, "local").problem()).isEmpty();
    }

    @Test
    void aMissingLocalIncludeOrOneOutsideTheRootNamesTheInclude(@TempDir Path repo) throws IOException {
        Path file = Files.writeString(repo.resolve(".gitlab-ci.yml"), "include:\n  - local: ci/missing.yml\n");
        assertThatThrownBy(() -> Pipeline.read(file, repo)).isInstanceOf(PipelineException.class)
                .hasMessage("including local ci/missing.yml from " + file + ": no such file " + repo.resolve("ci/missing.yml"));
        Files.writeString(file, "include: ../../etc/passwd\n");
        assertThatThrownBy(() -> Pipeline.read(file, repo)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("it is outside the repository root");
    }

    @Test
    void invalidYamlNamesTheFileAndWhere() {
        assertThatThrownBy(() -> read("invalid.yml")).isInstanceOf(PipelineException.class)
                .hasMessageStartingWith("parsing " + DIR.resolve("invalid.yml") + ": ")
                .hasMessageContaining("expected ',' or ']'").hasMessageContaining("(line 2, column 1)");
        assertThatThrownBy(() -> read("bad-alias.yml")).hasMessageContaining("undefined alias");
        assertThatThrownBy(() -> read("nope.yml")).hasMessage("reading " + DIR.resolve("nope.yml") + ": no such file");
    }

    private static Pipeline read(String name) {
        Path file = DIR.resolve(name);
        return Pipeline.read(file, file.getParent());
    }

    private static PipelineJob job(String file, String name) {
        return find(read(file), name);
    }

    private static PipelineJob find(Pipeline pipeline, String name) {
        return pipeline.jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> names(String file) {
        return read(file).jobs().stream().map(PipelineJob::name).toList();
    }
}
