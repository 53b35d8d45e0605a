package dev.lambdarunner.poller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code system_id} that tells GitLab which runner manager (host) is polling, as gitlab-runner derives
 * it: {@code s_} + 12 hex chars of HMAC-SHA256(machine-id, "gitlab-runner"), else a random {@code r_} id
 * kept in {@code <work-dir>/.runner_system_id} so it is stable across restarts.
 * <p>
 * In Lambda there is no machine id and {@code /tmp} lives only as long as one execution environment, so a
 * stored id would make every cold start a new runner manager in GitLab's runner list. There the id is derived
 * from the function's region and name instead: every environment of one function is one manager.
 */
final class SystemId {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SystemId() {
    }

    static String of(Path workDir) {
        return of(workDir, System.getenv());
    }

    static String of(Path workDir, Map<String, String> env) {
        String function = env.get("AWS_LAMBDA_FUNCTION_NAME");
        if (function != null && !function.isBlank()) {
            return "s_" + hmac(env.getOrDefault("AWS_REGION", "") + ":" + function).substring(0, 12);
        }
        for (String file : new String[] {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
            try {
                String machineId = Files.readString(Path.of(file)).trim();
                if (!machineId.isEmpty()) {
                    return "s_" + hmac(machineId).substring(0, 12);
                }
            } catch (IOException | RuntimeException e) {
                // no machine id here (e.g. Lambda): fall through to the stored random id
            }
        }
        return stored(workDir.resolve(".runner_system_id"));
    }

    private static String stored(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file).trim();
                if (id.matches("r_[A-Za-z0-9]{12}")) {
                    return id;
                }
            }
            String id = random();
            Files.createDirectories(file.getParent());
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            return random();
        }
    }

    private static String random() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("r_");
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    private static String hmac(String machineId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(machineId.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("gitlab-runner".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
