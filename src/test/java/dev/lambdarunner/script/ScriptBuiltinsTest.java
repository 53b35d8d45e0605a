package dev.lambdarunner.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.lambdarunner.script.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** Whole entries with built-ins, as {@link CommandPolicy#checkScript} reads them before anything runs. */
class ScriptBuiltinsTest {

    /** The plan job's script of the OpenTofu component 0.50.0 (templates/plan.yml), destroy input false. */
    static final List<String> COMPONENT_PLAN = List.of(
            "args=\"\"\nif [ \"false\" == \"true\" ]; then \n  echo \"Planning for a destroy\"\n  args=\"-destroy\"\nfi\n",
            "gitlab-tofu plan $args");

    private final CommandPolicy policy = new CommandPolicy(true);

    @Test
    void componentPlanSnippetIsAnAssignmentAnIfBlockAndTheWrapper() {
        List<ScriptCommand> commands = policy.checkScript(COMPONENT_PLAN);

        assertThat(commands).hasSize(3);
        assertThat(commands.get(0)).isInstanceOf(ScriptCommand.Assign.class);
        ScriptCommand.If block = (ScriptCommand.If) commands.get(1);
        assertThat(block.branches()).singleElement().satisfies(branch -> {
            assertThat(branch.condition()).singleElement().isInstanceOf(ScriptCommand.Test.class);
            assertThat(branch.body()).extracting(c -> c.line().source())
                    .containsExactly("echo \"Planning for a destroy\"", "args=\"-destroy\"");
        });
        ScriptCommand.GitLabTerraform plan = (ScriptCommand.GitLabTerraform) commands.get(2);
        assertThat(Word.expandAll(plan.args(), Map.of("args", "")::get)).containsExactly("plan");
        assertThat(Word.expandAll(plan.args(), Map.of("args", "-destroy")::get)).containsExactly("plan", "-destroy");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "if [ a = b ]; then terraform plan                 | 'if' without a matching 'fi'",
            "if terraform plan; then echo x; fi               | only [ ... ], test, true, false, echo and assignments may be an 'if' condition",
            "if true; then; echo x; fi                        | ';' right after 'then' is a syntax error in sh",
            "fi                                               | 'fi' without a matching 'if'",
            "if true; then echo x; fi echo y                  | 'fi' must end its command",
            "while true; do echo x; done                      | shell keyword 'while' is not supported",
            "[ \"$X\" -eq 1 ]                                 | test operator '-eq' is not supported by this runner",
            "[ a = b                                          | '[' without a closing ']'",
            "echo -n x                                        | echo options are not supported",
            "A=1 terraform plan                               | an assignment before a command",
            "PATH=/tmp/evil                                   | 'PATH' is not allowed: it is set by the runner",
            "if true; then rm -rf /; fi                       | 'rm' is not allowed",
    })
    void refusedBeforeAnythingRunsNamingTheConstruct(String entry, String reason) {
        assertRefused(() -> policy.checkScript(List.of("terraform init", entry.strip())), reason);
    }
}
