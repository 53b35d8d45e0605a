package dev.lambdarunner.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Terraform or OpenTofu release laid out as the vendor publishes it (zip per architecture, SHA256SUMS, and the
 * SUMS signature made by a throw-away gpg key), for the layer script to fetch offline.
 */
final class FakeRelease {

    static final String VERSION = "1.11.4";

    private final Path dir;
    private final String tool;
    private final Path gnupgHome;

    /** A release of {@code tool} in {@code dir}, signed with the key in {@code gnupgHome}. */
    FakeRelease(Path dir, String tool, Path gnupgHome) throws IOException {
        this.dir = dir;
        this.tool = tool;
        this.gnupgHome = gnupgHome;
        for (String arch : List.of("amd64", "arm64")) {
            writeArchive(arch, binary(arch));
        }
        writeSums();
        sign();
    }

    /** Creates a signing key in a new gpg home under {@code parent}; returns that home. */
    static Path newSigningKey(Path parent) throws IOException {
        Path home = Files.createDirectories(parent.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        gpg(home, "--passphrase", "", "--quick-gen-key", "Fake Release Signing <release@example.invalid>", "ed25519", "sign", "never");
        return home;
    }

    /** The signing key's fingerprint (what the script must be told to expect instead of the vendor's). */
    static String fingerprint(Path gnupgHome) {
        DeployTool.Result keys = gpg(gnupgHome, "--with-colons", "--list-keys");
        return keys.stdout().lines().filter(line -> line.startsWith("fpr:")).findFirst()
                .map(line -> line.split(":")[9]).orElseThrow(() -> new AssertionError("no key in " + gnupgHome));
    }

    /** The armored public key, as a file the script can be given with --key-file. */
    static Path exportKey(Path gnupgHome, Path file) throws IOException {
        DeployTool.Result exported = gpg(gnupgHome, "--armor", "--export");
        Files.writeString(file, exported.stdout());
        return file;
    }

    Path dir() {
        return dir;
    }

    String archive(String goArch) {
        return tool + "_" + VERSION + "_linux_" + goArch + ".zip";
    }

    String sums() {
        return tool + "_" + VERSION + "_SHA256SUMS";
    }

    String signature() {
        return sums() + (tool.equals("tofu") ? ".gpgsig" : ".sig");
    }

    /** The executable the archive for {@code goArch} holds. */
    byte[] binary(String goArch) {
        return ("#!/bin/sh\necho " + tool + " " + VERSION + " " + goArch + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the archive after SUMS was written: its checksum no longer matches. */
    void tamperArchive(String goArch) throws IOException {
        writeArchive(goArch, "#!/bin/sh\necho something else\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Rewrites SUMS (keeping the old signature, which then no longer matches). */
    void rewriteSums(String content) throws IOException {
        Files.writeString(dir.resolve(sums()), content);
    }

    String sumsContent() throws IOException {
        return Files.readString(dir.resolve(sums()));
    }

    void sign() {
        Path signature = dir.resolve(signature());
        gpg(gnupgHome, "--yes", "--output", signature.toString(), "--detach-sign", dir.resolve(sums()).toString());
    }

    void removeSignature() throws IOException {
        Files.delete(dir.resolve(signature()));
    }

    private void writeArchive(String goArch, byte[] content) throws IOException {
        try (OutputStream file = Files.newOutputStream(dir.resolve(archive(goArch))); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("LICENSE.txt"));
            zip.write("license text\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(tool));
            zip.write(content);
            zip.closeEntry();
        }
    }

    private void writeSums() throws IOException {
        StringBuilder sums = new StringBuilder();
        for (String arch : List.of("amd64", "arm64")) {
            sums.append(sha256(dir.resolve(archive(arch)))).append("  ").append(archive(arch)).append('\n');
        }
        Files.writeString(dir.resolve(sums()), sums.toString());
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    private static DeployTool.Result gpg(Path home, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "gpg";
        argv[1] = "--batch";
        System.arraycopy(args, 0, argv, 2, args.length);
        DeployTool.Result result = DeployTool.run(home, Map.of("GNUPGHOME", home.toString()), Duration.ofMinutes(1), argv);
        if (result.exitCode() != 0) {
            throw new AssertionError("gpg " + String.join(" ", args) + " failed\n" + result.all());
        }
        return result;
    }
}
