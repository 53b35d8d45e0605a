package dev.lambdarunner.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code moto_server} on {@code 127.0.0.1} and a port it picks itself ({@code -p 0}), for STS. moto 5.2.1 answers
 * {@code AssumeRoleWithWebIdentity} for any role ARN without checking the token or needing the role in its IAM,
 * and {@code GetCallerIdentity} with the assumed role's ARN for the credentials it issued. Stopped on close,
 * with everything it started.
 *
 * <p>Kept small and private to the keyless tests until the shared {@code testsupport.MotoServer} is on main.
 */
public final class MotoSts implements AutoCloseable {

    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private final Process process;
    private final String url;

    private MotoSts(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static MotoSts start() {
        try {
            ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", "0")
                    .redirectErrorStream(true);
            Process process = builder.start();
            return new MotoSts(process, "http://127.0.0.1:" + awaitPort(process));
        } catch (IOException e) {
            throw new UncheckedIOException("starting moto_server (is it on PATH?): " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the endpoint for every service moto simulates. */
    public String url() {
        return url;
    }

    private static int awaitPort(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        StringBuilder seen = new StringBuilder();
        for (String line; Instant.now().isBefore(deadline) && (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = RUNNING.matcher(line);
            if (m.find()) {
                drain(out);
                return Integer.parseInt(m.group(1));
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException("moto_server did not start:\n" + seen);
    }

    /** Keeps reading moto's request log so it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException e) {
                // moto stopped
            }
        }, "moto-log");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
