package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitLab-managed Terraform state, {@code /api/v4/projects/:id/terraform/state/:name[/lock]} (protocol reference
 * §11.1, GitLab's {@code lib/api/terraform/state.rb}): GET/POST/DELETE of the state, POST/DELETE of its lock with
 * lock-info JSON, 409 with the holder's lock info for a foreign lock. Authenticated like GitLab with HTTP Basic
 * {@code gitlab-ci-token:<job token>} of a job running in that project (401 otherwise). Requests come from
 * Terraform's http backend, so the runner's headers are not expected here.
 */
final class TerraformStateEndpoint {
    private static final Pattern PATH = Pattern.compile("/api/v4/projects/([^/]+)/terraform/state/([^/]+)(/lock)?");
    private static final List<String> LOCK_FIELDS = List.of("ID", "Operation", "Info", "Who", "Version", "Created",
            "Path");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JobQueue queue;
    private final Violations violations;
    private final Map<String, FakeTerraformState> states = new ConcurrentHashMap<>();

    TerraformStateEndpoint(JobQueue queue, Violations violations) {
        this.queue = queue;
        this.violations = violations;
    }

    static boolean handles(String path) {
        return PATH.matcher(path).matches();
    }

    FakeTerraformState state(long projectId, String name) {
        return states.computeIfAbsent(projectId + "/" + name, k -> new FakeTerraformState(projectId, name));
    }

    Reply handle(Call call) {
        Matcher m = PATH.matcher(call.path);
        if (!m.matches()) {
            return Reply.message(404);
        }
        FakeJob job = authenticatedJob(call);
        if (job == null) {
            return Reply.message(401);
        }
        String project = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        if (!project.equals(String.valueOf(job.spec().projectId())) && !project.equals(job.spec().projectPath())) {
            return Reply.message(404, "Project Not Found");
        }
        FakeTerraformState state = state(job.spec().projectId(), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        boolean lock = m.group(3) != null;
        return switch (call.method + (lock ? " lock" : "")) {
            case "GET" -> read(state);
            case "POST" -> write(call, state);
            case "DELETE" -> {
                state.delete();
                yield Reply.empty(200);
            }
            case "POST lock" -> lock(call, state);
            case "DELETE lock" -> unlock(call, state);
            default -> Reply.message(405);
        };
    }

    /** The job whose token is the Basic password for user {@code gitlab-ci-token}, while it runs. */
    private FakeJob authenticatedJob(Call call) {
        String auth = call.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            violations.add(call, "terraform state request without HTTP Basic credentials");
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals("gitlab-ci-token")) {
            return null;
        }
        FakeJob job = queue.jobByToken(decoded.substring(colon + 1));
        return job != null && job.active() ? job : null;
    }

    private static Reply read(FakeTerraformState state) {
        byte[] content = state.read();
        return content == null ? Reply.message(404)
                : new Reply(200, Map.of("Content-Type", "application/json"), content);
    }

    private Reply write(Call call, FakeTerraformState state) {
        if (call.body.length == 0) {
            return Reply.empty(204);
        }
        String id = queryParam(call, "ID");
        if (state.locked() && !state.lockId().equals(id)) {
            return Reply.message(409, "state is locked by " + state.lockId());
        }
        checkMd5(call);
        long serial;
        try {
            serial = JSON.readTree(call.body).path("serial").asLong(-1);
        } catch (IOException e) {
            violations.add(call, "state body is not JSON");
            return Reply.message(400);
        }
        return state.write(serial, call.body) ? Reply.empty(200) : Reply.message(422, "Serial already exists");
    }

    private Reply lock(Call call, FakeTerraformState state) {
        JsonNode info = body(call);
        for (String field : LOCK_FIELDS) {
            if (info == null || !info.has(field)) {
                violations.add(call, "lock info without " + field);
                return Reply.badParameter(field + " is missing");
            }
        }
        String held = state.lock(info.get("ID").asText(), new String(call.body, StandardCharsets.UTF_8),
                info.get("Operation").asText());
        return held == null ? Reply.json(200, new String(call.body, StandardCharsets.UTF_8)) : Reply.json(409, held);
    }

    private Reply unlock(Call call, FakeTerraformState state) {
        JsonNode info = call.body.length == 0 ? null : body(call);
        String id = info == null || !info.hasNonNull("ID") ? null : info.get("ID").asText();
        String held = state.lockJson();
        return state.unlock(id) ? Reply.empty(200) : Reply.json(409, held == null ? "{}" : held);
    }

    private JsonNode body(Call call) {
        try {
            return JSON.readTree(call.body);
        } catch (IOException e) {
            violations.add(call, "body is not JSON");
            return null;
        }
    }

    private void checkMd5(Call call) {
        String md5 = call.header("Content-MD5");
        if (md5 == null) {
            return;
        }
        try {
            String actual = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(call.body));
            if (!actual.equals(md5)) {
                violations.add(call, "Content-MD5 does not match the state body");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String queryParam(Call call, String name) {
        if (call.query == null) {
            return null;
        }
        for (String pair : call.query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
