package dev.lambdarunner.artifacts;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactPathsTest {

    @TempDir
    Path project;
    @TempDir
    Path outside;

    @Test
    void aDirectoryBringsEverythingBelowItAndExcludeRemovesSinglePaths() throws IOException {
        write("infra/plan.cache", "infra/.terraform/providers/p", "infra/main.tf", "other/x");

        ArtifactPaths.Selection s = ArtifactPaths.select(project, List.of("infra"), List.of("infra/**/*.tf"), false);

        assertThat(s.entries()).containsExactly("infra", "infra/.terraform", "infra/.terraform/providers",
                "infra/.terraform/providers/p", "infra/plan.cache");
        assertThat(s.log()).containsExactly("infra: found 6 matching artifact files and directories",
                "infra/**/*.tf: excluded 1 files");
    }

    @Test
    void globsAndAbsolutePathsInsideTheProjectMatch() throws IOException {
        write("a/plan.cache", "b/c/plan.cache", "plan.json");

        ArtifactPaths.Selection s = ArtifactPaths.select(project,
                List.of("**/plan.cache", project + "/plan.json"), List.of(), false);

        assertThat(s.entries()).containsExactly("a/plan.cache", "b/c/plan.cache", "plan.json");
    }

    @Test
    void aBackslashEscapesGlobCharacters() throws IOException {
        write("a*b", "axb");

        assertThat(ArtifactPaths.select(project, List.of("a\\*b"), List.of(), false).entries())
                .containsExactly("a*b");
    }

    @Test
    void pathsOutsideTheProjectAreRefusedAndNeverRead() throws IOException {
        Files.writeString(outside.resolve("secret"), "x");
        write("ok");

        ArtifactPaths.Selection s = ArtifactPaths.select(project,
                List.of("../" + outside.getFileName() + "/secret", outside + "/secret", "sub/../../x", "ok"),
                List.of(), false);

        assertThat(s.entries()).containsExactly("ok");
        assertThat(s.log()).filteredOn(l -> l.startsWith("WARNING")).hasSize(3)
                .allMatch(l -> l.contains("artifact path is not a subpath of project directory"));
    }

    @Test
    void aSymlinkIsTheLinkItselfNeverWhatItPointsTo() throws IOException {
        Files.writeString(outside.resolve("secret"), "x");
        Files.createSymbolicLink(project.resolve("link"), outside);

        ArtifactPaths.Selection s = ArtifactPaths.select(project, List.of("link", "**"), List.of(), false);

        assertThat(s.entries()).containsExactly("link");
    }

    @Test
    void untrackedAddsEveryFileGitDoesNotTrackIgnoredOnesToo() throws Exception {
        write("main.tf", ".gitignore", "plan.cache", "logs/apply.log");
        Files.writeString(project.resolve(".gitignore"), "*.cache\n");
        try (Git git = Git.init().setDirectory(project.toFile()).call()) {
            git.add().addFilepattern("main.tf").addFilepattern(".gitignore").call();
        }

        ArtifactPaths.Selection s = ArtifactPaths.select(project, List.of(), List.of(), true);

        assertThat(s.entries()).containsExactly("logs/apply.log", "plan.cache");
    }

    private void write(String... files) throws IOException {
        for (String f : files) {
            Path p = project.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
    }
}
