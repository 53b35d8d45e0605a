package dev.lambdarunner.nativeimage;

import dev.lambdarunner.artifacts.ArchiveExtractor;
import dev.lambdarunner.nativeimage.fixture.JacksonFixtures;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every type Jackson binds by reflection is registered for reflection, so that the native executable reads and
 * writes it as the JVM does: a GitLab DTO, a Lambda answer or any new type passed to Jackson that lacks
 * {@code @RegisterForReflection} fails here, not with empty fields or a missing-constructor error in the Lambda.
 * (The native-image check cannot see this: a missing registration only shows when the binary runs.) What the Quarkus
 * extensions register themselves (picocli commands and options, JGit, the AWS SDK, Lambda's event classes) and
 * Jackson's tree model ({@code readTree}, {@code ObjectNode}) need nothing here.
 */
class JacksonRegistrationTest {

    @Test
    void everyTypeTheApplicationBindsIsRegistered() {
        JacksonBindings bindings = JacksonBindings.scan(classesOf(ArchiveExtractor.class), "dev.lambdarunner");

        assertThat(bindings.unclear()).as("places where the bound type cannot be told").isEmpty();
        assertThat(bindings.unregistered()).as("bound types without @RegisterForReflection").isEmpty();
        // The scan finds what it should: the job payload with what it holds, and both Lambda answers.
        assertThat(bindings.bound()).containsKeys("dev.lambdarunner.gitlab.dto.JobResponse",
                "dev.lambdarunner.gitlab.dto.JobVariable", "dev.lambdarunner.gitlab.dto.GitInfo",
                "dev.lambdarunner.gitlab.dto.JobDependency", "dev.lambdarunner.gitlab.dto.JobArtifact",
                "dev.lambdarunner.lambda.PollReport", "dev.lambdarunner.lambda.UrlResponse");
    }

    @Test
    void aBoundTypeWithoutRegistrationIsFoundWhicheverWayJacksonReachesIt() {
        JacksonBindings bindings = JacksonBindings.scan(classesOf(JacksonFixtures.class),
                "dev.lambdarunner.nativeimage.fixture");

        String fixtures = JacksonFixtures.class.getName() + "$";
        assertThat(bindings.unregistered()).map(line -> line.substring(0, line.indexOf(' ')))
                .containsExactlyInAnyOrder(fixtures + "UnregisteredChild", fixtures + "UnregisteredAnnotated",
                        fixtures + "UnregisteredReadByClassLiteral", fixtures + "UnregisteredWritten",
                        fixtures + "UnregisteredInTypeReference", fixtures + "UnregisteredAnswer");
        assertThat(bindings.bound()).containsKeys(fixtures + "Registered", fixtures + "RegisteredParent",
                fixtures + "RegisteredByTarget").doesNotContainKey(fixtures + "NeverBound");
        assertThat(bindings.unclear()).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("Unclear.read: treeToValue gets a Class"))
                .anySatisfy(line -> assertThat(line).contains("Unclear.write: a value of static type java.lang.Object"));
    }

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
