package dev.lambdarunner.artifacts;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Unpacks a dependency's artifacts archive into the project directory, refusing the whole archive at the first entry
 * that could land outside it: {@code ..} or absolute names, entries below a symlink (also one the same archive
 * created), symlinks whose target leaves the project directory, and archives past the size or entry limits. Nothing
 * is ever written through a symlink: an existing file or link at an entry's place is replaced, not written into.
 * Files get owner-only modes (executable if the archive says so).
 */
public final class ArchiveExtractor {

    private static final int MAX_LINK_TARGET = 4096;

    /**
     * @param maxBytes   the most bytes all entries may expand to together
     * @param maxEntries the most entries an archive may have
     */
    public record Limits(long maxBytes, int maxEntries) {
    }

    private ArchiveExtractor() {
    }

    /** @return the number of entries written */
    public static int extract(Path archive, Path projectDir, Limits limits) throws IOException {
        Path root = projectDir.toAbsolutePath().normalize();
        List<Path> links = new ArrayList<>();
        int count;
        Optional<String> escaped;
        try {
            count = extractEntries(archive, root, limits, links);
        } finally {
            // Also after a refusal: links made before it may already lead outside together.
            escaped = removeLinksLeadingOutside(root, links);
        }
        if (escaped.isPresent()) {
            throw new UnsafeArchiveException(escaped.get(), "symlink resolves outside the project directory");
        }
        return count;
    }

    private static int extractEntries(Path archive, Path root, Limits limits, List<Path> links) throws IOException {
        int count = 0;
        long written = 0;
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (++count > limits.maxEntries()) {
                    throw new UnsafeArchiveException(entry.getName(), "more than " + limits.maxEntries() + " entries");
                }
                EntryMethod.requireReadable(entry);
                Path target = EntryPath.resolve(root, entry.getName());
                if (entry.isUnixSymlink()) {
                    links.add(link(zip, entry, root, target));
                } else if (entry.isDirectory()) {
                    directory(entry.getName(), target);
                } else {
                    written += file(zip, entry, target, limits.maxBytes() - written);
                }
            }
        }
        return count;
    }

    private static void directory(String name, Path target) throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw new UnsafeArchiveException(name, "the directory would replace the symlink at that path");
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(target);
            Files.createDirectory(target);
        }
    }

    private static long file(ZipFile zip, ZipArchiveEntry entry, Path target, long budget) throws IOException {
        replace(entry.getName(), target);
        boolean executable = (entry.getUnixMode() & 0100) != 0;
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                executable ? "rwx------" : "rw-------")));
        long copied = 0;
        try (InputStream in = zip.getInputStream(entry);
             OutputStream out = Files.newOutputStream(target, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                copied += n;
                if (copied > budget) {
                    throw new UnsafeArchiveException(entry.getName(), "the archive expands past the limit");
                }
                out.write(buffer, 0, n);
            }
        }
        return copied;
    }

    private static Path link(ZipFile zip, ZipArchiveEntry entry, Path root, Path target) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_LINK_TARGET + 1);
        }
        String linkTarget = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length > MAX_LINK_TARGET || !EntryPath.linkStaysInside(root, target, linkTarget)) {
            throw new UnsafeArchiveException(entry.getName(), "symlink to '" + linkTarget
                    + "' points outside the project directory");
        }
        replace(entry.getName(), target);
        Files.createSymbolicLink(target, Path.of(linkTarget));
        return target;
    }

    /** Removes what is at {@code target} (a file or a link, never what a link points to); refuses a directory. */
    private static void replace(String name, Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException(name, "a directory exists at that path");
        }
        Files.deleteIfExists(target);
    }

    /**
     * Symlinks through symlinks can escape where each one alone did not: checks where every link the archive made
     * really leads and removes each that leads outside (removing one only makes links through it dangle).
     *
     * @return the first such link, relative to the project directory
     */
    private static Optional<String> removeLinksLeadingOutside(Path root, List<Path> links) throws IOException {
        Path realRoot = root.toRealPath();
        Optional<String> first = Optional.empty();
        for (Path link : links) {
            Path real;
            try {
                real = link.toRealPath();
            } catch (IOException dangling) {
                continue;
            }
            if (!real.startsWith(realRoot)) {
                Files.deleteIfExists(link);
                first = first.or(() -> Optional.of(root.relativize(link).toString()));
            }
        }
        return first;
    }
}
