package dev.lambdarunner.script;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The runner's {@code [ ... ]} and {@code test ...}: string and emptiness tests only ({@code =}, {@code ==},
 * {@code !=}, {@code -z}, {@code -n}, {@code !}), read as POSIX reads them, by the number of arguments (so
 * {@code [ -n $EMPTY ]} is true, as in sh). {@code ==} is accepted as a synonym of {@code =}, as busybox ash (the
 * OpenTofu component's image) and bash accept it. Up to four arguments; {@code -a}, {@code -o}, file and number
 * tests are refused before the job runs.
 */
public final class TestExpression {

    private static final Set<String> BINARY = Set.of("=", "==", "!=");
    private static final Set<String> UNARY = Set.of("-z", "-n");
    private static final Set<String> OTHER_OPERATORS = Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-a", "-o",
            "<", ">", "-nt", "-ot", "-ef", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-L", "-p", "-r", "-s",
            "-S", "-t", "-u", "-w", "-x", "-O", "-G", "-N", "-v", "-R", "=~");

    /**
     * What a test came to.
     *
     * @param status 0 true, 1 false, 2 an error sh would report
     * @param error  sh's complaint for status 2, else empty
     */
    public record Result(int status, String error) {
        static Result of(boolean value) {
            return new Result(value ? 0 : 1, "");
        }

        Result negated() {
            return status == 2 ? this : of(status == 1);
        }
    }

    private TestExpression() {
    }

    /** Evaluates the expanded arguments (without {@code [} and {@code ]}). */
    public static Result evaluate(List<String> args) {
        return switch (args.size()) {
            case 0 -> Result.of(false);
            case 1 -> Result.of(!args.get(0).isEmpty());
            case 2 -> two(args.get(0), args.get(1));
            case 3 -> three(args);
            case 4 -> four(args);
            default -> new Result(2, "[: too many arguments");
        };
    }

    private static Result two(String op, String operand) {
        return switch (op) {
            case "!" -> Result.of(operand.isEmpty());
            case "-z" -> Result.of(operand.isEmpty());
            case "-n" -> Result.of(!operand.isEmpty());
            default -> new Result(2, "[: " + op + ": unary operator expected");
        };
    }

    private static Result three(List<String> args) {
        String op = args.get(1);
        if (BINARY.contains(op)) {
            return Result.of(args.get(0).equals(args.get(2)) != op.equals("!="));
        }
        if (args.get(0).equals("!")) {
            return two(args.get(1), args.get(2)).negated();
        }
        if (args.get(0).equals("(") && args.get(2).equals(")")) {
            return Result.of(!op.isEmpty());
        }
        return new Result(2, "[: " + op + ": binary operator expected");
    }

    private static Result four(List<String> args) {
        if (args.get(0).equals("!")) {
            return three(args.subList(1, 4)).negated();
        }
        if (args.get(0).equals("(") && args.get(3).equals(")")) {
            return two(args.get(1), args.get(2));
        }
        return new Result(2, "[: too many arguments");
    }

    /**
     * Refuses, before anything runs, a test whose operators as written are not all literal and supported. A bare
     * {@code $VAR} that expands to nothing drops out at run time and may shift the operands; {@link #evaluate}
     * then reads them as sh would.
     */
    static void check(ScriptLine line, List<Word> args) {
        List<Optional<String>> words = args.stream().map(Word::literal).toList();
        String problem = shape(words);
        if (problem != null) {
            throw CommandPolicy.refuse(line, problem);
        }
    }

    private static String shape(List<Optional<String>> w) {
        return switch (w.size()) {
            case 0, 1 -> null;
            case 2 -> unary(w.get(0));
            case 3 -> ternary(w);
            case 4 -> w.get(0).filter("!"::equals).isPresent() ? ternary(w.subList(1, 4))
                    : "a test of 4 arguments must start with '!' (-a, -o and parentheses are not supported)";
            default -> "a test of more than 4 arguments is not supported (-a, -o and parentheses are not)";
        };
    }

    private static String unary(Optional<String> op) {
        if (op.isEmpty()) {
            return "test operator must be literal";
        }
        String o = op.get();
        return o.equals("!") || UNARY.contains(o) ? null : unsupported(o);
    }

    private static String ternary(List<Optional<String>> w) {
        Optional<String> op = w.get(1);
        if (op.isPresent() && BINARY.contains(op.get())) {
            return null;
        }
        if (op.isPresent() && OTHER_OPERATORS.contains(op.get())) {
            return unsupported(op.get());
        }
        if (w.get(0).filter("!"::equals).isPresent()) {
            return unary(w.get(1));
        }
        return op.isEmpty() ? "test operator must be literal" : unsupported(op.get());
    }

    private static String unsupported(String op) {
        return "test operator '" + op + "' is not supported by this runner (only =, ==, !=, -z, -n and !)";
    }
}
