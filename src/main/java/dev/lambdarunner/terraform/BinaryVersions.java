package dev.lambdarunner.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The version of each configured binary, asked once per runner process ({@code <binary> version -json}, which
 * Terraform and OpenTofu both answer with {@code terraform_version}) and only when a job's log needs it, so the
 * usual job pays nothing. Outside the job sandbox: no job input reaches the call, and it gets an empty
 * environment besides {@code CHECKPOINT_DISABLE}. An unknown version is empty, never a failure.
 */
final class BinaryVersions {

    private static final Logger LOG = Logger.getLogger(BinaryVersions.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<Path, Optional<String>> known = new ConcurrentHashMap<>();

    Optional<String> of(Path binary) {
        return known.computeIfAbsent(binary, BinaryVersions::ask);
    }

    private static Optional<String> ask(Path binary) {
        ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString(), "version", "-json"))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String version = JSON.readTree(out).path("terraform_version").asText("");
            return version.isEmpty() ? Optional.empty() : Optional.of(version);
        } catch (IOException e) {
            LOG.warnf("Asking the binary version failed binary=%s cause=%s", binary, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
