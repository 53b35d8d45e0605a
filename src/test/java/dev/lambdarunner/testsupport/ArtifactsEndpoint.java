package dev.lambdarunner.testsupport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job artifacts (protocol reference §9): {@code POST /api/v4/jobs/:id/artifacts} takes exactly one multipart part
 * {@code file}, with {@code artifact_type}/{@code artifact_format}/{@code expire_in} in the query and GitLab's
 * type/format pairing enforced (400 otherwise), 413 past the configured size; {@code GET} serves the job's
 * {@code archive} to a running job's token (401), 403 for an unknown job, 404 when it has none.
 */
final class ArtifactsEndpoint {
    private static final Pattern PATH = Pattern.compile("/api/v4/jobs/(\\d+)/artifacts");
    private static final Map<String, String> FORMAT_OF_TYPE = Map.of("archive", "zip", "terraform", "raw",
            "junit", "gzip", "dotenv", "gzip", "cobertura", "gzip", "codequality", "raw");
    private static final Set<String> FORMATS = Set.of("zip", "gzip", "raw");
    private final JobQueue queue;
    private final Violations violations;
    private final Map<Long, List<StoredArtifact>> stored = new ConcurrentHashMap<>();
    private volatile long maxSize = Long.MAX_VALUE;

    ArtifactsEndpoint(JobQueue queue, Violations violations) {
        this.queue = queue;
        this.violations = violations;
    }

    static boolean handles(String path) {
        return PATH.matcher(path).matches();
    }

    void maxSize(long bytes) {
        maxSize = bytes;
    }

    List<StoredArtifact> of(long jobId) {
        return List.copyOf(stored.getOrDefault(jobId, List.of()));
    }

    void seed(long jobId, StoredArtifact artifact) {
        stored.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(artifact);
    }

    Reply handle(Call call) {
        Matcher m = PATH.matcher(call.path);
        m.matches();
        long jobId = Long.parseLong(m.group(1));
        return switch (call.method) {
            case "POST" -> upload(call, jobId);
            case "GET" -> download(call, jobId);
            default -> {
                violations.add(call, "method not allowed");
                yield Reply.message(405);
            }
        };
    }

    private Reply upload(Call call, long jobId) {
        String token = call.header("JOB-TOKEN");
        if (token == null) {
            violations.add(call, "no JOB-TOKEN header");
        }
        FakeJob job = queue.job(jobId);
        if (job == null || token == null || !job.token().equals(token) || !job.active()) {
            return Reply.message(403);
        }
        Map<String, String> query = query(call);
        String type = query.getOrDefault("artifact_type", "archive");
        String format = query.getOrDefault("artifact_format", "zip");
        List<Multipart.Part> parts = Multipart.parse(call.header("Content-Type"), call.body);
        Multipart.Part file = parts == null ? null
                : parts.stream().filter(p -> "file".equals(p.name())).findFirst().orElse(null);
        if (parts == null || file == null || parts.size() != 1 || file.filename() == null) {
            violations.add(call, "artifact upload is not multipart with exactly one part 'file' with a filename");
            return Reply.badParameter("file is missing");
        }
        if (!"application/octet-stream".equals(file.headers().get("content-type"))) {
            violations.add(call, "file part Content-Type is " + file.headers().get("content-type"));
        }
        if (!FORMATS.contains(format) || (FORMAT_OF_TYPE.containsKey(type) && !FORMAT_OF_TYPE.get(type).equals(format))) {
            violations.add(call, "artifact_type " + type + " with artifact_format " + format);
            return Reply.message(400, "Invalid Format");
        }
        if (file.content().length > maxSize) {
            return Reply.message(413);
        }
        seed(jobId, new StoredArtifact(type, format, file.filename(), query.get("expire_in"), file.content()));
        return Reply.text(201, "201");
    }

    private Reply download(Call call, long jobId) {
        String token = call.header("JOB-TOKEN");
        if (token == null) {
            violations.add(call, "no JOB-TOKEN header");
        }
        FakeJob asking = queue.jobByToken(token);
        if (asking == null || !asking.active()) {
            return Reply.message(401);
        }
        if (queue.job(jobId) == null) {
            return Reply.message(403);
        }
        StoredArtifact archive = of(jobId).stream().filter(a -> a.type().equals("archive")).reduce((a, b) -> b)
                .orElse(null);
        if (archive == null) {
            return Reply.message(404);
        }
        return new Reply(200, Map.of("Content-Type", "application/octet-stream",
                "Content-Disposition", "attachment; filename=\"" + archive.filename() + "\""), archive.content());
    }

    private static Map<String, String> query(Call call) {
        Map<String, String> params = new HashMap<>();
        if (call.query != null) {
            for (String pair : call.query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }
}
