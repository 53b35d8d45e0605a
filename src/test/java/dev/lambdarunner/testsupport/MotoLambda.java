package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code moto_server} on a free loopback port, as AWS Lambda's API for tests: functions are created for real
 * (with their IAM role), and invocations run moto's no-docker Lambda ({@code {"lambda":{"use_docker":false}}}),
 * which answers a synchronous invoke with its payload or with the next result queued by {@link #queueResults}.
 * Every request moto receives is recorded ({@code /moto-api/recorder}) so a test can assert what was invoked.
 * <p>
 * Minimal on purpose (the Lambda part only); to be folded into the shared {@code MotoServer} test resource.
 */
public final class MotoLambda implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing-access-key";
    public static final String SECRET_KEY = "testing-secret-key";
    private static final Pattern LISTENING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path recording;
    private final URI url;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoLambda(Process process, Path recording, URI url) {
        this.process = process;
        this.recording = recording;
        this.url = url;
    }

    /** Starts moto_server (from PATH) and switches its Lambda to the no-docker mode. */
    public static MotoLambda start() {
        try {
            Path recording = Files.createTempFile("moto-recording", ".jsonl");
            ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", "0")
                    .redirectErrorStream(true);
            builder.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
            Process process = builder.start();
            MotoLambda moto = new MotoLambda(process, recording, URI.create("http://127.0.0.1:" + awaitPort(process)));
            moto.useDocker(false);
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("starting moto_server (is it on PATH?): " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for every AWS client. */
    public URI url() {
        return url;
    }

    /**
     * Moto's Lambda mode. With docker (moto's default) there is no container engine here, and the functions created
     * without it do not exist: an invoke gets Lambda's real {@code 404 ResourceNotFoundException}.
     */
    public void useDocker(boolean docker) {
        post("/moto-api/config", "{\"lambda\":{\"use_docker\":" + docker + "}}");
    }

    /** Creates function {@code name} (runtime provided.al2023) with a fresh IAM role. */
    public void createFunction(String name) {
        String role = createRole(name + "-role");
        try (LambdaClient lambda = client()) {
            lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PROVIDED_AL2023).handler("bootstrap")
                    .role(role).code(c -> c.zipFile(SdkBytes.fromByteArray(bootstrapZip()))));
        }
    }

    /** The next synchronous invocations answer these payloads, in order (then they echo their payload again). */
    public void queueResults(List<String> results) {
        try {
            post("/moto-api/static/lambda-simple/response",
                    JSON.writeValueAsString(Map.of("results", results, "region", REGION)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts recording every request moto receives, forgetting what was recorded before. */
    public void startRecording() {
        post("/moto-api/recorder/reset-recording", "");
        post("/moto-api/recorder/start-recording", "");
    }

    /** The {@code Invoke} calls recorded since {@link #startRecording()}, oldest first. */
    public List<Invocation> invocations() {
        List<Invocation> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(recording)) {
                JsonNode entry = JSON.readTree(line);
                Matcher m = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations").matcher(entry.path("url").asText());
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

    /** A Lambda client for tests, against this moto. */
    public LambdaClient client() {
        return LambdaClient.builder().endpointOverride(url).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(recording);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a leftover temp file does not affect other tests
        }
    }

    private String createRole(String name) {
        String form = "Action=CreateRole&Version=2010-05-08&RoleName=" + name + "&AssumeRolePolicyDocument="
                + URLEncoder.encode("{\"Version\":\"2012-10-17\",\"Statement\":[]}", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                // moto routes query-protocol calls by the service named in the signature's credential scope
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20250101/" + REGION
                        + "/iam/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        String answer = send(request);
        Matcher arn = Pattern.compile("<Arn>([^<]+)</Arn>").matcher(answer);
        if (!arn.find()) {
            throw new IllegalStateException("creating IAM role " + name + " on moto: no ARN in " + answer);
        }
        return arn.group(1);
    }

    private void post(String path, String body) {
        send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " on moto: "
                        + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " on moto: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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

    private static int awaitPort(Process process) throws IOException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("moto_server exited: " + process.exitValue()));
            } catch (IOException | IllegalThreadStateException e) {
                port.completeExceptionally(e);
            }
        }, "moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("moto_server did not start: " + e.getMessage(), e);
        }
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
