package dev.lambdarunner.sources;

import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the runner keeps in {@code <work-dir>/git-cache}, and nothing else. Jobs run as the runner's user and can
 * write there, so nothing found in it is trusted: before each use a repository's cache is brought back to the
 * files the runner itself writes (objects, packs, loose refs holding an object id, {@code packed-refs},
 * {@code shallow}), and its {@code config} and {@code HEAD} are written anew. Whatever else a job planted (a
 * remote, {@code url.*.insteadOf}, {@code http.*}, {@code include.path}, hooks, {@code objects/info/alternates},
 * a symbolic link anywhere) is removed before JGit reads the repository.
 */
final class CacheLayout {
    private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{32}\\.(git|lock|updating)");
    private static final Set<String> TOP_FILES = Set.of("HEAD", "config", "packed-refs", "shallow", "FETCH_HEAD");
    private static final Pattern LOOSE_DIR = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern LOOSE_OBJECT = Pattern.compile("[0-9a-f]{38}");
    private static final Pattern PACK = Pattern.compile("pack-[0-9a-f]{40}\\.(pack|idx|rev)");
    private static final Pattern LOOSE_REF = Pattern.compile("[0-9a-f]{40}\n?");
    private static final String SECTION = "lambdarunner";
    private static final String DEPTH = "depth";

    private CacheLayout() {
    }

    /**
     * Removes from the cache root whatever is not a repository's cache ({@code <key>.git} directory) or its
     * {@code .lock}/{@code .updating} file: planted files, links, anything of another name or type.
     */
    static void sweepRoot(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean dir = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                boolean file = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
                boolean known = ENTRY.matcher(name).matches() && (name.endsWith(".git") ? dir : file);
                if (!known) {
                    CacheEviction.deleteTree(entry);
                }
            }
        }
    }

    /**
     * Brings an existing cache back to the runner's own layout and rewrites its {@code config} and {@code HEAD}.
     *
     * @return the depth earlier fetches recorded; 0 (everything) when it is unreadable, which is never too shallow
     */
    static int restore(Path dir) throws IOException {
        int depth = recordedDepth(dir.resolve("config"));
        Files.walkFileTree(dir, new Pruner(dir));
        writeConfig(dir, depth);
        return depth;
    }

    /** Writes the cache's whole {@code config} (no remote, no URL, no credentials) and {@code HEAD}. */
    static void writeConfig(Path dir, int depth) throws IOException {
        String config = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n"
                + "\tlogallrefupdates = false\n"
                + (depth < 0 ? "" : "[" + SECTION + "]\n\t" + DEPTH + " = " + depth + "\n");
        replace(dir.resolve("config"), config);
        replace(dir.resolve("HEAD"), "ref: refs/heads/main\n");
    }

    /** Only a plain file's own text, with no {@code include} followed (a bare {@link Config} reads none). */
    private static int recordedDepth(Path config) {
        if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try {
            Config parsed = new Config();
            parsed.fromText(Files.readString(config, StandardCharsets.UTF_8));
            int depth = parsed.getInt(SECTION, null, DEPTH, 0);
            return Math.max(depth, 0);
        } catch (IOException | ConfigInvalidException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** Deletes and creates: a link in its place is removed, not followed. */
    private static void replace(Path file, String text) throws IOException {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            CacheEviction.deleteTree(file);
        }
        Files.deleteIfExists(file);
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    private static boolean allowedDir(List<String> rel) {
        if (rel.isEmpty() || rel.get(0).equals("refs")) {
            return true;
        }
        if (!rel.get(0).equals("objects")) {
            return false;
        }
        return rel.size() == 1
                || rel.size() == 2 && (rel.get(1).equals("pack") || LOOSE_DIR.matcher(rel.get(1)).matches());
    }

    private static boolean allowedFile(List<String> rel, Path file) throws IOException {
        String first = rel.get(0);
        String name = rel.get(rel.size() - 1);
        if (rel.size() == 1) {
            return TOP_FILES.contains(name);
        }
        if (first.equals("refs")) {
            return Files.size(file) <= 41 && LOOSE_REF.matcher(Files.readString(file, StandardCharsets.US_ASCII))
                    .matches();
        }
        return rel.size() == 3 && (rel.get(1).equals("pack") ? PACK.matcher(name).matches()
                : LOOSE_DIR.matcher(rel.get(1)).matches() && LOOSE_OBJECT.matcher(name).matches());
    }

    /** Walks without following links; removes every link, special file and entry outside the layout. */
    private static final class Pruner extends SimpleFileVisitor<Path> {
        private final Path dir;

        Pruner(Path dir) {
            this.dir = dir;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attrs) throws IOException {
            if (allowedDir(relative(path))) {
                return FileVisitResult.CONTINUE;
            }
            CacheEviction.deleteTree(path);
            return FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
            if (!attrs.isRegularFile() || !allowedFile(relative(path), path)) {
                Files.delete(path);
            }
            return FileVisitResult.CONTINUE;
        }

        private List<String> relative(Path path) {
            Path rel = dir.relativize(path);
            return rel.toString().isEmpty() ? List.of()
                    : Stream.iterate(0, i -> i < rel.getNameCount(), i -> i + 1).map(i -> rel.getName(i).toString())
                    .toList();
        }
    }
}
