package dev.lambdarunner.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Git over smart HTTP, fetch only: runs the real {@code git http-backend} as a CGI for
 * {@code /<path>.git/info/refs?service=git-upload-pack} and {@code /<path>.git/git-upload-pack}. Like GitLab it
 * wants HTTP Basic {@code gitlab-ci-token:<job token>} of a job that is running (or awaiting its accept) on that
 * project, and refuses pushes.
 */
final class GitBackend {
    private static final Pattern GIT_PATH =
            Pattern.compile("/(.+)\\.git(/info/refs|/git-upload-pack|/git-receive-pack|/.*)");
    private final GitRepos repos;
    private final JobQueue queue;
    private static final int HEAD_BYTES = 256 * 1024; // progress messages on channel 2 may come first
    private final List<GitExchange> exchanges = new CopyOnWriteArrayList<>();

    GitBackend(GitRepos repos, JobQueue queue) {
        this.repos = repos;
        this.queue = queue;
    }

    /** Every answer of git-upload-pack and its ref advertisement so far, in the order they ended. */
    List<GitExchange> exchanges() {
        return List.copyOf(exchanges);
    }

    static boolean handles(String path) {
        return path.contains(".git/");
    }

    void handle(Call call) throws IOException {
        Matcher m = GIT_PATH.matcher(call.path);
        FakeRepo repo = m.matches() ? repos.find(m.group(1)) : null;
        if (repo == null) {
            call.send(Reply.message(404));
            return;
        }
        if (!authorized(call, repo)) {
            call.send(Reply.text(401, "HTTP Basic: Access denied\n")
                    .with("WWW-Authenticate", "Basic realm=\"GitLab\""));
            return;
        }
        String service = m.group(2);
        String query = call.query == null ? "" : call.query;
        if (service.equals("/git-receive-pack") || query.contains("service=git-receive-pack")) {
            call.send(Reply.text(403, "You are not allowed to push code to this project.\n"));
        } else if (service.equals("/git-upload-pack")
                || service.equals("/info/refs") && query.contains("service=git-upload-pack")) {
            exchanges.add(runCgi(call, repo.fullPath(), service));
        } else {
            // dumb HTTP: GitLab serves only the smart protocol
            call.send(Reply.message(404));
        }
    }

    private boolean authorized(Call call, FakeRepo repo) {
        String auth = call.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals("gitlab-ci-token")) {
            return false;
        }
        FakeJob job = queue.jobByToken(decoded.substring(colon + 1));
        return job != null && job.active() && job.spec().repo() != null
                && job.spec().repo().fullPath().equals(repo.fullPath());
    }

    /** Returns what went to the client: its size and the objects of the pack in it. */
    private GitExchange runCgi(Call call, String fullPath, String service) throws IOException {
        String pathInfo = "/" + fullPath + ".git" + service;
        ProcessBuilder builder = new ProcessBuilder("git", "http-backend")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(cgiEnv(call, pathInfo));
        Process process = builder.start();
        feed(process, call.body);
        try (InputStream out = new BufferedInputStream(process.getInputStream())) {
            Map<String, String> headers = new LinkedHashMap<>();
            int status = readCgiHead(out, headers);
            try (OutputStream body = call.stream(status, headers)) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                long bytes = 0;
                byte[] buffer = new byte[8192];
                for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
                    body.write(buffer, 0, n);
                    if (head.size() < HEAD_BYTES) {
                        head.write(buffer, 0, Math.min(n, HEAD_BYTES - head.size()));
                    }
                    bytes += n;
                }
                return new GitExchange(fullPath, service, bytes, packObjects(head.toByteArray()));
            }
        } finally {
            awaitExit(process);
        }
    }

    /**
     * The object count of the pack header ({@code PACK}, version, count) in an upload-pack answer, or -1 when it
     * has none. The pack travels in side-band channel 1 of pkt-lines, so the header is looked for in that
     * channel's bytes joined up (a pkt-line boundary may split it).
     */
    private static long packObjects(byte[] head) {
        ByteArrayOutputStream band = new ByteArrayOutputStream();
        for (int at = 0; at + 4 <= head.length; ) {
            int length;
            try {
                length = Integer.parseInt(new String(head, at, 4, StandardCharsets.US_ASCII), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (length < 4) { // flush, delimiter or response-end packet
                at += 4;
                continue;
            }
            int end = Math.min(head.length, at + length);
            if (at + 4 < end && head[at + 4] == 1) {
                band.write(head, at + 5, end - at - 5);
            }
            at += length;
        }
        byte[] data = band.toByteArray();
        if (data.length < 12 || data[0] != 'P' || data[1] != 'A' || data[2] != 'C' || data[3] != 'K') {
            return -1;
        }
        return ((data[8] & 0xffL) << 24) | ((data[9] & 0xffL) << 16) | ((data[10] & 0xffL) << 8) | (data[11] & 0xffL);
    }

    private Map<String, String> cgiEnv(Call call, String pathInfo) {
        Map<String, String> env = new LinkedHashMap<>(repos.isolatedEnv());
        env.put("GIT_PROJECT_ROOT", repos.reposRoot().toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", pathInfo);
        env.put("QUERY_STRING", call.query == null ? "" : call.query);
        env.put("REQUEST_METHOD", call.method);
        env.put("CONTENT_LENGTH", String.valueOf(call.body.length));
        env.put("REMOTE_USER", "gitlab-ci-token");
        env.put("REMOTE_ADDR", "127.0.0.1");
        putIfPresent(env, "CONTENT_TYPE", call.header("Content-Type"));
        putIfPresent(env, "HTTP_GIT_PROTOCOL", call.header("Git-Protocol"));
        putIfPresent(env, "HTTP_CONTENT_ENCODING", call.header("Content-Encoding"));
        return env;
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    /** Writes the request body on its own thread so a backend that answers while reading cannot deadlock. */
    private static void feed(Process process, byte[] body) {
        Thread feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(body);
            } catch (IOException e) {
                // the backend stopped reading; its output tells what went wrong
            }
        }, "fakegitlab-cgi-stdin");
        feeder.setDaemon(true);
        feeder.start();
    }

    /** Parses the CGI header block ({@code Status:} and other headers) up to the blank line. */
    private static int readCgiHead(InputStream out, Map<String, String> headers) throws IOException {
        int status = 200;
        for (String line = readLine(out); line != null && !line.isEmpty(); line = readLine(out)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ", 2)[0]);
            } else {
                headers.put(name, value);
            }
        }
        return headers.isEmpty() && status == 200 ? 500 : status;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void awaitExit(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
