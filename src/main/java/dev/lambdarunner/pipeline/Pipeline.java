package dev.lambdarunner.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@code .gitlab-ci.yml} read offline, as GitLab would compile it for the jobs a runner gets: local includes merged,
 * then {@code extends}, {@code !reference}, {@code default:} and global variables applied to every visible job.
 * Nothing is fetched: includes that need GitLab or the network are named in {@link #unresolvedIncludes()}.
 */
public final class Pipeline {

    private final Path file;
    private final List<String> unresolvedIncludes;
    private final List<PipelineJob> jobs;

    private Pipeline(Path file, List<String> unresolvedIncludes, List<PipelineJob> jobs) {
        this.file = file;
        this.unresolvedIncludes = unresolvedIncludes;
        this.jobs = jobs;
    }

    /**
     * Reads {@code file} and the local files it includes.
     *
     * @param root the repository root that {@code include: local:} paths are relative to
     * @throws PipelineException when a file cannot be read, is not valid YAML, or an include cannot be resolved
     *                           although it is local
     */
    public static Pipeline read(Path file, Path root) {
        Includes includes = new Includes(root);
        Map<String, Object> config = includes.resolve(file);
        List<String> unresolved = includes.unresolved();
        return new Pipeline(file, unresolved, new Jobs(config, new Resolution(config, unresolved)).build());
    }

    /** The file that was read. */
    public Path file() {
        return file;
    }

    /** Includes that need GitLab or the network ({@code remote ...}, {@code template ...}, ...), not read. */
    public List<String> unresolvedIncludes() {
        return unresolvedIncludes;
    }

    /** The visible jobs, in file order (included files' jobs first, as GitLab merges them). */
    List<PipelineJob> jobs() {
        return jobs;
    }
}
