package dev.lambdarunner.e2e;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A packed provider mirror, as {@code terraform providers mirror} writes it, holding {@code example.com/test/fake}
 * 1.0.0 for this machine: a stand-in executable that exits 1, so that only its checksum and where Terraform found
 * it matter.
 */
final class FakeProviderMirror {

    /** Terraform's name for this machine's architecture. */
    static final String ARCH = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";

    private FakeProviderMirror() {
    }

    /** Writes the mirror into {@code mirror} and returns it. */
    static Path writeTo(Path mirror) throws IOException {
        Path dir = Files.createDirectories(mirror.resolve("example.com/test/fake"));
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(
                dir.resolve("terraform-provider-fake_1.0.0_linux_" + ARCH + ".zip").toFile())) {
            ZipArchiveEntry entry = new ZipArchiveEntry("terraform-provider-fake_v1.0.0");
            entry.setUnixMode(0100755);
            out.putArchiveEntry(entry);
            out.write("#!/bin/sh\nexit 1\n".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        return mirror;
    }
}
