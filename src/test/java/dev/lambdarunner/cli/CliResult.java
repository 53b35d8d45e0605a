package dev.lambdarunner.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of a command, as picocli's testing guide does it: exit code, stdout, stderr. */
record CliResult(int exitCode, String out, String err) {

    static CliResult run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLineSetup.configure(new CommandLine(command));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliResult(code, out.toString(), err.toString());
    }

    /** Both streams, for assertions that no value leaked anywhere. */
    String all() {
        return out + err;
    }
}
