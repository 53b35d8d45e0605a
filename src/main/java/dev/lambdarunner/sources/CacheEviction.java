package dev.lambdarunner.sources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the project caches under {@code root} within {@code maxBytes} together: deletes the least recently used
 * first (last use is the mtime of its lock file), skipping any another job holds right now. Lock files stay.
 */
final class CacheEviction {
    private final Path root;
    private final long maxBytes;

    CacheEviction(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    void evict() {
        try {
            List<Entry> entries = entries();
            long total = entries.stream().mapToLong(Entry::bytes).sum();
            for (Entry entry : entries) {
                if (total <= maxBytes) {
                    return;
                }
                if (delete(entry)) {
                    total -= entry.bytes();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the bound is checked again after the next job
        }
    }

    private List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(p -> p.getFileName().toString().endsWith(".git"))::iterator) {
                Path lock = lockFile(dir);
                FileTime used = Files.exists(lock) ? Files.getLastModifiedTime(lock) : FileTime.fromMillis(0);
                entries.add(new Entry(dir, lock, used, size(dir)));
            }
        }
        entries.sort(Comparator.comparing(Entry::lastUsed));
        return entries;
    }

    private static boolean delete(Entry entry) throws IOException {
        Optional<CacheLock> held = CacheLock.tryAcquire(entry.lockFile());
        if (held.isEmpty()) {
            return false;
        }
        try (CacheLock lock = held.get()) {
            deleteTree(entry.dir());
            return true;
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static Path lockFile(Path dir) {
        String name = dir.getFileName().toString();
        return dir.resolveSibling(name.substring(0, name.length() - ".git".length()) + ".lock");
    }

    /** Deletes {@code dir} and everything under it, never following a link; nothing when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private record Entry(Path dir, Path lockFile, FileTime lastUsed, long bytes) {
    }
}
