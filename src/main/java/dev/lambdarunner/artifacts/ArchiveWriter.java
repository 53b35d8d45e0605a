package dev.lambdarunner.artifacts;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the artifact file for upload in the entry's {@code artifact_format}: {@code zip} (paths relative to the
 * project directory, Unix modes kept, symlinks stored as links and never followed), {@code gzip} (one gzip member
 * per file, as gitlab-runner writes reports) or {@code raw} (the single file's bytes).
 */
public final class ArchiveWriter {

    private static final int SYMLINK = 0120000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 040000;

    private ArchiveWriter() {
    }

    /** A zip of {@code entries} (relative, slash-separated) at {@code target}; returns the number of entries. */
    public static int zip(Path projectDir, List<String> entries, Path target) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target.toFile())) {
            for (String name : entries) {
                Path path = projectDir.resolve(name);
                PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isSymbolicLink()) {
                    putLink(zip, name, path, attrs);
                } else if (attrs.isDirectory()) {
                    ZipArchiveEntry entry = new ZipArchiveEntry(name + "/");
                    entry.setUnixMode(DIRECTORY | mode(attrs.permissions()));
                    entry.setTime(attrs.lastModifiedTime().toMillis());
                    zip.putArchiveEntry(entry);
                    zip.closeArchiveEntry();
                } else if (attrs.isRegularFile()) {
                    ZipArchiveEntry entry = new ZipArchiveEntry(name);
                    entry.setUnixMode(REGULAR | mode(attrs.permissions()));
                    entry.setTime(attrs.lastModifiedTime().toMillis());
                    zip.putArchiveEntry(entry);
                    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                        in.transferTo(zip);
                    }
                    zip.closeArchiveEntry();
                }
            }
            zip.finish();
        }
        return entries.size();
    }

    /** Each regular file of {@code entries} as its own gzip member, concatenated (a valid multi-member gzip). */
    public static void gzip(Path projectDir, List<String> entries, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            for (String name : regularFiles(projectDir, entries)) {
                GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(out));
                try (InputStream in = Files.newInputStream(projectDir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    in.transferTo(gz);
                }
                gz.finish();
            }
        }
    }

    /**
     * The one regular file a raw report consists of.
     *
     * @throws IOException "... matched N files; a raw artifact is exactly one file" otherwise
     */
    public static Path raw(Path projectDir, List<String> entries) throws IOException {
        List<String> files = regularFiles(projectDir, entries);
        if (files.size() != 1) {
            throw new IOException("matched " + files.size() + " files; a raw artifact is exactly one regular file");
        }
        return projectDir.resolve(files.get(0));
    }

    private static List<String> regularFiles(Path projectDir, List<String> entries) {
        return entries.stream().filter(e -> Files.isRegularFile(projectDir.resolve(e), LinkOption.NOFOLLOW_LINKS))
                .toList();
    }

    private static void putLink(ZipArchiveOutputStream zip, String name, Path path, PosixFileAttributes attrs)
            throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(SYMLINK | 0777);
        entry.setTime(attrs.lastModifiedTime().toMillis());
        zip.putArchiveEntry(entry);
        zip.write(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    /** Lets each gzip member finish without closing the file under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
