package dev.lambdarunner.e2e;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Artifact archives built by hand, for dependencies whose archive no job of the test made (a hostile one). */
final class ArtifactZip {

    private ArtifactZip() {
    }

    /**
     * A zip of {@code entries} (name to content), in name order. A name ending in {@code /} is a directory; a
     * content starting with {@code ->} makes a symlink to the rest.
     */
    static byte[] of(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                String content = e.getValue();
                if (content.startsWith("->")) {
                    entry.setUnixMode(0120777);
                    content = content.substring(2);
                }
                out.putArchiveEntry(entry);
                out.write(content.getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
