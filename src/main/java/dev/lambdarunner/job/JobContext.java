package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.sandbox.RunningProcess;
import dev.lambdarunner.sandbox.StopReason;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mutable state of one running job: its environment (changed by {@code export}), its current
 * directory (changed by {@code cd}), its deadlines, and whether it was asked to stop. The stop request
 * may come from any thread (GitLab's cancel, a timeout, runner shutdown) and reaches the running
 * Terraform process at once.
 */
final class JobContext {

    private final JobResponse job;
    private final Instant scriptDeadline;
    private final Instant hardDeadline;
    private final String scriptLimit;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final AtomicReference<RunningProcess> running = new AtomicReference<>();
    private volatile boolean aborted;
    private Map<String, String> environment = Map.of();
    private final Map<String, String> shellVariables = new HashMap<>();
    private Path projectDir;
    private Path currentDir;

    JobContext(JobResponse job, Instant scriptDeadline, Instant hardDeadline, String scriptLimit) {
        this.job = job;
        this.scriptDeadline = scriptDeadline;
        this.hardDeadline = hardDeadline;
        this.scriptLimit = scriptLimit;
    }

    /** Which limit {@code deadline} is, for the message of a job it stopped. */
    String limitAt(Instant deadline) {
        if (deadline.equals(scriptDeadline)) {
            return scriptLimit;
        }
        return deadline.equals(hardDeadline)
                ? "the Lambda invocation's deadline (its end minus runner.lambda.reserve, to report the job in time)"
                : "the after_script timeout";
    }

    JobResponse job() {
        return job;
    }

    Instant scriptDeadline() {
        return scriptDeadline;
    }

    Instant hardDeadline() {
        return hardDeadline;
    }

    void enter(Path projectDir, Map<String, String> environment) {
        this.projectDir = projectDir;
        this.currentDir = projectDir;
        this.environment = new LinkedHashMap<>(environment);
    }

    Path projectDir() {
        return projectDir;
    }

    Path currentDir() {
        return currentDir;
    }

    void changeDirectory(Path dir) {
        this.currentDir = dir;
    }

    /** The live environment: {@code export} writes here; Terraform gets a copy. */
    Map<String, String> environment() {
        return environment;
    }

    /** A variable's value for expanding the script's words: exported or not; {@code null} when unset. */
    String variable(String name) {
        String exported = environment.get(name);
        return exported != null ? exported : shellVariables.get(name);
    }

    /**
     * {@code NAME=value} as sh sets it: a variable of the environment (a job variable, an earlier {@code export})
     * changes there and reaches Terraform; any other stays a shell variable, for the script's words only.
     */
    void assign(String name, String value) {
        if (environment.containsKey(name)) {
            environment.put(name, value);
        } else {
            shellVariables.put(name, value);
        }
    }

    /** {@code export NAME=value}: the variable is in the environment from now on. */
    void export(String name, String value) {
        shellVariables.remove(name);
        environment.put(name, value);
    }

    /** Asks the job to stop; the first reason wins. A running Terraform process gets its graceful stop. */
    void stop(StopReason reason) {
        if (stopReason.compareAndSet(null, reason)) {
            RunningProcess process = running.get();
            if (process != null) {
                stopInBackground(process, reason);
            }
        }
    }

    /** GitLab no longer accepts anything for this job: stop everything, skip after_script. */
    void abort() {
        aborted = true;
        stop(StopReason.CANCELED);
    }

    /**
     * GitLab's graceful cancel still runs after_script (with {@code CI_JOB_STATUS=canceled}): the cancel
     * that ended the script is cleared; a shutdown or an abort still stops it.
     */
    void beginAfterScript() {
        if (!aborted) {
            stopReason.compareAndSet(StopReason.CANCELED, null);
        }
    }

    boolean aborted() {
        return aborted;
    }

    Optional<StopReason> stopReason() {
        return Optional.ofNullable(stopReason.get());
    }

    /** Why the job must not go on at {@code now}: a stop that was asked for, or {@code deadline} passed. */
    Optional<StopReason> haltReason(Instant now, Instant deadline) {
        return stopReason().or(() -> now.isBefore(deadline) ? Optional.empty() : Optional.of(StopReason.TIMEOUT));
    }

    /** Registers the process now running; if a stop was already asked for, it is stopped at once. */
    void attach(RunningProcess process) {
        running.set(process);
        StopReason reason = stopReason.get();
        if (reason != null) {
            stopInBackground(process, reason);
        }
    }

    /**
     * The sandbox's stop returns only once the process tree is gone, up to the kill grace later. Callers are
     * the trace upload loop (GitLab's cancel) and the shutdown path stopping every job: neither may wait
     * that long, so the stop runs on its own thread. The job's own thread still waits in
     * {@code RunningProcess.await()}, which returns only when nothing of the process is left.
     */
    private static void stopInBackground(RunningProcess process, StopReason reason) {
        new Thread(() -> process.stop(reason), "stop-pid-" + process.pid()).start();
    }

    void detach() {
        running.set(null);
    }
}
