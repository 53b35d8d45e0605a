package dev.lambdarunner.script;

import dev.lambdarunner.sandbox.RunnerOwnedNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks {@code export NAME=value ...}: literal valid names, a value each, none the runner owns ({@link RunnerOwnedNames}). */
final class Exports {

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
        Optional<String> owned = RunnerOwnedNames.reason(name);
        if (owned.isPresent()) {
            throw CommandPolicy.refuse(line, "export of '" + name + "' is not allowed: " + owned.get());
        }
        return new ScriptCommand.Assignment(name, arg.withoutPrefix(equals + 1));
    }
}
