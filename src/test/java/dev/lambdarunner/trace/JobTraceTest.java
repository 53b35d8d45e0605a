package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.FakeTime;

import dev.lambdarunner.gitlab.JobStatus;
import dev.lambdarunner.gitlab.PatchResult;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.trace.FinishResult.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lambdarunner.trace.FakeGitLabApi.JOB_ID;
import static dev.lambdarunner.trace.FakeGitLabApi.JOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

class JobTraceTest {

    private final FakeGitLabApi gitlab = new FakeGitLabApi();
    private final FakeTime time = new FakeTime();

    private JobTrace trace(long limit, String... secrets) {
        TraceSettings settings = new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, limit, false,
                time);
        return new JobTrace(gitlab, JOB_ID, Secret.of(JOB_TOKEN), MaskSpec.of(List.of(secrets), List.of()), settings,
                time);
    }

    private JobTrace trace() {
        return trace(1 << 22);
    }

    private static void write(JobTrace trace, String text) throws IOException {
        trace.output().write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** GitLab holds the buffer byte for byte, and the one final PUT describes exactly those bytes. */
    private void assertGitLabHoldsTheBuffer(JobTrace trace, FinishResult result) {
        byte[] held = gitlab.bytes();
        assertThat(held).isEqualTo(trace.buffer().read(0, Integer.MAX_VALUE));
        assertThat(gitlab.finalUpdates()).hasSize(1);
        UpdateJobRequest.TraceOutput output = gitlab.finalUpdates().get(0).output();
        assertThat(output.checksum()).isEqualTo(TraceBufferTest.crc32(held)).isEqualTo(result.checksum());
        assertThat(output.bytesize()).isEqualTo(held.length).isEqualTo(result.bytesize());
    }

    @Test
    void gitLabEndsUpWithTheWholeBufferAndTheMatchingChecksum() throws IOException {
        JobTrace trace = trace();
        write(trace, "$ terraform init\n");
        trace.loop().tick();
        trace.println("Initializing the backend...");
        write(trace, "ünïcode ✓\n");

        FinishResult result = trace.finish(FinalState.failed("script_failure", 1));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertGitLabHoldsTheBuffer(trace, result);
        assertThat(text(gitlab.bytes())).isEqualTo("$ terraform init\nInitializing the backend...\nünïcode ✓\n");
        assertThat(gitlab.finalUpdates().get(0))
                .extracting(UpdateJobRequest::state, UpdateJobRequest::failureReason, UpdateJobRequest::exitCode)
                .containsExactly("failed", "script_failure", 1);
    }

    @Test
    void recoversWhenGitLabHoldsLessThanWasSent() throws IOException {
        JobTrace trace = trace();
        write(trace, "first line\n");
        trace.loop().tick();
        gitlab.truncateTo(3);
        write(trace, "second line\n");

        trace.loop().tick();
        trace.loop().tick();

        assertThat(text(gitlab.bytes())).isEqualTo("first line\nsecond line\n");
        assertGitLabHoldsTheBuffer(trace, trace.finish(FinalState.success()));
    }

    @Test
    void recoversWhenGitLabHoldsMoreThanWasAcknowledged() throws IOException {
        JobTrace trace = trace();
        write(trace, "first line\n");
        gitlab.loseNextAnswer();
        trace.loop().tick();
        write(trace, "second line\n");

        trace.loop().tick();
        trace.loop().tick();

        assertThat(text(gitlab.bytes())).isEqualTo("first line\nsecond line\n");
        assertGitLabHoldsTheBuffer(trace, trace.finish(FinalState.success()));
    }

    @Test
    void forbiddenMidJobAbortsOnceAndSkipsTheFinalUpdate() throws IOException {
        JobTrace trace = trace();
        AtomicInteger aborts = new AtomicInteger();
        trace.onAborted(aborts::incrementAndGet);
        write(trace, "running\n");
        trace.loop().tick();
        gitlab.setStatus(JobStatus.CANCELED);
        write(trace, "more\n");

        assertThat(trace.loop().tick()).isFalse();
        int patches = gitlab.patchCount();
        write(trace, "even more\n");
        trace.loop().tick();
        FinishResult result = trace.finish(FinalState.success());

        assertThat(trace.aborted()).isTrue();
        assertThat(aborts).hasValue(1);
        assertThat(gitlab.patchCount()).isEqualTo(patches);
        assertThat(result.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(gitlab.updates()).isEmpty();
    }

    @Test
    void cancelingFiresTheListenerOnceAndTheJobStillFinishes() throws IOException {
        JobTrace trace = trace();
        AtomicInteger cancels = new AtomicInteger();
        trace.onCancelRequested(cancels::incrementAndGet);
        gitlab.setStatus(JobStatus.CANCELING);
        for (int i = 0; i < 3; i++) {
            write(trace, "line " + i + "\n");
            assertThat(trace.loop().tick()).isTrue();
        }
        AtomicInteger late = new AtomicInteger();
        trace.onCancelRequested(late::incrementAndGet);

        FinishResult result = trace.finish(FinalState.failed("unknown_failure", null));

        assertThat(cancels).hasValue(1);
        assertThat(late).hasValue(1);
        assertThat(trace.cancelRequested()).isTrue();
        assertThat(trace.aborted()).isFalse();
        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertGitLabHoldsTheBuffer(trace, result);
    }

    @Test
    void finalPutIsRepeatedWhileGitLabIsStillPersisting() throws IOException {
        JobTrace trace = trace();
        write(trace, "done\n");
        UpdateResult pending = new UpdateResult(UpdateResult.State.PENDING, JobStatus.RUNNING,
                Optional.of(Duration.ofSeconds(2)), 202);
        gitlab.scriptUpdate(pending);
        gitlab.scriptUpdate(new UpdateResult(UpdateResult.State.PENDING, JobStatus.RUNNING, Optional.empty(), 202));
        gitlab.scriptUpdate(pending);
        gitlab.scriptUpdate(pending);

        FinishResult result = trace.finish(FinalState.success());

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(gitlab.finalUpdates()).hasSize(5).allSatisfy(u -> assertThat(u.state()).isEqualTo("success"));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void finishIsIdempotent() throws IOException {
        JobTrace trace = trace();
        write(trace, "done\n");
        FinishResult first = trace.finish(FinalState.success());
        int patches = gitlab.patchCount();

        FinishResult second = trace.finish(FinalState.failed("script_failure", 2));

        assertThat(second).isEqualTo(first);
        assertThat(gitlab.finalUpdates()).hasSize(1);
        assertThat(gitlab.patchCount()).isEqualTo(patches);
    }

    @Test
    void failedFinalUpdatesBackOffThenGiveUp() throws IOException {
        JobTrace trace = trace();
        write(trace, "done\n");
        UpdateResult failed = new UpdateResult(UpdateResult.State.FAILED, JobStatus.UNKNOWN, Optional.empty(), 500);
        gitlab.scriptUpdate(failed);
        gitlab.scriptUpdate(failed);
        gitlab.scriptUpdate(failed);

        FinishResult result = trace.finish(FinalState.success());

        assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(gitlab.finalUpdates()).hasSize(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void traceGoneStillSendsTheFinalState() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        gitlab.scriptPatch(new PatchResult(PatchResult.State.NOT_FOUND, -1, JobStatus.UNKNOWN, Optional.empty(), 404));

        assertThat(trace.loop().tick()).isFalse();
        write(trace, "b\n");
        FinishResult result = trace.finish(FinalState.success());

        assertThat(gitlab.patchCount()).isEqualTo(1);
        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(gitlab.finalUpdates()).hasSize(1);
    }

    @Test
    void transportErrorsInTheLoopAreRetriedNextRound() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        gitlab.failNextPatch();

        assertThat(trace.loop().tick()).isTrue();
        assertThat(trace.loop().tick()).isTrue();

        assertThat(text(gitlab.bytes())).isEqualTo("a\n");
    }

    @Test
    void keepAliveIsSentWhenNothingWasSentForTheInterval() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        trace.loop().tick();
        time.advance(Duration.ofSeconds(29));
        trace.loop().tick();
        assertThat(gitlab.updates()).isEmpty();

        time.advance(Duration.ofSeconds(1));
        gitlab.setStatus(JobStatus.CANCELING);
        trace.loop().tick();

        assertThat(gitlab.updates()).extracting(UpdateJobRequest::state).containsExactly("running");
        assertThat(trace.cancelRequested()).isTrue();
    }

    @Test
    void abortAnsweredToAKeepAliveStopsTheLoop() {
        JobTrace trace = trace();
        time.advance(Duration.ofSeconds(30));
        gitlab.setStatus(JobStatus.FAILED);

        assertThat(trace.loop().tick()).isFalse();
        assertThat(trace.aborted()).isTrue();
        assertThat(trace.finish(FinalState.success()).outcome()).isEqualTo(Outcome.ABORTED);
    }

    @Test
    void adoptsOnlyAShorterServerInterval() throws IOException {
        JobTrace trace = trace();
        gitlab.setUpdateInterval(Duration.ofMillis(500));
        write(trace, "a");
        trace.loop().tick();
        assertThat(trace.loop().interval()).isEqualTo(Duration.ofMillis(500));

        gitlab.setUpdateInterval(Duration.ofSeconds(60));
        write(trace, "b");
        trace.loop().tick();
        assertThat(trace.loop().interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void outputPastTheLimitIsCutWithOneNote() throws IOException {
        JobTrace trace = trace(10);
        write(trace, "0123456789abc\n");
        trace.loop().tick();
        write(trace, "dropped\n");
        trace.println("also dropped");

        FinishResult result = trace.finish(FinalState.success());

        assertThat(text(gitlab.bytes())).isEqualTo("0123456789" + text(TraceBuffer.limitNote(10)));
        assertGitLabHoldsTheBuffer(trace, result);
    }

    @Test
    void secretSplitAcrossWritesNeverReachesGitLab() throws IOException {
        JobTrace trace = trace(1 << 20, "s3cr3t-value");
        for (String chunk : List.of("key = s3c", "r3t-va", "lue; again s3cr3t", "-value\n")) {
            write(trace, chunk);
            trace.loop().tick();
            assertThat(text(gitlab.bytes())).doesNotContain("s3c");
        }
        trace.finish(FinalState.success());

        assertThat(text(gitlab.bytes())).isEqualTo("key = [MASKED]; again [MASKED]\n");
    }

    @Test
    void heldBytesAreReleasedByFinish() throws IOException {
        JobTrace trace = trace(1 << 20, "s3cr3t-value");
        write(trace, "ends with s3cr3t");

        trace.finish(FinalState.success());

        assertThat(text(gitlab.bytes())).isEqualTo("ends with s3cr3t");
    }

    @Test
    void outputAfterFinishIsIgnored() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        FinishResult result = trace.finish(FinalState.success());

        write(trace, "late\n");
        trace.println("late too");
        trace.output().flush();

        assertThat(trace.buffer().size()).isEqualTo(2);
        assertThat(trace.buffer().checksum()).isEqualTo(result.checksum());
    }

    @Test
    void writesSectionMarkers() {
        JobTrace trace = trace();
        long now = FakeTime.START.getEpochSecond();

        trace.sectionStart("step_script", "\u001b[1mExecuting step_script\u001b[0m");
        trace.sectionEnd("step_script");

        assertThat(text(trace.buffer().read(0, 1000))).isEqualTo(
                "section_start:" + now + ":step_script\r\u001b[0K\u001b[1mExecuting step_script\u001b[0m\n"
                        + "section_end:" + now + ":step_script\r\u001b[0K\n");
    }

    @Test
    void marksPatchesAsDebugTraceWhenAsked() throws IOException {
        TraceSettings settings = new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, 1 << 20, true,
                time);
        JobTrace trace = new JobTrace(gitlab, JOB_ID, Secret.of(JOB_TOKEN), MaskSpec.of(List.of(), List.of()), settings,
                time);
        write(trace, "+ set -x\n");

        trace.finish(FinalState.success());

        assertThat(gitlab.debugFlags()).containsExactly(true);
    }

    @Test
    void sendsAtMostOneMebibytePerPatch() throws IOException {
        JobTrace trace = trace(5 << 20);
        byte[] big = new byte[(5 << 19) + 7];
        java.util.Arrays.fill(big, (byte) 'x');
        trace.output().write(big);

        FinishResult result = trace.finish(FinalState.success());

        assertThat(gitlab.patchCount()).isEqualTo(3);
        assertGitLabHoldsTheBuffer(trace, result);
    }

    @Test
    void backgroundLoopPatchesAndCallsListenersFromItsThread() throws Exception {
        JobTrace trace = realTimeTrace(Duration.ofMillis(5));
        CompletableFuture<String> listenerThread = new CompletableFuture<>();
        trace.onCancelRequested(() -> listenerThread.complete(Thread.currentThread().getName()));
        gitlab.setStatus(JobStatus.CANCELING);

        trace.start();
        write(trace, "hello\n");

        assertThat(listenerThread.get(5, TimeUnit.SECONDS)).isEqualTo("trace-42");
        assertThat(text(gitlab.bytes())).isEqualTo("hello\n");
        assertThat(trace.finish(FinalState.success()).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(loopThreads()).isEmpty();
    }

    @Test
    void finishWakesASleepingLoopAtOnce() {
        // The loop sleeps for a day between patches: finish() returning within the minute means it woke the loop.
        JobTrace trace = realTimeTrace(Duration.ofDays(1));
        trace.start();
        assertThat(loopThreads()).singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());

        assertThat(CompletableFuture.runAsync(() -> trace.finish(FinalState.success())))
                .succeedsWithin(Duration.ofMinutes(1));
        assertThat(loopThreads()).isEmpty();
    }

    private JobTrace realTimeTrace(Duration patchInterval) {
        TraceSettings settings = new TraceSettings(patchInterval, Duration.ofSeconds(30), 3, 1 << 20, false,
                Sleeper.REAL);
        return new JobTrace(gitlab, JOB_ID, Secret.of(JOB_TOKEN), MaskSpec.of(List.of(), List.of()), settings);
    }

    private static List<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("trace-42") && t.isAlive()).toList();
    }
}
