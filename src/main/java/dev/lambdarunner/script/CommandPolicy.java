package dev.lambdarunner.script;

import java.util.List;
import java.util.Optional;

/**
 * Decides which parsed lines may run: {@code terraform} and GitLab's {@code gitlab-terraform} wrapper (and
 * {@code tofu}/{@code gitlab-tofu} when enabled), {@code cd} and {@code export}, nothing else. Any other program, path to a program, wrapper ({@code env},
 * {@code sh}) or assignment prefix is refused, because every other command would let a job run
 * arbitrary code with the runner's Terraform privileges.
 */
public final class CommandPolicy {

    private final boolean tofuAllowed;

    /** @param tofuAllowed whether {@code tofu} is accepted as well as {@code terraform} */
    public CommandPolicy(boolean tofuAllowed) {
        this.tofuAllowed = tofuAllowed;
    }

    /**
     * Parses and checks a step's whole {@code script} list before anything runs: the one entry point for the job
     * engine and for checking a script without running it ({@code check}).
     *
     * @param entries the step's entries; {@code null} entries are skipped
     * @return the commands in order
     * @throws ScriptRejectedException on the first refused construct of any entry
     */
    public List<ScriptCommand> checkScript(List<String> entries) {
        return ScriptParser.parse(entries).stream().map(this::check).toList();
    }

    /**
     * Classifies a parsed line.
     *
     * @throws ScriptRejectedException naming the line and why it is refused
     */
    public ScriptCommand check(ScriptLine line) {
        if (line.words().isEmpty()) {
            throw refuse(line, "empty command");
        }
        Optional<String> name = line.words().get(0).literal();
        if (name.isEmpty()) {
            throw refuse(line, "command name must be literal");
        }
        List<Word> args = line.words().subList(1, line.words().size());
        return switch (name.get()) {
            case "terraform" -> terraform(line, "terraform", args);
            case "tofu" -> tofu(line, args);
            case "gitlab-terraform" -> wrapper(line, "terraform", args);
            case "gitlab-tofu" -> {
                if (!tofuAllowed) {
                    throw refuse(line, "gitlab-tofu is not enabled on this runner (set runner.terraform.tofu-path)");
                }
                yield wrapper(line, "tofu", args);
            }
            case "cd" -> changeDirectory(line, args);
            case "export" -> Exports.check(line, args);
            default -> throw refuse(line, notAllowed(name.get()));
        };
    }

    private ScriptCommand tofu(ScriptLine line, List<Word> args) {
        if (!tofuAllowed) {
            throw refuse(line, "tofu is not enabled on this runner");
        }
        return terraform(line, "tofu", args);
    }

    /**
     * Terraform reads its global options, {@code -chdir} among them, from the arguments before the
     * subcommand after expansion. So those and the subcommand must be literal, except
     * {@code -chdir=DIR} whose directory the engine checks: a variable there could otherwise
     * expand to {@code -chdir=/elsewhere} unseen.
     */
    private static ScriptCommand terraform(ScriptLine line, String tool, List<Word> args) {
        for (Word arg : args) {
            Optional<String> literal = arg.literal();
            if (literal.isPresent() && !literal.get().startsWith("-")) {
                break;
            }
            if (literal.isEmpty() && !arg.literalPrefix().startsWith(ScriptCommand.Terraform.CHDIR)) {
                throw refuse(line, tool + " global options and subcommand must be literal"
                        + " (only -chdir=DIR may use variables)");
            }
        }
        return new ScriptCommand.Terraform(line, tool, args);
    }

    /**
     * GitLab's wrapper: its command (the first argument) must be literal, and so must Terraform's global options
     * before it, as for a plain {@code terraform} line; the wrapper passes them on to Terraform.
     */
    private static ScriptCommand wrapper(ScriptLine line, String tool, List<Word> args) {
        String name = "tofu".equals(tool) ? "gitlab-tofu" : "gitlab-terraform";
        if (args.isEmpty()) {
            throw refuse(line, name + " needs a command (init, validate, fmt, plan, plan-json, apply, destroy or a "
                    + tool + " command)");
        }
        terraform(line, name, args);
        return new ScriptCommand.GitLabTerraform(line, tool, args);
    }

    /** No options, no {@code cd -} and no {@code cd} to home: exactly one directory. */
    private static ScriptCommand changeDirectory(ScriptLine line, List<Word> args) {
        if (args.size() != 1) {
            throw refuse(line, "cd takes exactly one directory");
        }
        Word target = args.get(0);
        if (target.literalPrefix().startsWith("-")) {
            throw refuse(line, "cd options and 'cd -' are not allowed");
        }
        return new ScriptCommand.ChangeDirectory(line, target);
    }

    private String notAllowed(String name) {
        String allowed = tofuAllowed
                ? "only terraform, tofu, gitlab-terraform, gitlab-tofu, cd and export are allowed"
                : "only terraform, gitlab-terraform, cd and export are allowed";
        if (name.contains("=")) {
            return "'" + name + "' assigns before a command, which is not allowed (use export): " + allowed;
        }
        return "'" + name + "' is not allowed: " + allowed;
    }

    static ScriptRejectedException refuse(ScriptLine line, String reason) {
        return new ScriptRejectedException(line.source(), reason);
    }
}
