package dev.lambdarunner.job;

import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.script.CommandPolicy;
import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.trace.FinalState;
import dev.lambdarunner.trace.JobTrace;
import dev.lambdarunner.trace.LoopbackGitLab;
import dev.lambdarunner.trace.TracedJob;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's built-ins against a real shell as the oracle: snippets from the accepted grammar (assignments,
 * echo, true/false, [ ]/test with =, ==, !=, -z, -n and ! on quoted, unquoted, empty and unset variables,
 * if/elif/else/fi, separated by ; and newlines) run under {@code set -e} in busybox ash (the shell of the OpenTofu
 * component's Alpine image) when it is installed, else (or with {@code -Dbuiltins.oracle=bash}) bash in POSIX mode
 * (dash's [ has no ==). The lines they
 * echo, the exit status and the variables' final values must be the same.
 */
class ShellBuiltinsIT {

    private static final List<String> NAMES = List.of("A", "B", "C");
    private static final List<String> OPERANDS = List.of("\"$A\"", "$A", "\"${B}\"", "$B", "$C", "\"$C\"", "x",
            "'y'", "\"\"", "true", "-n", "'!'", "=");
    private static final List<String> VALUES = List.of("x", "y", "\"$B\"", "$A", "''", "\"\"", "true", "-n", "'-z'",
            "=", "'!'", "a-b", "\"$A$C\"");

    /** Where the runner's side sends its log, read back as GitLab holds it. */
    private static final LoopbackGitLab GITLAB = LoopbackGitLab.start();

    @AfterContainer
    static void stopGitLab() {
        GITLAB.close();
        GITLAB.fake().assertNoViolations();
    }

    @Property(tries = 400)
    void builtinsDoWhatTheShellDoes(@ForAll("snippets") String snippet) throws Exception {
        Outcome shell = shell(snippet);
        Outcome runner = runner(snippet);

        assertThat(runner).as("runner vs %s for:%n%s", shellName(), snippet).isEqualTo(shell);
    }

    record Outcome(List<String> echoed, int status, List<String> finals) {
    }

    private static Outcome runner(String snippet) throws Exception {
        List<ScriptCommand> commands = new CommandPolicy(false).checkScript(List.of(snippet));
        JobContext ctx = new JobContext(new JobResponse(1, Secret.of("t"), false, null, null, null, null, null, null, null, null, null, null, null),
                Instant.now().plusSeconds(60), Instant.now().plusSeconds(60), "the test's limit");
        ctx.enter(Path.of("/tmp"), Map.of());
        TracedJob job = GITLAB.takeJob(new FakeTime());
        JobTrace trace = job.trace();
        int status = 0;
        try {
            ProcessLauncher noProcesses = new ProcessLauncher(null, Clock.systemUTC());
            new StepExecutor(noProcesses, new WrapperExecutor(noProcesses)).run(commands, ctx, Instant.now().plusSeconds(60), trace);
        } catch (JobFailure failure) {
            status = failure.exitCode();
        }
        List<String> finals = new ArrayList<>();
        for (String name : NAMES) {
            String value = ctx.variable(name);
            finals.add(name + "=" + (value == null ? "<unset>" : "[" + value + "]"));
        }
        trace.finish(FinalState.success());
        return new Outcome(echoed(job.job().trace()), status, finals);
    }

    private static Outcome shell(String snippet) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("set -e\ntrap 'echo \"final:A=${A+[}${A-<unset>}${A+]}\";"
                + " echo \"final:B=${B+[}${B-<unset>}${B+]}\"; echo \"final:C=${C+[}${C-<unset>}${C+]}\"' EXIT\n");
        script.append(snippet).append('\n');
        List<String> command = new ArrayList<>(shellCommand());
        command.add(script.toString());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        List<String> finals = out.lines().filter(l -> l.startsWith("final:")).map(l -> l.substring(6)).toList();
        return new Outcome(echoed(out), process.exitValue(), finals);
    }

    private static List<String> echoed(String log) {
        return log.lines().filter(l -> l.startsWith("out")).toList();
    }

    private static List<String> shellCommand() {
        boolean busybox = Files.isExecutable(Path.of("/bin/busybox")) && !"bash".equals(System.getProperty("builtins.oracle"));
        return busybox ? List.of("/bin/busybox", "sh", "-c")
                : List.of("bash", "--posix", "-c");
    }

    private static String shellName() {
        return shellCommand().get(0);
    }

    @Provide
    Arbitrary<String> snippets() {
        return Arbitraries.recursive(() -> simple().list().ofMinSize(1).ofMaxSize(4).flatMap(this::joined),
                this::withIf, 2);
    }

    private Arbitrary<String> withIf(Arbitrary<String> inner) {
        Arbitrary<String> block = Combinators.combine(condition(), inner, condition(), inner, inner,
                Arbitraries.integers().between(0, 3), separator()).as(ShellBuiltinsIT::ifBlock);
        return Combinators.combine(inner, block, inner, separator())
                .as((before, middle, after, sep) -> before + sep + middle + sep + after);
    }

    private static String ifBlock(String cond, String body, String elifCond, String elifBody, String elseBody,
                                  int shape, String sep) {
        StringBuilder out = new StringBuilder("if ").append(cond).append(sep).append("then ").append(body).append(sep);
        if ((shape & 1) != 0) {
            out.append("elif ").append(elifCond).append(sep).append("then ").append(elifBody).append(sep);
        }
        if ((shape & 2) != 0) {
            out.append("else ").append(elseBody).append(sep);
        }
        return out.append("fi").toString();
    }

    private Arbitrary<String> condition() {
        return Arbitraries.oneOf(test(), test(), Arbitraries.of("true", "false"), assignment(), echo())
                .list().ofMinSize(1).ofMaxSize(2).flatMap(this::joined);
    }

    private Arbitrary<String> joined(List<String> commands) {
        return separator().map(sep -> String.join(sep, commands));
    }

    private Arbitrary<String> simple() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, assignment()),
                net.jqwik.api.Tuple.of(4, echo()),
                net.jqwik.api.Tuple.of(1, test()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("true", "false")));
    }

    private Arbitrary<String> assignment() {
        return Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(VALUES)).as((n, v) -> n + "=" + v);
    }

    private Arbitrary<String> echo() {
        return Arbitraries.of(OPERANDS).list().ofMaxSize(3).map(words -> "echo " + String.join(" ", prepend("out", words)));
    }

    private Arbitrary<String> test() {
        Arbitrary<String> operand = Arbitraries.of(OPERANDS);
        Arbitrary<List<String>> expression = Arbitraries.oneOf(
                Arbitraries.just(List.of()),
                operand.map(List::of),
                Combinators.combine(Arbitraries.of("-z", "-n", "!"), operand).as(List::of),
                Combinators.combine(operand, Arbitraries.of("=", "==", "!="), operand).as(List::of),
                Combinators.combine(Arbitraries.of("-z", "-n"), operand).as((op, w) -> List.of("!", op, w)),
                Combinators.combine(operand, Arbitraries.of("=", "==", "!="), operand)
                        .as((a, op, b) -> List.of("!", a, op, b)));
        return Combinators.combine(Arbitraries.of(true, false), expression).as((bracket, words) -> bracket
                ? String.join(" ", prepend("[", append(words, "]")))
                : String.join(" ", prepend("test", words)));
    }

    private Arbitrary<String> separator() {
        return Arbitraries.of("\n", "; ", ";", "\n  ");
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }

    private static List<String> append(List<String> list, String last) {
        List<String> out = new ArrayList<>(list);
        out.add(last);
        return out;
    }
}
