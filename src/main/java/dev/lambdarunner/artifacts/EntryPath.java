package dev.lambdarunner.artifacts;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an archive entry may be written: below the project directory, through real directories only. Names are
 * taken apart by hand rather than given to {@link Path}: an absolute name, a drive letter, a backslash, a NUL, an
 * empty name or any {@code ..} segment is refused outright, whatever it would resolve to.
 */
final class EntryPath {

    private EntryPath() {
    }

    /** The segments of a safe entry name ({@code a/b/c} or {@code a/b/} for a directory). */
    static List<String> segments(String name) throws UnsafeArchiveException {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException(name, "empty or NUL in the name");
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0 || (name.length() > 1 && name.charAt(1) == ':')) {
            throw new UnsafeArchiveException(name, "absolute path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new UnsafeArchiveException(name, "'..' would leave the project directory");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw new UnsafeArchiveException(name, "names the project directory itself");
        }
        return segments;
    }

    /**
     * The target path of {@code name} below {@code root}, after checking that no existing directory on the way is
     * a symlink (one in the checkout, or one an earlier entry of the same archive created).
     */
    static Path resolve(Path root, String name) throws UnsafeArchiveException {
        List<String> segments = segments(name);
        Path current = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            current = current.resolve(segments.get(i));
            if (Files.isSymbolicLink(current)) {
                throw new UnsafeArchiveException(name, "goes through the symlink " + root.relativize(current));
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeArchiveException(name, root.relativize(current) + " is not a directory");
            }
        }
        Path target = current.resolve(segments.get(segments.size() - 1));
        if (!target.normalize().startsWith(root.normalize())) {
            throw new UnsafeArchiveException(name, "outside the project directory");
        }
        return target;
    }

    /**
     * Where a symlink at {@code link} (below {@code root}) pointing to {@code target} leads, read lexically from the
     * link's directory: every place the target passes through, one per segment, the last being where it ends. Empty
     * when the target is absolute, holds a backslash or NUL, or any {@code ..} leaves {@code root}.
     */
    static Optional<List<Path>> linkWalk(Path root, Path link, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\\') >= 0 || target.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path top = root.normalize();
        Path current = link.getParent().normalize();
        List<Path> walk = new ArrayList<>();
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            current = segment.equals("..") ? current.getParent() : current.resolve(segment);
            if (current == null || !current.startsWith(top)) {
                return Optional.empty();
            }
            walk.add(current);
        }
        return Optional.of(walk);
    }
}
