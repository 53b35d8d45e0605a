package dev.lambdarunner.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation stays true to the files it describes: the links of the README, of every page under {@code docs/}
 * and of the deployment READMEs resolve, the deployment guide's {@code sam deploy} passes every required template
 * parameter and only parameters the template has, and the Terraform example's tfvars sets every required variable
 * and only declared ones.
 */
class DeploymentDocsTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Path DEPLOYMENT_GUIDE = DOCS.resolve("deployment.md");
    private static final Path TEMPLATE = Path.of("deploy/sam/template.yaml");
    private static final Path EXAMPLE = Path.of("deploy/terraform/runner/examples/complete");

    @Test
    void linksInTheDocsResolve() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(README, Path.of("deploy/terraform/runner/README.md"),
                Path.of("deploy/terraform/bootstrap/README.md"), Path.of("src/main/docker/README.md")));
        try (var pages = Files.list(DOCS)) {
            pages.filter(page -> page.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        assertThat(docs).as("the documentation pages").contains(DEPLOYMENT_GUIDE, DOCS.resolve("minimum-privileges.md"));
        for (Path doc : docs) {
            Matcher link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)").matcher(Files.readString(doc));
            while (link.find()) {
                String target = link.group(1);
                if (!target.startsWith("http")) {
                    assertThat(doc.getParent() == null ? Path.of(target) : doc.getParent().resolve(target))
                            .as(doc + " links " + target).exists();
                }
            }
        }
    }

    @Test
    void samDeployInTheDeploymentGuidePassesWhatTheTemplateNeeds() throws IOException {
        Map<String, Boolean> parameters = templateParameters();
        Set<String> passed = new TreeSet<>();
        String command = section(Files.readString(DEPLOYMENT_GUIDE), "sam deploy --template-file");
        command = command.substring(0, command.indexOf("```"));
        Matcher override = Pattern.compile("(?m)^ {4}([A-Za-z]+)=\\S+").matcher(command);
        while (override.find()) {
            passed.add(override.group(1));
        }
        Set<String> required = new TreeSet<>();
        parameters.forEach((name, hasDefault) -> {
            if (!hasDefault) {
                required.add(name);
            }
        });

        assertThat(parameters.keySet()).as("template parameters").containsAll(passed);
        assertThat(passed).as("parameters the deployment guide passes").containsAll(required).contains("PermissionsBoundaryArn");
    }

    @Test
    void terraformExampleTfvarsSetsWhatTheExampleNeeds() throws IOException {
        String variables = Files.readString(EXAMPLE.resolve("variables.tf"));
        Set<String> declared = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        Matcher block = Pattern.compile("(?ms)^variable \"(\\w+)\" \\{(.*?)^\\}").matcher(variables);
        while (block.find()) {
            declared.add(block.group(1));
            if (!block.group(2).contains("default")) {
                required.add(block.group(1));
            }
        }
        Set<String> set = new TreeSet<>();
        Matcher assignment = Pattern.compile("(?m)^(\\w+)\\s*=").matcher(Files.readString(EXAMPLE.resolve("runner.tfvars.example")));
        while (assignment.find()) {
            set.add(assignment.group(1));
        }

        assertThat(declared).containsAll(set);
        assertThat(set).containsAll(required);
    }

    /** Parameter name -> whether it has a Default, from the template's Parameters section. */
    private static Map<String, Boolean> templateParameters() throws IOException {
        String parameters = section(Files.readString(TEMPLATE), "\nParameters:\n");
        parameters = parameters.substring(0, parameters.indexOf("\nConditions:"));
        Map<String, Boolean> found = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        Matcher name = Pattern.compile("(?m)^  (\\w+):$").matcher(parameters);
        while (name.find()) {
            names.add(name.group(1));
        }
        for (String[] pair : pairs(parameters, names)) {
            found.put(pair[0], pair[1].contains("\n    Default:"));
        }
        return found;
    }

    private static List<String[]> pairs(String parameters, List<String> names) {
        List<String[]> result = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int start = parameters.indexOf("\n  " + names.get(i) + ":\n");
            int end = i + 1 < names.size() ? parameters.indexOf("\n  " + names.get(i + 1) + ":\n") : parameters.length();
            result.add(new String[] {names.get(i), parameters.substring(start, end)});
        }
        return result;
    }

    private static String section(String text, String from) {
        int at = text.indexOf(from);
        assertThat(at).as("'" + from.strip() + "' in the text").isNotNegative();
        return text.substring(at);
    }
}
