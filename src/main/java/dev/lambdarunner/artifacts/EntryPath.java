package dev.lambdarunner.artifacts;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
     * Whether a symlink at {@code link} (below {@code root}) pointing to {@code target} stays inside {@code root}
     * when read lexically: relative only, and every {@code ..} within what came before it.
     */
    static boolean linkStaysInside(Path root, Path link, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\\') >= 0 || target.indexOf('\0') >= 0) {
            return false;
        }
        Path resolved = link.getParent().resolve(target).normalize();
        return resolved.startsWith(root.normalize());
    }
}
