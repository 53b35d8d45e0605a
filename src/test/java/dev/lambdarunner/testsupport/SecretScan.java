package dev.lambdarunner.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds secrets in a job's stored trace: its job token, its masked variables' values, any runner token, and the
 * values a test asked to watch ({@link FakeGitLab#watchSecret}).
 * GitLab itself would overwrite the job token; the fake keeps the bytes and reports the leak instead.
 * Each leak is reported once per job, naming the secret but never its value.
 */
final class SecretScan {
    private final JobQueue queue;
    private final Violations violations;
    private final Settings settings;

    private record Secret(String label, byte[] value) {
    }

    SecretScan(JobQueue queue, Violations violations, Settings settings) {
        this.queue = queue;
        this.violations = violations;
        this.settings = settings;
    }

    /** Scans the bytes appended after {@code previousLength}, including secrets split across chunks. */
    void check(FakeJob job, int previousLength) {
        StoredTrace trace = job.storedTrace();
        for (Secret secret : secretsOf(job)) {
            int at = trace.indexOf(secret.value(), previousLength - secret.value().length + 1);
            if (at >= 0 && job.firstLeak(secret.label())) {
                violations.add("trace of job " + job.id() + " contains " + secret.label() + " at byte " + at);
            }
        }
    }

    private List<Secret> secretsOf(FakeJob job) {
        List<Secret> secrets = new ArrayList<>();
        secrets.add(new Secret("the job token", bytes(job.token())));
        for (JobSpec.Variable v : job.spec().variables()) {
            if (v.masked() && !v.value().isEmpty()) {
                secrets.add(new Secret("the value of masked variable " + v.key(), bytes(v.value())));
            }
        }
        for (FakeRunner runner : queue.runners()) {
            secrets.add(new Secret("the token of runner " + runner.id(), bytes(runner.token())));
        }
        settings.watchedSecrets().forEach((label, value) -> secrets.add(new Secret(label, bytes(value))));
        return secrets;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
