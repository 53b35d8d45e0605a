package dev.lambdarunner.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.sandbox.ProcessSandbox;
import dev.lambdarunner.sandbox.SandboxResult;
import dev.lambdarunner.sandbox.SandboxSpec;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version of each configured binary, asked once per runner process ({@code <binary> version -json}, which
 * Terraform and OpenTofu both answer with {@code terraform_version}) and only when a job's log needs it, so the
 * usual job pays nothing. Started through the {@link ProcessSandbox} like every process of the runner (its timeout
 * and kill hold, and the sweep of detached job processes knows it is not one); no job input reaches the call, and
 * it gets an empty environment besides {@code CHECKPOINT_DISABLE}. An unknown version is empty, never a failure.
 */
final class BinaryVersions {

    private static final Logger LOG = Logger.getLogger(BinaryVersions.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ProcessSandbox sandbox;
    private final Duration killGrace;
    private final Map<Path, Optional<String>> known = new ConcurrentHashMap<>();

    BinaryVersions(ProcessSandbox sandbox, Duration killGrace) {
        this.sandbox = sandbox;
        this.killGrace = killGrace;
    }

    Optional<String> of(Path binary) {
        return known.computeIfAbsent(binary, this::ask);
    }

    private Optional<String> ask(Path binary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SandboxSpec spec = new SandboxSpec(List.of(binary.toString(), "version", "-json"), Path.of("/"),
                Map.of("CHECKPOINT_DISABLE", "1"), TIMEOUT, killGrace, out);
        try {
            SandboxResult result = sandbox.start(spec).await();
            return result.exitCode() == 0 && result.stoppedBy().isEmpty() ? versionIn(out) : Optional.empty();
        } catch (IOException e) {
            LOG.warnf("Asking the binary version... failed binary=%s cause=%s", binary, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // stderr is merged into the output: read the JSON object only, so a warning line around it does no harm.
    private static Optional<String> versionIn(ByteArrayOutputStream out) throws IOException {
        String text = out.toString(StandardCharsets.UTF_8);
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            return Optional.empty();
        }
        String version = JSON.readTree(text.substring(start, end + 1)).path("terraform_version").asText("");
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
