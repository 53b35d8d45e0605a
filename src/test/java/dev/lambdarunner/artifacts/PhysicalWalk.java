package dev.lambdarunner.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Follows a symlink the way the kernel does, one segment at a time through every link on the way, but reads a
 * segment that does not exist as a directory that could still appear: a dangling link is judged by where it would
 * lead once its target exists. Written apart from the extractor's own check, so that the property tests that check.
 */
final class PhysicalWalk {

    private static final int MAX_LINKS = 40; // Linux's MAXSYMLINKS: more is ELOOP, which leads nowhere

    private PhysicalWalk() {
    }

    /** Whether every place {@code link} passes through on the way to its end is inside {@code realRoot}. */
    static boolean staysInside(Path realRoot, Path link) {
        try {
            Path current = link.getParent().toRealPath();
            Deque<String> todo = new ArrayDeque<>(Arrays.asList(Files.readSymbolicLink(link).toString().split("/")));
            if (Files.readSymbolicLink(link).isAbsolute()) {
                current = Path.of("/");
            }
            for (int links = 0; !todo.isEmpty(); ) {
                String segment = todo.pop();
                if (segment.isEmpty() || segment.equals(".")) {
                    continue;
                }
                current = segment.equals("..") ? parent(current) : current.resolve(segment);
                if (!current.startsWith(realRoot)) {
                    return false;
                }
                if (Files.isSymbolicLink(current)) {
                    if (++links > MAX_LINKS) {
                        return true;
                    }
                    Path next = Files.readSymbolicLink(current);
                    current = next.isAbsolute() ? Path.of("/") : current.getParent();
                    String[] more = next.toString().split("/");
                    for (int i = more.length - 1; i >= 0; i--) {
                        todo.push(more[i]);
                    }
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path parent(Path path) {
        return path.getParent() == null ? path : path.getParent();
    }
}
