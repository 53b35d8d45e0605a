package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.GitLabRunnerApi;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest.TraceOutput;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One job's log and its reporting to GitLab. Output is masked ({@link MaskingWriter}), kept in a capped
 * {@link TraceBuffer}, sent incrementally by a background loop ({@link #start()}), and closed by
 * {@link #finish}, which sends the rest and the final state exactly once. The trace GitLab holds at the end is
 * byte for byte the buffer, and the final state carries its CRC-32 and size.
 */
public final class JobTrace {

    private static final Logger LOG = Logger.getLogger(JobTrace.class);
    /** The characters GitLab's log viewer accepts in a section name. */
    private static final Pattern SECTION_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final long jobId;
    private final Clock clock;
    private final TraceBuffer buffer;
    private final MaskingWriter masker;
    private final Signal cancel;
    private final Signal abort;
    private final PatchLoop loop;
    private final FinalUpdate finalUpdate;
    private final OutputStream output = new ProcessOutput();
    private final Object writeLock = new Object();
    private final Object finishLock = new Object();
    private boolean closed;
    private FinishResult result;

    /** @param jobToken the job's {@code token}, sent as {@code JOB-TOKEN} */
    public JobTrace(GitLabRunnerApi api, long jobId, Secret jobToken, MaskSpec mask, TraceSettings settings) {
        this(api, jobId, jobToken, mask, settings, Clock.systemUTC());
    }

    JobTrace(GitLabRunnerApi api, long jobId, Secret jobToken, MaskSpec mask, TraceSettings settings, Clock clock) {
        this.jobId = jobId;
        this.clock = clock;
        this.buffer = new TraceBuffer(settings.outputLimitBytes());
        this.masker = new MaskingWriter(new BufferSink(buffer), mask);
        this.cancel = new Signal("cancel", jobId);
        this.abort = new Signal("abort", jobId);
        TraceUploader uploader = new TraceUploader(Objects.requireNonNull(api, "api"),
                new TraceUploader.JobRef(jobId, jobToken), buffer, settings.debugTrace(), cancel, abort);
        this.loop = new PatchLoop(uploader, settings, clock, jobId);
        this.finalUpdate = new FinalUpdate(uploader, settings, jobId, clock);
    }

    /**
     * Where the job's processes write. Thread-safe; {@code close()} on it does nothing (the trace ends with
     * {@link #finish}); writes after {@code finish} are dropped, so late output cannot change the checksum.
     */
    public OutputStream output() {
        return output;
    }

    /** Masks {@code values} in everything written from now on (credentials obtained during the job). */
    public void addMasked(Collection<String> values) {
        synchronized (writeLock) {
            masker.addValues(values);
        }
    }

    /** A runner message line, masked like process output; {@code \n} is appended. */
    public void println(String line) {
        writeText(line + "\n");
    }

    /** Opens a collapsible log section; {@code name} is {@code [A-Za-z0-9_.-]+}, {@code header} the title line. */
    public void sectionStart(String name, String header) {
        writeText(sectionMarker("section_start", name) + (header == null ? "" : header) + "\n");
    }

    /** Closes the section opened under {@code name}. */
    public void sectionEnd(String name) {
        writeText(sectionMarker("section_end", name) + "\n");
    }

    /** Starts sending the trace in the background (daemon thread {@code trace-<jobId>}). Idempotent. */
    public void start() {
        loop.start();
    }

    /**
     * Runs {@code listener} once when GitLab answers {@code Job-Status: canceling}: the job should stop
     * gracefully, run {@code after_script}, and still be finished. Listeners run on the patch thread, or at once
     * on the registering thread if the request already came; the loop waits for them, so they must be short
     * (hand work to another thread), and they must not call {@link #finish}.
     */
    public void onCancelRequested(Runnable listener) {
        cancel.listen(listener);
    }

    /**
     * Runs {@code listener} once when GitLab says the job is over (403, {@code Job-Status: failed|canceled}):
     * stop the job's processes now; nothing more will be sent. Same threading rules as
     * {@link #onCancelRequested}.
     */
    public void onAborted(Runnable listener) {
        abort.listen(listener);
    }

    /** Whether GitLab asked for a graceful stop ({@code Job-Status: canceling}). */
    public boolean cancelRequested() {
        return cancel.raised();
    }

    /** Whether GitLab said the job is over; then nothing more is sent, not even the final state. */
    public boolean aborted() {
        return abort.raised();
    }

    /**
     * Ends the trace: stops the loop, releases masked output still held, sends the rest of the trace and then
     * {@code state} with the checksum and size of the whole buffer. If the job was aborted before, nothing is
     * sent. Idempotent: later calls return the first result and send nothing. Listeners are not called from
     * here; the outcome says what happened.
     */
    public FinishResult finish(FinalState state) {
        return finish(state, Instant.MAX);
    }

    /**
     * As {@link #finish(FinalState)}, reported by {@code reportBy}: no attempt starts and no wait goes past it;
     * if GitLab has not taken the report by then, the outcome is {@link FinishResult.Outcome#GAVE_UP}.
     */
    public FinishResult finish(FinalState state, Instant reportBy) {
        synchronized (finishLock) {
            if (result != null) {
                return result;
            }
            loop.stop();
            closeOutput();
            cancel.mute();
            abort.mute();
            FinishResult.Outcome outcome = abort.raised() ? FinishResult.Outcome.ABORTED
                    : finalUpdate.run(new UpdateJobRequest(state.state(), state.failureReason(), state.exitCode(),
                            new TraceOutput(buffer.checksum(), buffer.size())), reportBy);
            result = new FinishResult(outcome, buffer.size(), buffer.checksum());
            LOG.infof("Submitting job to coordinator... %s job=%d state=%s bytesize=%d checksum=%s",
                    outcome, jobId, state.state(), result.bytesize(), result.checksum());
            return result;
        }
    }

    /** Package-private for tests that drive the loop's rounds themselves. */
    PatchLoop loop() {
        return loop;
    }

    TraceBuffer buffer() {
        return buffer;
    }

    private String sectionMarker(String kind, String name) {
        if (name == null || !SECTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("writing log section: invalid name '" + name + "'");
        }
        return kind + ":" + clock.instant().getEpochSecond() + ":" + name + "\r\u001b[0K";
    }

    private void writeText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            output.write(bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("writing job log line: " + e.getMessage(), e);
        }
    }

    private void closeOutput() {
        synchronized (writeLock) {
            closed = true;
            try {
                masker.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing job log: " + e.getMessage(), e);
            }
        }
    }

    /** The process side: serialises writers and drops output after {@link #finish}. */
    private final class ProcessOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (writeLock) {
                if (!closed) {
                    masker.write(b, off, len);
                }
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (writeLock) {
                if (!closed) {
                    masker.flush();
                }
            }
        }
    }
}
