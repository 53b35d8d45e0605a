package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobVariable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobVariablesTest {

    @TempDir
    Path dir;

    @Test
    void lastOccurrenceOfAKeyWins() throws Exception {
        var vars = new JobVariables(List.of(JobVariable.of("A", "first"), JobVariable.of("B", "b"),
                JobVariable.of("A", "second")));

        assertThat(vars.resolve(dir)).containsEntry("A", "second").containsEntry("B", "b");
    }

    @Test
    void valuesAreExpandedOnceAgainstRawValues() throws Exception {
        var vars = new JobVariables(List.of(
                JobVariable.of("ROOT", "/srv"),
                JobVariable.of("TF_ROOT", "${ROOT}/infra"),
                JobVariable.of("NESTED", "$TF_ROOT/x"),
                JobVariable.of("PRICE", "$$5"),
                JobVariable.of("UNKNOWN", "[$NOPE]")));

        Map<String, String> env = vars.resolve(dir);

        assertThat(env).containsEntry("TF_ROOT", "/srv/infra")
                // one level only, as gitlab-runner: the raw value of TF_ROOT is used
                .containsEntry("NESTED", "${ROOT}/infra/x")
                .containsEntry("PRICE", "$5")
                .containsEntry("UNKNOWN", "[]");
    }

    @Test
    void rawVariablesAreNotExpanded() throws Exception {
        var vars = new JobVariables(List.of(JobVariable.of("A", "a"),
                new JobVariable("LITERAL", "$A and ${A}", true, false, false, true)));

        assertThat(vars.resolve(dir)).containsEntry("LITERAL", "$A and ${A}");
    }

    @Test
    void fileVariablesBecomeOwnerOnlyFilesHoldingTheValue() throws Exception {
        var vars = new JobVariables(List.of(new JobVariable("KUBECONFIG", "secret: yes", false, true, true, false)));

        Path file = Path.of(vars.resolve(dir).get("KUBECONFIG"));

        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(Files.readString(file)).isEqualTo("secret: yes");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void fileVariableWithAPathLikeNameIsRefused() {
        var vars = new JobVariables(List.of(new JobVariable("../escape", "x", false, false, true, false)));

        assertThatThrownBy(() -> vars.resolve(dir)).hasMessageContaining("not a valid variable name");
        assertThat(dir.getParent().resolve("escape")).doesNotExist();
    }

    @Test
    void maskedValuesIncludeRawAndExpandedForms() {
        var vars = new JobVariables(List.of(JobVariable.of("USER", "bob"),
                new JobVariable("PASS", "pw-$USER-123", false, true, false, false),
                new JobVariable("EMPTY", "", false, true, false, false)));

        assertThat(vars.maskedValues()).containsExactlyInAnyOrder("pw-$USER-123", "pw-bob-123");
    }
}
