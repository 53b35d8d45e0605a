package dev.lambdarunner.artifacts;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps symlinks from leading outside the project directory together, where each one read alone stays inside
 * ({@code l -> .} and {@code a -> l/../x}). The rule: no symlink's target passes through another symlink. Every
 * place a target passes through before its last segment, read lexically from the link's directory, must not be a
 * symlink: neither one on disk when the link is made nor one made later at that place. Those places are then real
 * directories or absent (and an absent one can only become a real directory, a file or nothing), so the lexical
 * reading of every link is its physical one, dangling or not, whatever the order of entries. A last segment may be
 * a symlink: that one is held to the same rule.
 *
 * <p>Resolving each target physically through what is on disk was the alternative; it cannot judge a dangling
 * target, whose meaning changes when a later entry (or a later dependency's archive) makes a link on its way. The
 * rule judges every link when it is made, and refuses only chains that legitimate artifacts hardly hold.
 */
final class SymlinkGuard {

    private final Path root;
    /** Each place some symlink's target passes through (not its last segment), with that symlink. */
    private final Map<Path, Path> passages = new HashMap<>();

    private SymlinkGuard(Path root) {
        this.root = root;
    }

    /** A guard that knows the symlinks already in the project directory (the checkout's, an earlier archive's). */
    static SymlinkGuard scan(Path root) throws IOException {
        SymlinkGuard guard = new SymlinkGuard(root);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    guard.add(file, Files.readSymbolicLink(file).toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return guard;
    }

    /**
     * Checks a symlink the archive entry {@code name} would make at {@code link} pointing to {@code target}: the
     * target stays inside lexically, passes through no symlink, and no known target passes through {@code link}.
     */
    void check(String name, Path link, String target) throws UnsafeArchiveException {
        List<Path> walk = EntryPath.linkWalk(root, link, target).orElseThrow(() -> new UnsafeArchiveException(name,
                "symlink to '" + target + "' points outside the project directory"));
        for (Path place : walk.subList(0, Math.max(0, walk.size() - 1))) {
            if (Files.isSymbolicLink(place)) {
                throw new UnsafeArchiveException(name, "symlink to '" + target + "' goes through the symlink "
                        + root.relativize(place));
            }
        }
        Path through = passages.get(link);
        if (through != null) {
            throw new UnsafeArchiveException(name, "a symlink here would redirect the symlink "
                    + root.relativize(through));
        }
    }

    /** Records the places the target of {@code link} passes through; targets leading outside record nothing. */
    void add(Path link, String target) {
        Optional<List<Path>> walk = EntryPath.linkWalk(root, link, target);
        walk.ifPresent(places -> places.subList(0, Math.max(0, places.size() - 1))
                .forEach(place -> passages.putIfAbsent(place, link)));
    }
}
