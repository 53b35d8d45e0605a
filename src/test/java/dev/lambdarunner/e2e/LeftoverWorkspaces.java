package dev.lambdarunner.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every job's workspace ({@code <work-dir>/builds/<job>-<random>}) is removed when the job ends, whatever happened. */
public final class LeftoverWorkspaces {

    private LeftoverWorkspaces() {
    }

    /** Fails if a job workspace is left under {@code workDir}; a work directory no job ran in passes. */
    public static void assertNoneIn(Path workDir) throws IOException {
        Path builds = workDir.resolve("builds");
        if (Files.isDirectory(builds)) {
            try (Stream<Path> left = Files.list(builds)) {
                assertThat(left).as("job workspaces left behind").isEmpty();
            }
        }
    }
}
