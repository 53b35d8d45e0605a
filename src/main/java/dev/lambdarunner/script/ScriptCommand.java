package dev.lambdarunner.script;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A script line the {@link CommandPolicy} accepted, by kind. Words stay unexpanded. */
public sealed interface ScriptCommand permits ScriptCommand.Terraform, ScriptCommand.GitLabTerraform,
        ScriptCommand.ChangeDirectory, ScriptCommand.Export, ScriptCommand.Assign, ScriptCommand.Echo,
        ScriptCommand.Test, ScriptCommand.Status, ScriptCommand.If {

    /** The parsed line this command came from. */
    ScriptLine line();

    /**
     * {@code terraform ...} or {@code tofu ...}.
     *
     * @param tool {@code "terraform"} or {@code "tofu"}
     * @param args the arguments after the tool name
     */
    record Terraform(ScriptLine line, String tool, List<Word> args) implements ScriptCommand {

        static final String CHDIR = "-chdir=";

        public Terraform {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(tool, "tool");
            args = List.copyOf(args);
        }

        /**
         * The directory of Terraform's global {@code -chdir=DIR} option (the part after {@code =}),
         * so the engine can apply the same containment check as for {@code cd}. Like Terraform, only
         * options before the subcommand count and the last {@code -chdir=} among them wins.
         */
        public Optional<Word> chdir() {
            Optional<Word> dir = Optional.empty();
            for (Word arg : args) {
                String prefix = arg.literalPrefix();
                if (!prefix.startsWith("-")) {
                    break;
                }
                if (prefix.startsWith(CHDIR)) {
                    dir = Optional.of(arg.withoutPrefix(CHDIR.length()));
                }
            }
            return dir;
        }
    }

    /**
     * {@code gitlab-terraform <cmd> ...} or {@code gitlab-tofu <cmd> ...}: GitLab's Terraform wrapper, built in.
     *
     * @param tool {@code "terraform"} or {@code "tofu"}, the tool the wrapper runs
     * @param args the arguments after the wrapper's name, the wrapper's command first
     */
    record GitLabTerraform(ScriptLine line, String tool, List<Word> args) implements ScriptCommand {

        public GitLabTerraform {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(tool, "tool");
            args = List.copyOf(args);
        }

        /** The wrapper's name as written: {@code gitlab-terraform} or {@code gitlab-tofu}. */
        public String wrapper() {
            return "tofu".equals(tool) ? "gitlab-tofu" : "gitlab-terraform";
        }
    }

    /** {@code cd DIR}; the engine resolves {@code target} with {@link ProjectPaths#resolveInside}. */
    record ChangeDirectory(ScriptLine line, Word target) implements ScriptCommand {
        public ChangeDirectory {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(target, "target");
        }
    }

    /** {@code export NAME=value ...}: sets variables for the lines that follow, in order. */
    record Export(ScriptLine line, List<Assignment> assignments) implements ScriptCommand {
        public Export {
            Objects.requireNonNull(line, "line");
            assignments = List.copyOf(assignments);
        }
    }

    /** One {@code NAME=value} of an {@code export}; the value is expanded when the line runs. */
    record Assignment(String name, Word value) {
        public Assignment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code NAME=value ...} with no command: sets shell variables, in order. A name the job's environment already
     * holds (a job variable, an {@code export}) changes there, as in sh; any other stays unexported.
     */
    record Assign(ScriptLine line, List<Assignment> assignments) implements ScriptCommand {
        public Assign {
            Objects.requireNonNull(line, "line");
            assignments = List.copyOf(assignments);
        }
    }

    /** {@code echo WORD...}, built in: the words, expanded and joined by blanks, to the job log. */
    record Echo(ScriptLine line, List<Word> args) implements ScriptCommand {
        public Echo {
            Objects.requireNonNull(line, "line");
            args = List.copyOf(args);
        }
    }

    /**
     * {@code [ ... ]} or {@code test ...}, built in: string and emptiness tests ({@link TestExpression}).
     *
     * @param args the operands and operators, without {@code [} and {@code ]}
     */
    record Test(ScriptLine line, List<Word> args) implements ScriptCommand {
        public Test {
            Objects.requireNonNull(line, "line");
            args = List.copyOf(args);
        }
    }

    /** {@code true} or {@code false}, built in. */
    record Status(ScriptLine line, boolean success) implements ScriptCommand {
        public Status {
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * {@code if ...; then ...; [elif ...; then ...;] [else ...;] fi}: the first branch whose condition's last
     * command succeeds runs, else {@code otherwise}. Conditions hold only built-ins.
     *
     * @param line the line the {@code if} is on, for messages
     */
    record If(ScriptLine line, List<Branch> branches, List<ScriptCommand> otherwise) implements ScriptCommand {
        public If {
            Objects.requireNonNull(line, "line");
            branches = List.copyOf(branches);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** One {@code if}/{@code elif} condition and the commands it guards. */
    record Branch(List<ScriptCommand> condition, List<ScriptCommand> body) {
        public Branch {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }
}
