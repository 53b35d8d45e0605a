package dev.lambdarunner.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bare repositories under {@code <root>/repos/<fullPath>.git}, made with the real git CLI in an isolated
 * environment (own HOME, no system config, fixed author and date) so commit ids are reproducible.
 */
final class GitRepos {
    private static final Pattern FULL_PATH =
            Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)+");
    private static final String DATE = "2024-01-01T00:00:00Z";
    private final Path reposRoot;
    private final Path workRoot;
    private final Path home;
    private final Map<String, FakeRepo> repos = new ConcurrentHashMap<>();
    private final AtomicLong projectIds = new AtomicLong(100);

    GitRepos(Path root) throws IOException {
        this.reposRoot = Files.createDirectories(root.resolve("repos"));
        this.workRoot = Files.createDirectories(root.resolve("work"));
        this.home = Files.createDirectories(root.resolve("home"));
    }

    Path reposRoot() {
        return reposRoot;
    }

    FakeRepo find(String fullPath) {
        return repos.get(fullPath);
    }

    synchronized FakeRepo create(String fullPath, Path sourceDir) {
        if (!FULL_PATH.matcher(fullPath).matches() || fullPath.contains("..") || fullPath.endsWith(".git")) {
            throw new IllegalArgumentException("creating repository '" + fullPath + "': not a group/project path");
        }
        if (repos.containsKey(fullPath)) {
            throw new IllegalArgumentException("creating repository '" + fullPath + "': already exists");
        }
        try {
            Path work = Files.createDirectories(workRoot.resolve(fullPath));
            copyTree(sourceDir, work);
            git(work, "init", "-q", "-b", "main");
            git(work, "add", "-A");
            git(work, "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "Initial commit");
            Path bare = reposRoot.resolve(fullPath + ".git");
            Files.createDirectories(bare.getParent());
            git(workRoot, "clone", "-q", "--bare", work.toString(), bare.toString());
            git(bare, "config", "http.receivepack", "false");
            git(bare, "config", "uploadpack.allowAnySHA1InWant", "true");
            String sha = git(bare, "rev-parse", "HEAD").trim();
            FakeRepo repo = new FakeRepo(projectIds.incrementAndGet(), fullPath, sha, "main", bare);
            repos.put(fullPath, repo);
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException("creating repository '" + fullPath + "': " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code refs/pipelines/<id>} at the repository's commit, as GitLab's persistent pipeline ref.
     * Writes the loose ref file directly (what {@code git update-ref} does, minus the process start), which
     * keeps enqueueing fast for benchmarks; nothing here packs refs.
     */
    void pipelineRef(FakeRepo repo, long pipelineId) {
        try {
            Path dir = Files.createDirectories(repo.bareDir().resolve("refs/pipelines"));
            Path ref = dir.resolve(String.valueOf(pipelineId));
            Files.writeString(ref, repo.sha() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("writing pipeline ref " + pipelineId + " of " + repo.fullPath(), e);
        }
    }

    /** An environment for git with nothing from the user's or system's configuration. */
    Map<String, String> isolatedEnv() {
        return Map.ofEntries(Map.entry("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
                Map.entry("HOME", home.toString()), Map.entry("GIT_CONFIG_NOSYSTEM", "1"), Map.entry("LC_ALL", "C"),
                Map.entry("GIT_AUTHOR_NAME", "Fake GitLab"), Map.entry("GIT_AUTHOR_EMAIL", "fake@gitlab.invalid"),
                Map.entry("GIT_AUTHOR_DATE", DATE), Map.entry("GIT_COMMITTER_NAME", "Fake GitLab"),
                Map.entry("GIT_COMMITTER_EMAIL", "fake@gitlab.invalid"), Map.entry("GIT_COMMITTER_DATE", DATE));
    }

    private String git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(isolatedEnv());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException("running 'git " + args[0] + "' in " + dir + ": exit " + exit + ": " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("running 'git " + args[0] + "' in " + dir + ": interrupted", e);
        }
        return output;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (relative.startsWith(".git")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
