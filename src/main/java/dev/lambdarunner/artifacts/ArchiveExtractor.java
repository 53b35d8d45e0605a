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

/**
 * Unpacks a dependency's artifacts archive into the project directory, refusing the whole archive at the first entry
 * that could land outside it: {@code ..} or absolute names, entries below a symlink (also one the same archive
 * created), symlinks whose target leaves the project directory or passes through another symlink (see
 * {@link SymlinkGuard}), and archives past the size or entry limits. A refused archive leaves none of its symlinks
 * behind. Nothing is ever written through a symlink: an existing file or link at an entry's place is replaced, not
 * written into. Directories an entry needs but the archive does not list ({@code build/out/plan.cache} alone) are
 * created. Files get owner-only modes (executable if the archive says so).
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
        SymlinkGuard guard = SymlinkGuard.scan(root);
        List<Path> links = new ArrayList<>();
        boolean accepted = false;
        try {
            int count = extractEntries(archive, new Target(root, guard, links), limits);
            refuseLinksLeadingOutside(root, links);
            accepted = true;
            return count;
        } finally {
            if (!accepted) {
                removeLinks(links);
            }
        }
    }

    /** Where entries go, and what checks and records the symlinks made there. */
    private record Target(Path root, SymlinkGuard guard, List<Path> links) {
    }

    private static int extractEntries(Path archive, Target to, Limits limits) throws IOException {
        int count = 0;
        long written = 0;
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (++count > limits.maxEntries()) {
                    throw new UnsafeArchiveException(entry.getName(), "more than " + limits.maxEntries() + " entries");
                }
                EntryMethod.requireReadable(entry);
                Path target = EntryPath.resolve(to.root(), entry.getName());
                // resolve() found no symlink and no file on the way, so the missing directories are made for real
                Files.createDirectories(target.getParent());
                if (entry.isUnixSymlink()) {
                    link(zip, entry, to, target);
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

    private static void link(ZipFile zip, ZipArchiveEntry entry, Target to, Path target) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_LINK_TARGET + 1);
        }
        String linkTarget = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length > MAX_LINK_TARGET) {
            throw new UnsafeArchiveException(entry.getName(), "symlink target longer than " + MAX_LINK_TARGET + " bytes");
        }
        to.guard().check(entry.getName(), target, linkTarget);
        replace(entry.getName(), target);
        Files.createSymbolicLink(target, Path.of(linkTarget));
        to.links().add(target);
        to.guard().add(target, linkTarget);
    }

    /** Removes what is at {@code target} (a file or a link, never what a link points to); refuses a directory. */
    private static void replace(String name, Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException(name, "a directory exists at that path");
        }
        Files.deleteIfExists(target);
    }

    /**
     * Defence in depth behind {@link SymlinkGuard}, and the one check for a link whose last segment is a symlink of
     * the checkout that leads outside: where every link the archive made really leads, now. A dangling link is
     * judged by the guard alone.
     */
    private static void refuseLinksLeadingOutside(Path root, List<Path> links) throws IOException {
        Path realRoot = root.toRealPath();
        for (Path link : links) {
            Path real;
            try {
                real = link.toRealPath();
            } catch (IOException dangling) {
                continue;
            }
            if (!real.startsWith(realRoot)) {
                throw new UnsafeArchiveException(root.relativize(link).toString(),
                        "symlink resolves outside the project directory");
            }
        }
    }

    /** Best effort on the way out of a refusal: the job fails and its workspace is removed after it anyway. */
    private static void removeLinks(List<Path> links) {
        for (Path link : links) {
            try {
                if (Files.isSymbolicLink(link)) {
                    Files.delete(link);
                }
            } catch (IOException e) {
                // keep removing the others
            }
        }
    }
}
