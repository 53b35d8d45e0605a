package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.testsupport.Answer;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Faults;
import dev.lambdarunner.testsupport.RecordedRequest;
import dev.lambdarunner.trace.FinishResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's trace against the fake GitLab, sent by the real client over loopback HTTP. */
class JobTraceTest {

    private final FakeTime time = new FakeTime();
    private final LoopbackGitLab gitLab = LoopbackGitLab.start();
    private final TracedJob job = gitLab.takeJob(time);

    @AfterEach
    void stop() {
        gitLab.close();
        gitLab.fake().assertNoViolations();
    }

    private JobTrace trace(long limit, String... secrets) {
        return job.trace(new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, limit, false, time),
                secrets);
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
        byte[] held = job.held();
        assertThat(held).isEqualTo(trace.buffer().read(0, Integer.MAX_VALUE));
        assertThat(job.finalUpdates()).hasSize(1);
        UpdateJobRequest.TraceOutput output = job.finalUpdates().get(0).output();
        assertThat(output.checksum()).isEqualTo(TraceBufferTest.crc32(held)).isEqualTo(result.checksum());
        assertThat(output.bytesize()).isEqualTo(held.length).isEqualTo(result.bytesize());
    }

    /** GitLab's answer to a PUT while it still persists the trace; {@code seconds} 0 leaves out the interval. */
    private static Answer stillPersisting(int seconds) {
        Answer answer = Answer.text(202, "202").withHeader("Job-Status", "running");
        return seconds == 0 ? answer : answer.withHeader("X-GitLab-Trace-Update-Interval", String.valueOf(seconds));
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
        assertThat(text(job.held())).isEqualTo("$ terraform init\nInitializing the backend...\nünïcode ✓\n");
        assertThat(job.finalUpdates().get(0))
                .extracting(UpdateJobRequest::state, UpdateJobRequest::failureReason, UpdateJobRequest::exitCode)
                .containsExactly("failed", "script_failure", 1);
        assertThat(job.job().finalState()).isEqualTo("failed");
        assertThat(job.patches()).extracting(RecordedRequest::query).containsOnly("debug_trace=false");
    }

    @Test
    void recoversWhenGitLabHoldsLessThanWasSent() throws IOException {
        // GitLab kept 3 bytes: the runner resends from there
        assertRecoversFrom(faults -> faults.traceRangeMismatchOnce(job.id(), 3), "0-10 202", "11-22 416", "3-22 202");
    }

    @Test
    void recoversWhenGitLabHoldsMoreThanWasAcknowledged() throws IOException {
        // GitLab stored the second line but its 202 was lost: the 416 tells the runner it has everything
        assertRecoversFrom(faults -> faults.loseNextTraceAnswer(job.id()), "0-10 202", "11-22 502", "11-22 416");
    }

    /**
     * After the first patch GitLab's length and the runner's part ways; the 416 to a later patch rejoins them.
     * {@code patches} are the Content-Range and answer of each PATCH.
     */
    private void assertRecoversFrom(Consumer<Faults> gitLabLosesTrack, String... patches) throws IOException {
        JobTrace trace = trace();
        write(trace, "first line\n");
        trace.loop().tick();
        gitLabLosesTrack.accept(job.faults());
        write(trace, "second line\n");

        trace.loop().tick();
        trace.loop().tick();

        assertThat(text(job.held())).isEqualTo("first line\nsecond line\n");
        assertGitLabHoldsTheBuffer(trace, trace.finish(FinalState.success()));
        assertThat(job.patches()).extracting(p -> p.header("Content-Range") + " " + p.status())
                .containsExactly(patches);
    }

    @Test
    void lostAnswerRetriedByTheClientEndsIn416AndTheTraceGoesOn() throws IOException {
        TracedJob retried = gitLab.takeJobWithRetries(time);
        JobTrace trace = retried.trace(new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, 1 << 20,
                false, time));
        write(trace, "first line\n");
        retried.faults().loseNextTraceAnswer(retried.id());

        assertThat(trace.loop().tick()).isTrue();
        write(trace, "second line\n");
        trace.loop().tick();

        assertThat(retried.patches()).extracting(p -> p.header("Content-Range") + " " + p.status())
                .containsExactly("0-10 502", "0-10 416", "11-22 202");
        assertThat(text(retried.held())).isEqualTo("first line\nsecond line\n");
        assertThat(trace.finish(FinalState.success()).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(retried.job().finalReports()).isEqualTo(1);
    }

    @Test
    void forbiddenMidJobAbortsOnceAndSkipsTheFinalUpdate() throws IOException {
        JobTrace trace = trace();
        AtomicInteger aborts = new AtomicInteger();
        trace.onAborted(aborts::incrementAndGet);
        write(trace, "running\n");
        trace.loop().tick();
        job.job().forceCancel();
        write(trace, "more\n");

        assertThat(trace.loop().tick()).isFalse();
        int patches = job.patches().size();
        write(trace, "even more\n");
        trace.loop().tick();
        FinishResult result = trace.finish(FinalState.success());

        assertThat(job.patches()).last().satisfies(p -> assertThat(p.status()).isEqualTo(403));
        assertThat(trace.aborted()).isTrue();
        assertThat(aborts).hasValue(1);
        assertThat(job.patches()).hasSize(patches);
        assertThat(result.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(job.updates()).isEmpty();
    }

    @Test
    void cancelingFiresTheListenerOnceAndTheJobStillFinishes() throws IOException {
        JobTrace trace = trace();
        AtomicInteger cancels = new AtomicInteger();
        trace.onCancelRequested(cancels::incrementAndGet);
        job.job().cancel();
        assertThat(job.job().status()).isEqualTo("canceling");
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
        assertThat(job.job().status()).isEqualTo("canceled");
    }

    @Test
    void finalPutIsRepeatedWhileGitLabIsStillPersisting() throws IOException {
        JobTrace trace = trace();
        write(trace, "done\n");
        job.faults().answerNext(job.updatePath(), stillPersisting(2), stillPersisting(0), stillPersisting(2),
                stillPersisting(2));

        FinishResult result = trace.finish(FinalState.success());

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(job.finalUpdates()).hasSize(5).allSatisfy(u -> assertThat(u.state()).isEqualTo("success"));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(job.job().finalReports()).isEqualTo(1);
    }

    @Test
    void finishIsIdempotent() throws IOException {
        JobTrace trace = trace();
        write(trace, "done\n");
        FinishResult first = trace.finish(FinalState.success());
        int patches = job.patches().size();

        FinishResult second = trace.finish(FinalState.failed("script_failure", 2));

        assertThat(second).isEqualTo(first);
        assertThat(job.finalUpdates()).hasSize(1);
        assertThat(job.patches()).hasSize(patches);
    }

    @Test
    void failedFinalUpdatesBackOffThenGiveUp() throws IOException {
        JobTrace trace = trace();
        write(trace, "done\n");
        job.faults().failNext(job.updatePath(), 500, 3);

        FinishResult result = trace.finish(FinalState.success());

        assertThat(result.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(job.finalUpdates()).hasSize(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void traceGoneStillSendsTheFinalState() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        // GitLab no longer has the trace, so the fake cannot check the report's checksum: it is scripted too
        job.faults().answerNext(job.tracePath(), Answer.json(404, "{\"message\":\"404 Not Found\"}"))
                .answerNext(job.updatePath(), Answer.text(200, "200").withHeader("Job-Status", "success"));

        assertThat(trace.loop().tick()).isFalse();
        write(trace, "b\n");
        FinishResult result = trace.finish(FinalState.success());

        assertThat(job.patches()).hasSize(1);
        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(job.finalUpdates()).hasSize(1);
    }

    @Test
    void transportErrorsInTheLoopAreRetriedNextRound() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        job.faults().answerNext(job.tracePath(), Answer.hangUp());

        assertThat(trace.loop().tick()).isTrue();
        assertThat(job.held()).isEmpty();
        assertThat(trace.loop().tick()).isTrue();

        assertThat(text(job.held())).isEqualTo("a\n");
    }

    @Test
    void serverErrorsInTheLoopAreRetriedNextRound() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        job.faults().failNext(job.tracePath(), 502, 1);

        assertThat(trace.loop().tick()).isTrue();
        assertThat(trace.loop().tick()).isTrue();

        assertThat(text(job.held())).isEqualTo("a\n");
        assertThat(job.patches()).extracting(RecordedRequest::status).containsExactly(502, 202);
    }

    @Test
    void keepAliveIsSentWhenNothingWasSentForTheInterval() throws IOException {
        JobTrace trace = trace();
        write(trace, "a\n");
        trace.loop().tick();
        time.advance(Duration.ofSeconds(29));
        trace.loop().tick();
        assertThat(job.updates()).isEmpty();

        time.advance(Duration.ofSeconds(1));
        job.job().cancel();
        trace.loop().tick();

        assertThat(job.updates()).extracting(UpdateJobRequest::state).containsExactly("running");
        assertThat(trace.cancelRequested()).isTrue();
    }

    @Test
    void abortAnsweredToAKeepAliveStopsTheLoop() {
        JobTrace trace = trace();
        time.advance(Duration.ofSeconds(30));
        job.faults().answerNext(job.updatePath(),
                Answer.json(403, "{\"message\":\"403 Forbidden\"}").withHeader("Job-Status", "failed"));

        assertThat(trace.loop().tick()).isFalse();
        assertThat(trace.aborted()).isTrue();
        assertThat(trace.finish(FinalState.success()).outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(job.updates()).extracting(UpdateJobRequest::state).containsExactly("running");
    }

    @Test
    void adoptsOnlyAShorterServerInterval() throws IOException {
        JobTrace trace = job.trace(new TraceSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 3, 1 << 20,
                false, time));
        gitLab.fake().traceUpdateInterval(3);
        write(trace, "a");
        trace.loop().tick();
        assertThat(trace.loop().interval()).isEqualTo(Duration.ofSeconds(3));

        gitLab.fake().traceUpdateInterval(60);
        write(trace, "b");
        trace.loop().tick();
        assertThat(trace.loop().interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void outputPastTheLimitIsCutWithOneNote() throws IOException {
        JobTrace trace = trace(10);
        write(trace, "0123456789abc\n");
        trace.loop().tick();
        write(trace, "dropped\n");
        trace.println("also dropped");

        FinishResult result = trace.finish(FinalState.success());

        assertThat(text(job.held())).isEqualTo("0123456789" + text(TraceBuffer.limitNote(10)));
        assertGitLabHoldsTheBuffer(trace, result);
    }

    @Test
    void secretSplitAcrossWritesNeverReachesGitLab() throws IOException {
        JobTrace trace = trace(1 << 20, "s3cr3t-value");
        for (String chunk : List.of("key = s3c", "r3t-va", "lue; again s3cr3t", "-value\n")) {
            write(trace, chunk);
            trace.loop().tick();
            assertThat(text(job.held())).doesNotContain("s3c");
        }
        trace.finish(FinalState.success());

        assertThat(text(job.held())).isEqualTo("key = [MASKED]; again [MASKED]\n");
    }

    @Test
    void heldBytesAreReleasedByFinish() throws IOException {
        JobTrace trace = trace(1 << 20, "s3cr3t-value");
        write(trace, "ends with s3cr3t");

        trace.finish(FinalState.success());

        assertThat(text(job.held())).isEqualTo("ends with s3cr3t");
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
        JobTrace trace = job.trace(new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, 1 << 20,
                true, time));
        write(trace, "+ set -x\n");

        trace.finish(FinalState.success());

        assertThat(job.patches()).extracting(RecordedRequest::query).containsExactly("debug_trace=true");
    }

    @Test
    void sendsAtMostOneMebibytePerPatch() throws IOException {
        JobTrace trace = trace(5 << 20);
        byte[] big = new byte[(5 << 19) + 7];
        Arrays.fill(big, (byte) 'x');
        trace.output().write(big);

        FinishResult result = trace.finish(FinalState.success());

        assertThat(job.patches()).hasSize(3)
                .allSatisfy(p -> assertThat(p.body().length).isLessThanOrEqualTo(TraceUploader.MAX_CHUNK));
        assertGitLabHoldsTheBuffer(trace, result);
    }

    @Test
    void backgroundLoopPatchesAndCallsListenersFromItsThread() throws Exception {
        JobTrace trace = realTimeTrace(Duration.ofMillis(5));
        CompletableFuture<String> listenerThread = new CompletableFuture<>();
        trace.onCancelRequested(() -> listenerThread.complete(Thread.currentThread().getName()));
        job.job().cancel();

        trace.start();
        write(trace, "hello\n");

        // a bound against hanging only: the loop patches every 5 ms
        assertThat(listenerThread.get(1, TimeUnit.MINUTES)).isEqualTo(loopThreadName());
        assertThat(text(job.held())).isEqualTo("hello\n");
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

    /** A loop that really sleeps between rounds, on its own thread; the fake clock keeps keep-alives away. */
    private JobTrace realTimeTrace(Duration patchInterval) {
        return job.trace(new TraceSettings(patchInterval, Duration.ofSeconds(30), 3, 1 << 20, false, Sleeper.REAL));
    }

    private String loopThreadName() {
        return "trace-" + job.id();
    }

    private List<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(loopThreadName()) && t.isAlive()).toList();
    }
}
