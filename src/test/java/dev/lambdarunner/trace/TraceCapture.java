package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.Sleeper;
import dev.lambdarunner.sensitive.Secret;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A {@link JobTrace} for tests of other packages, against the fake job endpoints, and the text it sent. */
public final class TraceCapture {

    private final FakeGitLabApi gitlab = new FakeGitLabApi();
    private final JobTrace trace;

    public TraceCapture() {
        TraceSettings settings = new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, 1 << 22, false,
                Sleeper.REAL);
        trace = new JobTrace(gitlab, FakeGitLabApi.JOB_ID, Secret.of(FakeGitLabApi.JOB_TOKEN), MaskSpec.of(List.of(), List.of()),
                settings);
    }

    public JobTrace trace() {
        return trace;
    }

    /** Finishes the trace and returns everything it sent. */
    public String finish() {
        trace.finish(FinalState.success());
        return new String(gitlab.bytes(), StandardCharsets.UTF_8);
    }
}
