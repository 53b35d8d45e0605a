package dev.lambdarunner.job;

import dev.lambdarunner.script.ProjectPaths;
import dev.lambdarunner.script.ScriptCommand;
import dev.lambdarunner.script.Word;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.terraform.GitLabWrapper;
import dev.lambdarunner.terraform.PlanChanges;
import dev.lambdarunner.terraform.WrapperPlan;
import dev.lambdarunner.terraform.WrapperRequest;
import dev.lambdarunner.terraform.WrapperTool;
import dev.lambdarunner.trace.JobTrace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@code gitlab-terraform}/{@code gitlab-tofu} line: {@link GitLabWrapper} plans it (what
 * to run, with which environment) and this runs that plan step by step in the sandbox, after the same containment
 * checks as for {@code terraform -chdir}. {@code plan-json} is computed here from {@code show -json}, without jq, and
 * the report is written only inside the project directory.
 */
public final class WrapperExecutor {

    private static final String DIM = "\u001b[0;36m";
    private static final String YELLOW = "\u001b[0;33m";
    private static final String RESET = "\u001b[0;m";
    private static final int SHOWN_ON_FAILURE = 64 * 1024;

    private final ProcessLauncher processes;

    public WrapperExecutor(ProcessLauncher processes) {
        this.processes = processes;
    }

    void run(ScriptCommand.GitLabTerraform line, JobContext ctx, Instant deadline, JobTrace trace) throws JobFailure {
        Map<String, String> env = ctx.environment();
        List<String> args = Word.expandAll(line.args(), ctx::variable);
        List<String> display = Word.displayAll(line.args(), ctx::variable);
        WrapperRequest request = new WrapperRequest(args, display, env, ctx.currentDir(), dir -> root(ctx, dir));
        WrapperPlan plan;
        try {
            plan = GitLabWrapper.plan(WrapperTool.forBinary(line.tool()), request);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, 1, line.wrapper() + ": " + e.getMessage());
        }
        trace.addMasked(plan.secrets().stream().map(Secret::value).toList());
        plan.notes().forEach(note -> trace.println(YELLOW + note + RESET));
        int detailedExit = 0;
        for (WrapperPlan.Step step : plan.steps()) {
            processes.checkStillRunning(ctx, deadline);
            checkChdir(ctx, step.args());
            trace.println(DIM + line.wrapper() + ": " + step.display() + RESET);
            if (step instanceof WrapperPlan.PlanJson json) {
                planJson(plan, json, ctx, deadline, trace);
                continue;
            }
            WrapperPlan.Run run = (WrapperPlan.Run) step;
            int exit = processes.run(plan.tool(), step.args(), plan.environment(), trace.output(), ctx, deadline);
            if (exit == 2 && run.detailedExitCode()) {
                detailedExit = 2;
            } else if (exit != 0 && !run.ignoreFailure()) {
                throw new JobFailure(FailureReason.SCRIPT_FAILURE, exit, "exit code " + exit);
            }
        }
        if (detailedExit != 0) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, detailedExit, "exit code " + detailedExit
                    + " (plan has changes: -detailed-exitcode)");
        }
    }

    /** {@code TF_ROOT} as the wrapper reads it: relative to {@code CI_PROJECT_DIR}, symlinks resolved, inside it. */
    private static Path root(JobContext ctx, String dir) {
        try {
            return ProjectPaths.resolveInside(ctx.projectDir(), ctx.projectDir(), dir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^cd ", "root directory "), e);
        }
    }

    /** Terraform's global {@code -chdir=} options (before the subcommand) must stay inside the project too. */
    private static void checkChdir(JobContext ctx, List<String> args) throws JobFailure {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return;
            }
            if (arg.startsWith("-chdir=")) {
                ProcessLauncher.inside(ctx, arg.substring("-chdir=".length()));
            }
        }
    }

    private void planJson(WrapperPlan plan, WrapperPlan.PlanJson step, JobContext ctx, Instant deadline,
                          JobTrace trace) throws JobFailure {
        Path report = reportPath(ctx, step.report());
        // Terraform's own log goes to stderr, which the sandbox merges with stdout: keep the JSON clean.
        Map<String, String> env = new HashMap<>(plan.environment());
        env.keySet().removeIf(name -> name.startsWith("TF_LOG"));
        Path capture = null;
        try {
            capture = Files.createTempFile(Path.of(env.getOrDefault("TMPDIR", "/tmp")), "show-", ".json");
            int exit;
            try (OutputStream out = Files.newOutputStream(capture)) {
                exit = processes.run(plan.tool(), step.args(), env, out, ctx, deadline);
            }
            if (exit != 0) {
                copyTail(capture, trace);
                throw new JobFailure(FailureReason.SCRIPT_FAILURE, exit, "exit code " + exit);
            }
            PlanChanges changes;
            try (InputStream in = Files.newInputStream(capture)) {
                changes = PlanChanges.read(in);
            }
            Files.deleteIfExists(report); // a symlink there is replaced, never written through
            Files.writeString(report, changes.toReportJson(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            trace.println("Plan report " + ctx.projectDir().relativize(report) + ": " + changes.create() + " to create, "
                    + changes.update() + " to update, " + changes.delete() + " to delete");
        } catch (IOException e) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, 1, "plan-json: " + e.getMessage());
        } finally {
            deleteQuietly(capture);
        }
    }

    /** The report file, in a real directory inside the project directory. */
    private static Path reportPath(JobContext ctx, Path report) throws JobFailure {
        Path absolute = ctx.currentDir().resolve(report);
        Path parent = ProcessLauncher.inside(ctx, absolute.getParent().toString());
        Path target = parent.resolve(absolute.getFileName().toString());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new JobFailure(FailureReason.SCRIPT_FAILURE, 1, "plan-json: " + report + " is a directory");
        }
        return target;
    }

    private static void copyTail(Path capture, JobTrace trace) throws IOException {
        long size = Files.size(capture);
        try (InputStream in = Files.newInputStream(capture)) {
            in.skipNBytes(Math.max(0, size - SHOWN_ON_FAILURE));
            in.transferTo(trace.output());
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // inside the job's workspace, removed with it
        }
    }
}
