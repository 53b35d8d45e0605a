package dev.lambdarunner.testsupport;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code moto_server} (moto 5.x: Secrets Manager, KMS with encryption context, STS, IAM, Lambda...) on
 * {@code 127.0.0.1} and a free port, for tests. Each server is its own process, so tests never share state.
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start()) {
 *     String keyArn = moto.createKey();
 *     KmsClient kms = moto.kms();                          // plain SDK clients bound to this server
 *     StsClient sts = moto.client(StsClient.builder());    // any other sync SDK client
 *     Map<String, String> env = moto.childEnvironment();   // for a child process (the packaged CLI)
 *     Map<String, String> config = moto.quarkusConfig();   // for @QuarkusTest (see MotoTestResource)
 * }
 * }</pre>
 * Fails with a clear message when {@code moto_server} is not on PATH. {@link #close()} ends the process and its
 * children; a JVM shutdown hook does the same if a test forgets. This is the one place that starts and stops
 * {@code moto_server}: {@link MotoLambda} (functions, invocations, the request recorder) works on a server of this
 * class, and STS or IAM need nothing beyond {@link #client(AwsClientBuilder)} and {@link #endpoint()}. A test class
 * that wants one server for all its tests registers a {@link MotoServerExtension} instead of starting it by hand.
 */
public final class MotoServer implements AutoCloseable {

    /** The region every client and the CLI child use. */
    public static final String REGION = "eu-west-1";
    /** moto accepts any static credentials; these are what clients send. */
    public static final String ACCESS_KEY_ID = "testing";
    public static final String SECRET_ACCESS_KEY = "testing";

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final Path recording;
    private final URI endpoint;
    private final Thread reaper;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoServer(Process process, Path log, Path recording, URI endpoint) {
        this.process = process;
        this.log = log;
        this.recording = recording;
        this.endpoint = endpoint;
        this.reaper = new Thread(this::stopProcess, "moto-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code moto_server} and waits until it answers. */
    public static MotoServer start() {
        return start(Map.of());
    }

    /**
     * Starts a server that enforces IAM after its first {@code unauthenticatedRequests} AWS requests (moto's
     * {@code INITIAL_NO_AUTH_ACTION_COUNT}): make exactly that many set-up calls with the default credentials
     * (key, users, policies, access keys), then call with the users' keys ({@link #client(AwsClientBuilder,
     * String, String)}, {@link #childEnvironment(String, String)}). moto checks the actions a policy allows, not
     * its conditions (e.g. {@code kms:EncryptionContext:runner}).
     */
    public static MotoServer startEnforcingIamAfter(int unauthenticatedRequests) {
        return start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", Integer.toString(unauthenticatedRequests)));
    }

    private static MotoServer start(Map<String, String> env) {
        Path executable = onPath("moto_server");
        Path log;
        Path recording;
        Process process;
        try {
            log = Files.createTempFile("moto-server-", ".log");
            // where /moto-api/recorder writes once a test starts recording (MotoLambda#startRecording)
            recording = Files.createTempFile("moto-recording-", ".jsonl");
            // port 0: the server binds a free port itself and prints it, so no other test can take it meanwhile
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", "0")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + executable + ": " + e.getMessage(), e);
        }
        int port;
        try {
            port = awaitPort(process, log);
        } catch (RuntimeException e) {
            destroyTree(process);
            deleteQuietly(log);
            deleteQuietly(recording);
            throw e;
        }
        MotoServer server = new MotoServer(process, log, recording, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override of every AWS client. */
    public URI endpoint() {
        return endpoint;
    }

    /** Creates a symmetric KMS key and returns its ARN. */
    public String createKey() {
        return kms().createKey(r -> r.description("test key")).keyMetadata().arn();
    }

    /** A KMS client bound to this server, closed with it. */
    public KmsClient kms() {
        return client(KmsClient.builder());
    }

    /** A Secrets Manager client bound to this server, closed with it. */
    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.builder());
    }

    /**
     * Any sync SDK client bound to this server (endpoint, region, static credentials, URL-connection HTTP),
     * e.g. {@code moto.client(StsClient.builder())}; closed with the server.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C client(B builder) {
        return client(builder, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** {@link #client(AwsClientBuilder)} with other credentials, e.g. an IAM user's access key. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C client(
            B builder, String accessKeyId, String secretAccessKey) {
        C client = builder.endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /**
     * Environment for a child process using the Quarkiverse Secrets Manager and KMS clients (the packaged CLI):
     * endpoint overrides, region and static credentials through the SDK's standard variables.
     */
    public Map<String, String> childEnvironment() {
        return childEnvironment(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** {@link #childEnvironment()} with other credentials, e.g. an IAM user's access key. */
    public Map<String, String> childEnvironment(String accessKeyId, String secretAccessKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_SECRETSMANAGER_ENDPOINT_OVERRIDE", endpoint.toString());
        env.put("QUARKUS_KMS_ENDPOINT_OVERRIDE", endpoint.toString());
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        // no ~/.aws of whoever runs the tests, no instance metadata lookups
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** Configuration of the Quarkiverse Secrets Manager and KMS clients for an in-process Quarkus application. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String service : List.of("secretsmanager", "kms")) {
            config.put("quarkus." + service + ".endpoint-override", endpoint.toString());
            config.put("quarkus." + service + ".aws.region", REGION);
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", ACCESS_KEY_ID);
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key", SECRET_ACCESS_KEY);
        }
        return config;
    }

    /** The server process and its children, for tests of this class. */
    List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>(List.of(process.toHandle()));
        tree.addAll(process.descendants().toList());
        return tree;
    }

    /** Closes the clients handed out and ends the server process and its children. Idempotent. */
    @Override
    public void close() {
        synchronized (clients) {
            for (AutoCloseable client : clients) {
                try {
                    client.close();
                } catch (Exception e) {
                    // closing a client of a server about to stop; nothing to do
                }
            }
            clients.clear();
        }
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs anyway
        }
    }

    private void stopProcess() {
        destroyTree(process);
        deleteQuietly(log);
        deleteQuietly(recording);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file left in the temp directory harms nobody
        }
    }

    /** The file moto's request recorder appends to (one JSON object a line), for {@link MotoLambda}. */
    Path recording() {
        return recording;
    }

    /**
     * POSTs {@code body} (JSON) to one of moto's own endpoints ({@code /moto-api/...}) and returns the answer.
     *
     * @throws IllegalStateException when moto answers with an error status
     */
    String motoApi(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("POST " + request.uri() + " on moto: " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + request.uri() + " on moto: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto's " + path, e);
        }
    }

    /** Ends {@code process} and its children: gracefully first, forcibly after 5 s. */
    private static void destroyTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The port from the server's {@code Running on http://127.0.0.1:<port>} line. */
    private static int awaitPort(Process process, Path log) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher running = RUNNING.matcher(read(log));
            if (running.find()) {
                return Integer.parseInt(running.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + " before listening: "
                        + tail(log));
            }
            pause();
        }
        throw new IllegalStateException("moto_server did not listen within " + STARTUP + ": " + tail(log));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server on " + endpoint + " exited with " + process.exitValue()
                        + " before answering: " + tail(log));
            }
            if (answers()) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("moto_server on " + endpoint + " did not answer within " + STARTUP + ": " + tail(log));
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        List<String> lines = read(log).lines().toList();
        return lines.isEmpty() ? "(no output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(name + " is not on PATH: these tests need moto 5.x's server"
                + " (pip install 'moto[server]==5.*'), started on a free loopback port");
    }
}
