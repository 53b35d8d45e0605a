package dev.lambdarunner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.lambdarunner.script.Refusals.assertRefused;
import static dev.lambdarunner.script.Refusals.no;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandPolicyTest {

    private static final Map<String, String> ENV = Map.of("TF_ROOT", "infra/prod", "TOKEN", "s3cr3t value");

    private final CommandPolicy policy = new CommandPolicy(false);

    @Test
    void terraformKeepsItsArgumentsUnexpanded() {
        ScriptCommand.Terraform terraform = check("terraform plan -var=\"token=$TOKEN\" -out=plan.cache",
                ScriptCommand.Terraform.class);

        assertThat(terraform.tool()).isEqualTo("terraform");
        assertThat(terraform.args()).extracting(Word::literal)
                .containsExactly(Optional.of("plan"), Optional.empty(),
                        Optional.of("-out=plan.cache"));
        assertThat(terraform.args().get(1).expand(ENV::get)).isEqualTo("-var=token=s3cr3t value");
        assertThat(terraform.chdir()).isEmpty();
    }

    @Test
    void gitlabTerraformIsABuiltInCommandWithItsArgumentsUnexpanded() {
        ScriptCommand.GitLabTerraform wrapper = check("gitlab-terraform plan -var=\"token=$TOKEN\"",
                ScriptCommand.GitLabTerraform.class);

        assertThat(wrapper.tool()).isEqualTo("terraform");
        assertThat(wrapper.wrapper()).isEqualTo("gitlab-terraform");
        assertThat(wrapper.args()).extracting(Word::literal).containsExactly(Optional.of("plan"), Optional.empty());
    }

    @Test
    void gitlabTofuRunsTofuWhenEnabled() {
        ScriptCommand command = new CommandPolicy(true).check(ScriptParser.parse(List.of("gitlab-tofu apply")).get(0));

        assertThat(((ScriptCommand.GitLabTerraform) command).tool()).isEqualTo("tofu");
    }

    static Stream<Arguments> chdirOptions() {
        return Stream.of(
                arguments(named("literal", "terraform -chdir=infra plan"), "infra"),
                arguments(named("variable", "terraform -chdir=\"${TF_ROOT}\" plan"), "infra/prod"),
                arguments(named("after other global options", "terraform -no-color -chdir=$TF_ROOT/x init"), "infra/prod/x"),
                arguments(named("last one wins, as in terraform", "terraform -chdir=a -chdir=b plan"), "b"),
                arguments(named("empty directory", "terraform -chdir= plan"), ""));
    }

    @ParameterizedTest
    @MethodSource("chdirOptions")
    void chdirGivesTheDirectoryForTheContainmentCheck(String script, String directory) {
        ScriptCommand.Terraform terraform = check(script, ScriptCommand.Terraform.class);

        assertThat(terraform.chdir()).hasValueSatisfying(dir -> assertThat(dir.expand(ENV::get)).isEqualTo(directory));
    }

    @Test
    void chdirAfterTheSubcommandIsNotTerraformsGlobalOption() {
        ScriptCommand.Terraform terraform = check("terraform plan -chdir=/etc", ScriptCommand.Terraform.class);

        assertThat(terraform.chdir()).isEmpty();
    }

    @Test
    void tofuIsTerraformWhenEnabled() {
        ScriptLine line = ScriptParser.parse(List.of("tofu -chdir=infra apply -auto-approve")).get(0);

        ScriptCommand.Terraform tofu = (ScriptCommand.Terraform) new CommandPolicy(true).check(line);

        assertThat(tofu.tool()).isEqualTo("tofu");
        assertThat(tofu.chdir()).contains(Word.of("infra"));
        assertThat(tofu.line()).isSameAs(line);
    }

    @Test
    void changeDirectoryKeepsItsTarget() {
        ScriptCommand.ChangeDirectory cd = check("cd \"${TF_ROOT}\"", ScriptCommand.ChangeDirectory.class);

        assertThat(cd.target().expand(ENV::get)).isEqualTo("infra/prod");
    }

    @Test
    void exportSplitsEachAssignmentAtTheFirstEquals() {
        ScriptCommand.Export export = check("export A=x=y B= C=\"$TOKEN\"/z D=$TF_ROOT", ScriptCommand.Export.class);

        assertThat(export.assignments()).extracting(ScriptCommand.Assignment::name).containsExactly("A", "B", "C", "D");
        assertThat(export.assignments()).extracting(a -> a.value().expand(ENV::get))
                .containsExactly("x=y", "", "s3cr3t value/z", "infra/prod");
        assertThat(export.assignments().get(3).value().segments()).containsExactly(new Segment.Variable("TF_ROOT"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                no("tofu not enabled", "tofu plan", "tofu is not enabled on this runner"),
                no("printf", "printf hi", "'printf' is not allowed: only terraform, gitlab-terraform, cd and export are allowed, and the built-ins echo, true, false, [ ], test and NAME=value"),
                no("sh", "sh -c 'terraform plan'", "only terraform, gitlab-terraform, cd and export are allowed"),
                no("bash", "bash", "only terraform, gitlab-terraform, cd and export are allowed"),
                no("gitlab-terraform alone", "gitlab-terraform", "gitlab-terraform needs a command"),
                no("gitlab-terraform variable command", "gitlab-terraform $CMD", "gitlab-terraform global options and subcommand must be literal"),
                no("gitlab-terraform variable global option", "gitlab-terraform -$OPT plan", "only -chdir=DIR may use variables"),
                no("gitlab-tofu not enabled", "gitlab-tofu plan", "gitlab-tofu is not enabled on this runner"),
                no("curl", "curl http://169.254.169.254/", "only terraform, gitlab-terraform, cd and export are allowed"),
                no("relative path to terraform", "./terraform plan", "'./terraform' is not allowed"),
                no("absolute path to terraform", "/usr/bin/terraform plan", "'/usr/bin/terraform' is not allowed"),
                no("env wrapper", "env terraform plan", "'env' is not allowed"),
                no("assignment prefix", "TF_LOG=trace terraform plan", "an assignment before a command ('TF_LOG=trace terraform') is not allowed"),
                no("quoted name with a blank", "'terraform plan'", "'terraform plan' is not allowed"),
                no("variable subcommand", "terraform $CMD", "terraform global options and subcommand must be literal"),
                no("variable global option", "terraform -$OPT plan", "must be literal (only -chdir=DIR may use variables)"),
                no("cd alone", "cd", "cd takes exactly one directory"),
                no("cd with two arguments", "cd a b", "cd takes exactly one directory"),
                no("cd -", "cd -", "cd options and 'cd -' are not allowed"),
                no("cd option", "cd -P", "cd options and 'cd -' are not allowed"),
                no("export alone", "export", "export needs at least one NAME=value"),
                no("export -p", "export -p", "export options are not allowed"),
                no("export without value", "export TF_VAR_x", "export without '=' is not allowed"),
                no("export variable name", "export $NAME=x", "export name must be literal"),
                no("export partly variable name", "export A$B=x", "export name must be literal"),
                no("export invalid name", "export 1A=x", "export name '1A' is not a valid variable name"),
                no("export empty name", "export =x", "export name '' is not a valid variable name"),
                no("export PATH", "export PATH=/tmp/evil", "export of 'PATH' is not allowed: it is set by the runner"),
                no("export HOME", "export A=1 HOME=/", "'HOME' is not allowed: it is set by the runner"),
                no("export TMPDIR", "export TMPDIR=/", "is set by the runner"),
                no("export LD_PRELOAD", "export LD_PRELOAD=/tmp/x.so", "read by the dynamic linker"),
                no("export LD_LIBRARY_PATH", "export LD_LIBRARY_PATH=/tmp", "read by the dynamic linker"),
                no("export LD_AUDIT", "export LD_AUDIT=/tmp/x.so", "'LD_AUDIT' is not allowed: it is read by the dynamic linker"),
                no("export TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE",
                        "export TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE=1", "without a lock file checksum"),
                no("export TERRAFORM_CONFIG", "export TERRAFORM_CONFIG=x.tfrc", "old name of TF_CLI_CONFIG_FILE"),
                no("export TF_PLUGIN_CACHE_DIR", "export TF_PLUGIN_CACHE_DIR=/tmp", "is set by the runner"),
                no("export TF_IN_AUTOMATION", "export TF_IN_AUTOMATION=", "is set by the runner"),
                no("export TF_INPUT", "export TF_INPUT=true", "is set by the runner"),
                no("export TF_CLI_CONFIG_FILE", "export TF_CLI_CONFIG_FILE=x.tfrc", "is set by the runner"),
                no("export CI_PROJECT_DIR", "export CI_PROJECT_DIR=/", "is set by the runner"),
                no("export CI_BUILDS_DIR", "export CI_BUILDS_DIR=/", "is set by the runner"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedLineNamesTheReason(String script, String reason) {
        ScriptLine line = ScriptParser.parse(List.of(script)).get(0);

        assertRefused(() -> policy.check(line), script, reason);
    }

    @Test
    void refusalMentionsTofuWhenEnabled() {
        ScriptLine line = ScriptParser.parse(List.of("printf hi")).get(0);

        assertThatThrownBy(() -> new CommandPolicy(true).check(line))
                .hasMessage("refused script line 'printf hi': 'printf' is not allowed: only terraform, tofu, gitlab-terraform,"
                        + " gitlab-tofu, cd and export are allowed, and the built-ins echo, true, false, [ ], test and NAME=value");
    }

    @Test
    void linesBuiltByHandAreCheckedToo() {
        ScriptLine empty = new ScriptLine("", List.of());
        ScriptLine variableName = new ScriptLine("$TF plan", List.of(new Word(List.of(new Segment.Variable("TF")))));

        assertThatThrownBy(() -> policy.check(empty)).hasMessageContaining("empty command");
        assertThatThrownBy(() -> policy.check(variableName)).hasMessageContaining("command name must be literal");
    }

    private ScriptCommand check(String script) {
        return policy.check(ScriptParser.parse(List.of(script)).get(0));
    }

    /** Checks {@code script}'s one line, which must be a {@code type}. */
    private <T extends ScriptCommand> T check(String script, Class<T> type) {
        ScriptCommand command = check(script);
        assertThat(command).isInstanceOf(type);
        return type.cast(command);
    }
}
