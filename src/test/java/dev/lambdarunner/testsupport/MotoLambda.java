package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * AWS Lambda's API on a {@link MotoServer}, for tests: functions are created for real (with their IAM role), and
 * invocations run moto's no-docker Lambda ({@code {"lambda":{"use_docker":false}}}), which answers a synchronous
 * invoke with its payload or with the next result queued by {@link #queueResults}. Every request moto receives
 * after {@link #startRecording()} is recorded ({@code /moto-api/recorder}) so a test can assert what was invoked.
 * <p>
 * {@link #start()} owns its server (closed with this object); {@link #on(MotoServer)} works on a server the test
 * owns, e.g. one that also serves the runner's Secrets Manager and KMS. Clients use {@link MotoServer#REGION} and
 * its static credentials.
 */
public final class MotoLambda implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

    private final MotoServer server;
    private final boolean owned;

    private MotoLambda(MotoServer server, boolean owned) {
        this.server = server;
        this.owned = owned;
        useDocker(false);
    }

    /** Starts a server of its own and switches its Lambda to the no-docker mode. */
    public static MotoLambda start() {
        MotoServer server = MotoServer.start();
        try {
            return new MotoLambda(server, true);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Lambda on {@code server} (switched to the no-docker mode); closing this leaves the server running. */
    public static MotoLambda on(MotoServer server) {
        return new MotoLambda(server, false);
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for every AWS client. */
    public URI url() {
        return server.endpoint();
    }

    /** The server this works on. */
    public MotoServer server() {
        return server;
    }

    /**
     * Moto's Lambda mode. With docker (moto's default) there is no container engine here, and the functions created
     * without it do not exist: an invoke gets Lambda's real {@code 404 ResourceNotFoundException}.
     */
    public void useDocker(boolean docker) {
        server.motoApi("/moto-api/config", "{\"lambda\":{\"use_docker\":" + docker + "}}");
    }

    /** Creates function {@code name} (runtime provided.al2023) with a fresh IAM role. */
    public void createFunction(String name) {
        IamClient iam = server.client(IamClient.builder().region(Region.AWS_GLOBAL));
        String role = iam.createRole(r -> r.roleName(name + "-role")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}")).role().arn();
        client().createFunction(b -> b.functionName(name).runtime(Runtime.PROVIDED_AL2023).handler("bootstrap")
                .role(role).code(c -> c.zipFile(SdkBytes.fromByteArray(bootstrapZip()))));
    }

    /** The next synchronous invocations answer these payloads, in order (then they echo their payload again). */
    public void queueResults(List<String> results) {
        try {
            server.motoApi("/moto-api/static/lambda-simple/response",
                    JSON.writeValueAsString(Map.of("results", results, "region", MotoServer.REGION)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts recording every request moto receives, forgetting what was recorded before. */
    public void startRecording() {
        server.motoApi("/moto-api/recorder/reset-recording", "");
        server.motoApi("/moto-api/recorder/start-recording", "");
    }

    /** The {@code Invoke} calls recorded since {@link #startRecording()}, oldest first. */
    public List<Invocation> invocations() {
        List<Invocation> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(server.recording())) {
                JsonNode entry = JSON.readTree(line);
                Matcher m = INVOKE.matcher(entry.path("url").asText());
                if (m.find()) {
                    String body = entry.path("body").asText("");
                    if (entry.path("body_encoded").asBoolean()) {
                        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                    }
                    found.add(new Invocation(m.group(1), header(entry.path("headers"), "X-Amz-Invocation-Type"), body));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading moto's recording: " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * One recorded {@code Invoke}.
     *
     * @param invocationType {@code Event}, or {@code RequestResponse} (also when the header was left out)
     */
    public record Invocation(String function, String invocationType, String payload) {
    }

    /** A Lambda client against this moto, closed with the server. */
    public LambdaClient client() {
        return server.client(LambdaClient.builder());
    }

    /** Stops the server when {@link #start()} started it; else nothing (the test owns the server). */
    @Override
    public void close() {
        if (owned) {
            server.close();
        }
    }

    private static String header(JsonNode headers, String name) {
        var fields = headers.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        return "RequestResponse";
    }

    private static byte[] bootstrapZip() {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("bootstrap"));
            out.write("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip.toByteArray();
    }
}
