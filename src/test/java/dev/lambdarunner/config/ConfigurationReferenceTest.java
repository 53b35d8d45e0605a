package dev.lambdarunner.config;

import dev.lambdarunner.config.MappedProperties.Property;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md lists exactly the properties {@link RunnerConfig} defines, each with its env form, its type
 * and its default as the code has them. Reads a file and reflects over an interface: no tool, no Quarkus start.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    /** {@code | `runner.x` | `RUNNER_X` | type | default | meaning |}. */
    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\| `(runner\\.[^`]+)` \\| `([^`]+)` \\| ([^|]+?) \\| ([^|]+?) \\| [^|]+ \\|$");

    private record Row(String name, String env, String type, String defaultCell) {
    }

    @Test
    void everyPropertyOfTheCodeIsDocumentedAndNothingElse() throws IOException {
        Map<String, Property> code = new LinkedHashMap<>();
        MappedProperties.of(RunnerConfig.class).all().forEach(property -> code.put(property.name(), property));
        Map<String, Row> doc = documented();
        List<String> problems = new ArrayList<>();
        code.keySet().stream().filter(name -> !doc.containsKey(name))
                .forEach(name -> problems.add(name + ": in RunnerConfig, not in " + REFERENCE));
        doc.keySet().stream().filter(name -> !code.containsKey(name))
                .forEach(name -> problems.add(name + ": in " + REFERENCE + ", not in RunnerConfig"));

        assertThat(problems).as("properties").isEmpty();
    }

    @Test
    void eachPropertyIsDocumentedOnce() throws IOException {
        List<String> names = rows().stream().map(Row::name).toList();

        assertThat(names).as("rows of " + REFERENCE).doesNotHaveDuplicates();
    }

    @Test
    void envFormTypeAndDefaultAreTheCodes() throws IOException {
        Map<String, Row> doc = documented();
        List<String> problems = new ArrayList<>();
        for (Property property : MappedProperties.of(RunnerConfig.class).all()) {
            Row row = doc.get(property.name());
            if (row != null) {
                problems.addAll(differences(property, row));
            }
        }

        assertThat(problems).as("rows that differ from RunnerConfig").isEmpty();
    }

    @Test
    void namesFollowSmallRyesRules() {
        assertThat(new MappedProperties(Sample.class, "sample").all()).containsExactly(
                new Property("sample.group.max-job-timeout", "duration", Optional.of("PT1H")),
                new Property("sample.group.tags", "list", Optional.empty()),
                new Property("sample.labels.*", "string", Optional.empty()),
                new Property("sample.output-limit", "integer", Optional.of("42")),
                new Property("sample.url", "string", Optional.empty()));
    }

    private static List<String> differences(Property property, Row row) {
        List<String> problems = new ArrayList<>();
        String env = property.name().toUpperCase().replaceAll("[.-]", "_");
        if (!row.env().equals(env)) {
            problems.add(property.name() + ": env form documented as " + row.env() + ", is " + env);
        }
        if (!row.type().equals(property.type())) {
            problems.add(property.name() + ": type documented as " + row.type() + ", is " + property.type());
        }
        String expected = property.defaultValue().map(value -> "`" + value + "`").orElse("– ...");
        boolean matches = property.defaultValue().map(value -> row.defaultCell().equals("`" + value + "`"))
                .orElse(row.defaultCell().startsWith("–"));
        if (!matches) {
            problems.add(property.name() + ": default documented as " + row.defaultCell() + ", is " + expected);
        }
        return problems;
    }

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        Matcher row = ROW.matcher(Files.readString(REFERENCE));
        while (row.find()) {
            rows.add(new Row(row.group(1), row.group(2), row.group(3).strip(), row.group(4).strip()));
        }
        assertThat(rows).as("property rows in " + REFERENCE).isNotEmpty();
        return rows;
    }

    private static Map<String, Row> documented() throws IOException {
        Map<String, Row> byName = new LinkedHashMap<>();
        rows().forEach(row -> byName.putIfAbsent(row.name(), row));
        return byName;
    }

    /** A mapping with each naming rule the derivation must follow (not a {@code @ConfigMapping}: Quarkus would load it). */
    interface Sample {
        Optional<String> url();

        @WithName("output-limit")
        @WithDefault("42")
        long outputLimitBytes();

        Map<String, String> labels();

        SampleGroup group();
    }

    interface SampleGroup {
        @WithDefault("PT1H")
        Duration maxJobTimeout();

        Optional<List<String>> tags();
    }
}
