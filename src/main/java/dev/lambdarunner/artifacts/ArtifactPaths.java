package dev.lambdarunner.artifacts;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the files of one {@code artifacts} entry like gitlab-runner's file archiver: each of {@code paths}
 * (variables already expanded) is a glob relative to the project directory, or an absolute path inside it; a match
 * that is a directory brings everything below it; {@code untracked} adds every file git does not track (also
 * ignored ones, as GitLab documents); {@code exclude} globs then remove single matching paths (not recursive).
 * Paths that lead outside the project directory are refused with a warning and never read. Symlinks are never
 * followed: a symlink is selected as the link itself.
 */
public final class ArtifactPaths {

    private ArtifactPaths() {
    }

    /**
     * What one entry selected.
     *
     * @param entries slash-separated paths relative to the project directory, sorted (parents before children)
     * @param log     lines for the job log, in gitlab-runner's wording ({@code "<path>: found N matching ..."})
     */
    public record Selection(List<String> entries, List<String> log) {
        public Selection {
            entries = List.copyOf(entries);
            log = List.copyOf(log);
        }
    }

    public static Selection select(Path projectDir, List<String> paths, List<String> exclude, boolean untracked)
            throws IOException {
        List<String> log = new ArrayList<>();
        List<String> tree = walk(projectDir);
        Set<String> chosen = new TreeSet<>();
        for (String path : paths) {
            String relative = relativePattern(projectDir, path, log);
            if (relative == null) {
                continue;
            }
            int before = chosen.size();
            addMatches(relative, tree, chosen);
            log.add(path + ": found " + (chosen.size() - before) + " matching artifact files and directories");
        }
        if (untracked) {
            Set<String> files = UntrackedFiles.list(projectDir, tree, log);
            chosen.addAll(files);
            log.add("untracked: found " + files.size() + " files");
        }
        for (String pattern : exclude) {
            String relative = relativePattern(projectDir, pattern, log);
            if (relative != null) {
                Glob glob = Glob.compile(relative);
                int before = chosen.size();
                chosen.removeIf(glob::matches);
                log.add(pattern + ": excluded " + (before - chosen.size()) + " files");
            }
        }
        return new Selection(new ArrayList<>(chosen), log);
    }

    /**
     * The pattern relative to the project directory, or {@code null} (with a warning) when it leads outside. An
     * absolute pattern must start with the project directory; {@code .} and {@code ..} segments are resolved
     * as written.
     */
    static String relativePattern(Path projectDir, String pattern, List<String> log) {
        String p = pattern.replaceAll("/+", "/"); // a backslash is the glob escape, not a separator
        if (p.startsWith("/")) {
            String root = projectDir.toString() + "/";
            String real = realOrSelf(projectDir) + "/";
            if ((p + "/").startsWith(root)) {
                p = p.length() <= root.length() ? "" : p.substring(root.length());
            } else if ((p + "/").startsWith(real)) {
                p = p.length() <= real.length() ? "" : p.substring(real.length());
            } else {
                log.add("WARNING: " + pattern + ": artifact path is not a subpath of project directory: " + projectDir);
                return null;
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    log.add("WARNING: " + pattern + ": artifact path is not a subpath of project directory: "
                            + projectDir);
                    return null;
                }
                segments.remove(segments.size() - 1);
                continue;
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    private static void addMatches(String relative, List<String> tree, Set<String> chosen) {
        if (relative.isEmpty()) {
            chosen.addAll(tree);
            return;
        }
        Glob glob = Glob.hasMeta(relative) ? Glob.compile(relative) : null;
        for (String path : tree) {
            boolean match = glob == null ? path.equals(relative) : glob.matches(path);
            if (match) {
                chosen.add(path);
                String prefix = path + "/";
                tree.stream().filter(p -> p.startsWith(prefix)).forEach(chosen::add);
            }
        }
    }

    /** Every path below the project directory, symlinks not followed, parents before children. */
    static List<String> walk(Path projectDir) throws IOException {
        List<String> all = new ArrayList<>();
        Files.walkFileTree(projectDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(projectDir)) {
                    all.add(relative(projectDir, dir));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                all.add(relative(projectDir, file));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        all.sort(null);
        return all;
    }

    static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static String realOrSelf(Path dir) {
        try {
            return dir.toRealPath().toString();
        } catch (IOException e) {
            return dir.toString();
        }
    }
}
