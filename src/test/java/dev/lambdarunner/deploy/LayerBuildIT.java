package dev.lambdarunner.deploy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/layer/build.sh against a fake release served on loopback (or read with --from-dir): a good release
 * becomes a layer zip with bin/terraform; a checksum mismatch, a missing checksum line, a bad signature or a
 * signature by another key fail loudly (exit 3, one clear line) and leave no layer behind.
 */
class LayerBuildIT {

    private static final Path SCRIPT = DeployTool.REPO.resolve("deploy/layer/build.sh");

    @TempDir
    static Path keyDir;
    private static Path gnupgHome;
    private static Path keyFile;
    private static String fingerprint;

    @TempDir
    Path work;
    private FakeRelease release;
    private ReleaseServer server;
    private Path out;

    @BeforeAll
    static void signingKey() throws IOException {
        DeployTool.require("gpg", "apt-get install gnupg");
        DeployTool.require("zip", "apt-get install zip");
        DeployTool.require("unzip", "apt-get install unzip");
        gnupgHome = FakeRelease.newSigningKey(keyDir);
        fingerprint = FakeRelease.fingerprint(gnupgHome);
        keyFile = FakeRelease.exportKey(gnupgHome, keyDir.resolve("release-key.asc"));
    }

    @BeforeEach
    void release() throws IOException {
        release = new FakeRelease(Files.createDirectories(work.resolve("release")), "terraform", gnupgHome);
        server = new ReleaseServer(release.dir());
        out = work.resolve("out");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void scriptIsShellcheckClean() {
        DeployTool.require("shellcheck", "apt-get install shellcheck; .ci/run installs it");

        DeployTool.Result lint = DeployTool.run(DeployTool.REPO, Map.of(), Duration.ofMinutes(1), "shellcheck", SCRIPT.toString());

        assertThat(lint.exitCode()).as(lint.all()).isZero();
    }

    @Test
    void verifiedReleaseBecomesLayerWithBinTerraform() throws IOException {
        DeployTool.Result build = build(trustedKey(), "--version", FakeRelease.VERSION, "--base-url", server.baseUrl(),
                "--key-file", keyFile.toString(), "--require-signature", "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isZero();
        assertThat(build.stderr())
                .contains("signature of terraform_1.11.4_SHA256SUMS: good, key " + fingerprint)
                .contains("checksum of terraform_1.11.4_linux_amd64.zip: ok");
        assertThat(server.requested()).containsExactly(release.sums(), release.signature(), release.archive("amd64"));
        assertThat(entries()).containsExactly("bin/", "bin/terraform");
        assertThat(content("bin/terraform")).isEqualTo(release.binary("amd64"));
        assertThat(unixModes()).containsEntry("bin/terraform", "-rwxr-xr-x");
    }

    @Test
    void sameReleaseGivesTheSameZip() throws IOException {
        build(trustedKey(), "--version", FakeRelease.VERSION, "--from-dir", release.dir().toString(), "--out", out.toString());
        byte[] first = Files.readAllBytes(out.resolve("terraform-layer.zip"));

        DeployTool.Result again = build(trustedKey(), "--version", FakeRelease.VERSION, "--from-dir", release.dir().toString(), "--out", out.toString());

        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(Files.readAllBytes(out.resolve("terraform-layer.zip"))).isEqualTo(first);
    }

    @Test
    void arm64TakesTheArm64Archive() throws IOException {
        DeployTool.Result build = build(trustedKey(), "--version", FakeRelease.VERSION, "--arch", "arm64", "--base-url", server.baseUrl(),
                "--key-file", keyFile.toString(), "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isZero();
        assertThat(server.requested()).contains(release.archive("arm64")).doesNotContain(release.archive("amd64"));
        assertThat(content("bin/terraform")).isEqualTo(release.binary("arm64"));
    }

    @Test
    void checksumMismatchFailsLoudlyAndLeavesNoLayer() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("terraform-layer.zip"), "an older build");
        release.tamperArchive("amd64");

        DeployTool.Result build = build(trustedKey(), "--version", FakeRelease.VERSION, "--base-url", server.baseUrl(),
                "--key-file", keyFile.toString(), "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isEqualTo(3);
        assertThat(build.stderr()).containsPattern(
                "layer: verifying terraform_1\\.11\\.4_linux_amd64\\.zip: checksum mismatch \\(SHA256SUMS says [0-9a-f]{64}, the file is [0-9a-f]{64}\\)");
        assertThat(out.resolve("terraform-layer.zip")).doesNotExist();
    }

    @Test
    void archiveMissingFromSumsFails() throws IOException {
        release.rewriteSums(release.sumsContent().lines().filter(line -> !line.contains("amd64")).reduce("", (a, b) -> a + b + "\n"));
        release.sign();

        DeployTool.Result build = build(trustedKey(), "--version", FakeRelease.VERSION, "--from-dir", release.dir().toString(),
                "--key-file", keyFile.toString(), "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isEqualTo(3);
        assertThat(build.stderr()).contains("verifying terraform_1.11.4_linux_amd64.zip: no line for it in terraform_1.11.4_SHA256SUMS");
    }

    @Test
    void sumsChangedAfterSigningFailTheSignature() throws IOException {
        release.tamperArchive("amd64");
        String forged = FakeRelease.sha256(release.dir().resolve(release.archive("amd64"))) + "  " + release.archive("amd64") + "\n";
        release.rewriteSums(forged);

        DeployTool.Result build = build(trustedKey(), "--version", FakeRelease.VERSION, "--base-url", server.baseUrl(),
                "--key-file", keyFile.toString(), "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isEqualTo(3);
        assertThat(build.stderr()).contains("layer: verifying terraform_1.11.4_SHA256SUMS: bad or missing signature in terraform_1.11.4_SHA256SUMS.sig");
        assertThat(server.requested()).doesNotContain(release.archive("amd64"));
        assertThat(out.resolve("terraform-layer.zip")).doesNotExist();
    }

    @Test
    void signatureByAnotherKeyThanHashiCorpsFails() {
        DeployTool.Result build = build(Map.of(), "--version", FakeRelease.VERSION, "--base-url", server.baseUrl(),
                "--key-file", keyFile.toString(), "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isEqualTo(3);
        assertThat(build.stderr()).contains("signed by key " + fingerprint + ", expected C874011F0AB405110D02105534365D9472D7468F");
    }

    @Test
    void withoutGpgOnlyTheChecksumIsVerifiedAndSaidSo(@TempDir Path bin) throws IOException {
        Map<String, String> env = new HashMap<>(trustedKey());
        env.put("PATH", pathWithout(bin, "gpg"));

        DeployTool.Result build = build(env, "--version", FakeRelease.VERSION, "--from-dir", release.dir().toString(), "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isZero();
        assertThat(build.stderr()).contains("layer: warning: gpg not found: the signature of terraform_1.11.4_SHA256SUMS is NOT verified (checksum only)");

        DeployTool.Result required = build(env, "--version", FakeRelease.VERSION, "--from-dir", release.dir().toString(),
                "--require-signature", "--out", out.toString());

        assertThat(required.exitCode()).as(required.all()).isEqualTo(3);
        assertThat(required.stderr()).contains("gpg not found and --require-signature given");
    }

    @Test
    void requiredSignatureThatIsMissingFails() throws IOException {
        release.removeSignature();

        DeployTool.Result build = build(trustedKey(), "--version", FakeRelease.VERSION, "--base-url", server.baseUrl(),
                "--key-file", keyFile.toString(), "--require-signature", "--out", out.toString());

        assertThat(build.exitCode()).as(build.all()).isEqualTo(3);
        assertThat(build.stderr()).contains("signature file terraform_1.11.4_SHA256SUMS.sig not found");
    }

    @Test
    void openTofuReleaseBecomesLayerWithBinTofu() throws IOException {
        FakeRelease tofu = new FakeRelease(Files.createDirectories(work.resolve("tofu")), "tofu", gnupgHome);
        try (ReleaseServer tofuServer = new ReleaseServer(tofu.dir())) {
            DeployTool.Result build = build(trustedKey(), "--tool", "tofu", "--version", FakeRelease.VERSION, "--base-url", tofuServer.baseUrl(),
                    "--key-file", keyFile.toString(), "--require-signature", "--out", out.toString());

            assertThat(build.exitCode()).as(build.all()).isZero();
            assertThat(tofuServer.requested()).containsExactly("tofu_1.11.4_SHA256SUMS", "tofu_1.11.4_SHA256SUMS.gpgsig", "tofu_1.11.4_linux_amd64.zip");
            assertThat(entries()).containsExactly("bin/", "bin/tofu");
        }
    }

    @Test
    void badUsageIsRefusedBeforeAnythingIsFetched() {
        DeployTool.Result arch = build(Map.of(), "--version", FakeRelease.VERSION, "--arch", "sparc", "--base-url", server.baseUrl());
        DeployTool.Result plain = build(Map.of(), "--version", FakeRelease.VERSION, "--base-url", "http://releases.example.com/terraform");
        DeployTool.Result noVersion = build(Map.of(), "--base-url", server.baseUrl());

        assertThat(arch.exitCode()).isEqualTo(2);
        assertThat(arch.stderr()).contains("arch 'sparc': must be x86_64 or arm64");
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.stderr()).contains("only https (or http to loopback) is allowed");
        assertThat(noVersion.exitCode()).isEqualTo(2);
        assertThat(noVersion.stderr()).contains("--version is required");
        assertThat(server.requested()).isEmpty();
    }

    private static Map<String, String> trustedKey() {
        return Map.of("LAYER_EXPECTED_FINGERPRINT", fingerprint);
    }

    private DeployTool.Result build(Map<String, String> env, String... args) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv("PATH"));
        environment.put("HOME", work.toString());
        environment.putAll(env);
        List<String> argv = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        argv.addAll(List.of(args));
        return DeployTool.runWithOnly(work, environment, Duration.ofMinutes(1), argv);
    }

    /** A PATH of links to everything on the current PATH but {@code program}. */
    private static String pathWithout(Path bin, String program) throws IOException {
        for (String entry : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path dir = Path.of(entry);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Path link = bin.resolve(file.getFileName());
                    if (!file.getFileName().toString().equals(program) && Files.isExecutable(file) && !Files.exists(link)) {
                        Files.createSymbolicLink(link, file);
                    }
                }
            }
        }
        return bin.toString();
    }

    private List<String> entries() throws IOException {
        try (ZipFile zip = new ZipFile(out.resolve("terraform-layer.zip").toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    private byte[] content(String entry) throws IOException {
        try (ZipFile zip = new ZipFile(out.resolve("terraform-layer.zip").toFile())) {
            return zip.getInputStream(zip.getEntry(entry)).readAllBytes();
        }
    }

    /** Unix permissions of the zip's entries, as unzip -Z shows them. */
    private Map<String, String> unixModes() {
        DeployTool.Result listing = DeployTool.run(work, Map.of(), Duration.ofSeconds(30), "unzip", "-Z", out.resolve("terraform-layer.zip").toString());
        Map<String, String> modes = new HashMap<>();
        listing.stdout().lines().filter(line -> line.matches("^[-d][rwx-]{9} .*")).forEach(line -> {
            String[] fields = line.trim().split("\\s+");
            modes.put(fields[fields.length - 1], fields[0]);
        });
        return modes;
    }
}
