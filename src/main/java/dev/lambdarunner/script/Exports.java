package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks {@code export NAME=value ...}: literal valid names, a value each, none the runner owns. */
final class Exports {

    /**
     * Variables the runner sets for the sandbox; a job changing them could escape the workspace,
     * load code into Terraform or turn interactive prompts back on.
     */
    static final Set<String> RUNNER_VARIABLES = Set.of(
            "PATH", "HOME", "TMPDIR", "LD_PRELOAD", "LD_LIBRARY_PATH",
            "TF_PLUGIN_CACHE_DIR", "TF_IN_AUTOMATION", "TF_INPUT", "TF_CLI_CONFIG_FILE",
            "CI_PROJECT_DIR", "CI_BUILDS_DIR");

    private Exports() {
    }

    static ScriptCommand.Export check(ScriptLine line, List<Word> args) {
        if (args.isEmpty()) {
            throw CommandPolicy.refuse(line, "export needs at least one NAME=value");
        }
        List<ScriptCommand.Assignment> assignments = new ArrayList<>();
        for (Word arg : args) {
            assignments.add(assignment(line, arg));
        }
        return new ScriptCommand.Export(line, assignments);
    }

    static ScriptCommand.Assignment assignment(ScriptLine line, Word arg) {
        String prefix = arg.literalPrefix();
        if (prefix.startsWith("-")) {
            throw CommandPolicy.refuse(line, "export options are not allowed");
        }
        int equals = prefix.indexOf('=');
        if (equals < 0) {
            throw CommandPolicy.refuse(line, arg.literal().isPresent()
                    ? "export without '=' is not allowed (write NAME=value)"
                    : "export name must be literal");
        }
        String name = prefix.substring(0, equals);
        if (!Segment.Variable.NAME.matcher(name).matches()) {
            throw CommandPolicy.refuse(line, "export name '" + name + "' is not a valid variable name");
        }
        if (RUNNER_VARIABLES.contains(name)) {
            throw CommandPolicy.refuse(line, "export of '" + name + "' is not allowed: it is set by the runner");
        }
        return new ScriptCommand.Assignment(name, arg.withoutPrefix(equals + 1));
    }
}
