package dev.lambdarunner.gitlab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code info} object the runner sends on verify, job request and job update. GitLab stores it as the
 * runner manager's details and {@code features} as its runtime features (which decide what jobs it gets).
 *
 * @param architecture Go-style name ({@code amd64}, {@code arm64}), also used in the User-Agent
 * @param features     feature flag per key, in sending order; see {@link #current(String)}
 */
public record RunnerInfo(String name, String version, String revision, String platform, String architecture,
                         String executor, String shell, Map<String, Boolean> features) {

    /** The product name, sent as {@code info.name} and in the User-Agent. */
    public static final String PRODUCT = "lambda-gitlab-runner-for-terraform";

    public RunnerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(shell, "shell");
        Objects.requireNonNull(features, "features");
        features.forEach((key, value) -> Objects.requireNonNull(value, () -> "feature flag " + key));
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /**
     * This runner on this machine: executor {@code lambda-terraform}, no shell, revision {@code unknown}, and
     * every feature key GitLab Runner sends, {@code true} exactly for what this runner implements.
     */
    public static RunnerInfo current(String version) {
        return new RunnerInfo(PRODUCT, version, "unknown", "linux", goArch(System.getProperty("os.arch", "")),
                "lambda-terraform", "none", RunnerFeatures.advertised());
    }

    /** Java's {@code os.arch} in Go's spelling, which GitLab shows and CI_RUNNER_EXECUTABLE_ARCH uses. */
    static String goArch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> arch.isEmpty() ? "unknown" : arch;
        };
    }
}
