package dev.lambdarunner.artifacts;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compression methods: what GitLab's runners write is read; an entry whose decoder this build leaves out (Zstandard:
 * zstd-jni, an optional JNI library of commons-compress, absent here and substituted away in the native executable)
 * is refused with a message naming the method, in the JVM too (where commons-compress would otherwise fail with a
 * NoClassDefFoundError), before anything of the archive's entries is read.
 */
class ArchiveMethodTest {

    private static final ArchiveExtractor.Limits LIMITS = new ArchiveExtractor.Limits(1 << 20, 100);

    @TempDir
    Path root;

    @Test
    void storedAndDeflatedEntriesAreRead() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path zip = zip(new Method("stored.txt", ZipMethod.STORED.getCode()), new Method("deflated.txt", ZipMethod.DEFLATED.getCode()));

        assertThat(ArchiveExtractor.extract(zip, project, LIMITS)).isEqualTo(2);
        assertThat(project.resolve("stored.txt")).hasContent("content of stored.txt");
        assertThat(project.resolve("deflated.txt")).hasContent("content of deflated.txt");
    }

    @ParameterizedTest
    @EnumSource(value = ZipMethod.class, names = {"ZSTD", "ZSTD_DEPRECATED"})
    void anEntryWhoseDecoderIsNotShippedIsRefusedNamingTheMethod(ZipMethod method) throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path zip = zip(new Method("plan.cache", method.getCode()));

        assertThatThrownBy(() -> ArchiveExtractor.extract(zip, project, LIMITS))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage("entry 'plan.cache': compression method " + method + " (" + method.getCode()
                        + ") is not supported by this runner");
        assertThat(project).isEmptyDirectory();
    }

    @Test
    void anXzEntryIsReadWithTheShippedDecoder() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path zip = zip(new Method("plan.json", ZipMethod.XZ.getCode()));

        assertThat(ArchiveExtractor.extract(zip, project, LIMITS)).isEqualTo(1);
        assertThat(project.resolve("plan.json")).hasContent("content of plan.json");
    }

    record Method(String name, int code) {
    }

    /** Entries with the given method codes: XZ bodies compressed with XZ, others but deflated written as they are. */
    private Path zip(Method... entries) throws IOException {
        Path zip = root.resolve("a.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip.toFile())) {
            for (Method m : entries) {
                byte[] content = ("content of " + m.name()).getBytes(StandardCharsets.UTF_8);
                ZipArchiveEntry entry = new ZipArchiveEntry(m.name());
                entry.setMethod(m.code());
                if (m.code() == ZipMethod.STORED.getCode()) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    entry.setSize(content.length);
                    entry.setCrc(crc.getValue());
                }
                out.putArchiveEntry(entry);
                out.write(m.code() == ZipMethod.XZ.getCode() ? xz(content) : content);
                out.closeArchiveEntry();
            }
        }
        return zip;
    }

    private static byte[] xz(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(bytes, new LZMA2Options())) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
