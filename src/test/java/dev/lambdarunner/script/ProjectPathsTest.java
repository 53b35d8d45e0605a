package dev.lambdarunner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectPathsTest {

    @TempDir
    Path root;

    private Path project;
    private Path infra;
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        project = Files.createDirectories(root.resolve("project")).toRealPath();
        infra = Files.createDirectories(project.resolve("infra/prod"));
        outside = Files.createDirectories(root.resolve("outside")).toRealPath();
        Files.createDirectories(root.resolve("project-other"));
        Files.writeString(project.resolve("main.tf"), "");
        Files.createSymbolicLink(project.resolve("prod-link"), infra);
        Files.createSymbolicLink(project.resolve("relative-link"), Path.of("infra"));
        Files.createSymbolicLink(project.resolve("escape"), outside);
        Files.createSymbolicLink(project.resolve("parent"), Path.of(".."));
        Files.createSymbolicLink(project.resolve("dangling"), root.resolve("missing"));
    }

    @Test
    void relativeTargetResolvesFromTheCurrentDirectory() {
        assertThat(ProjectPaths.resolveInside(project, project, "infra/prod")).isEqualTo(infra);
        assertThat(ProjectPaths.resolveInside(project, project.resolve("infra"), "prod")).isEqualTo(infra);
    }

    @Test
    void dotDotThatStaysInsideIsAllowed() {
        assertThat(ProjectPaths.resolveInside(project, infra, "../..")).isEqualTo(project);
        assertThat(ProjectPaths.resolveInside(project, infra, ".")).isEqualTo(infra);
    }

    @Test
    void absoluteTargetInsideIsAllowed() {
        assertThat(ProjectPaths.resolveInside(project, project, infra.toString())).isEqualTo(infra);
    }

    @Test
    void symlinksInsideResolveToTheirRealPath() {
        assertThat(ProjectPaths.resolveInside(project, project, "prod-link")).isEqualTo(infra);
        assertThat(ProjectPaths.resolveInside(project, project, "relative-link/prod")).isEqualTo(infra);
    }

    @Test
    void projectDirectoryGivenThroughASymlinkStillContainsItsOwnDirectories() throws IOException {
        Path alias = Files.createSymbolicLink(root.resolve("alias"), project);

        assertThat(ProjectPaths.resolveInside(alias, alias, "infra/prod")).isEqualTo(infra);
    }

    @Test
    void dotDotLeavingTheProjectIsRefused() {
        assertOutside(project, "..");
        assertOutside(infra, "../../..");
        assertOutside(project, "infra/../../outside");
    }

    @Test
    void absoluteTargetOutsideIsRefused() {
        assertOutside(project, outside.toString());
        assertOutside(project, "/");
    }

    @Test
    void siblingWithTheProjectNameAsPrefixIsOutside() {
        assertOutside(project, "../project-other");
    }

    @Test
    void symlinksLeadingOutsideAreRefused() {
        assertOutside(project, "escape");
        assertOutside(project, "parent");
        assertOutside(project, "prod-link/../../..");
    }

    @Test
    void currentDirectoryOutsideTheProjectIsNoWayIn() {
        assertOutside(outside, ".");
    }

    @Test
    void missingDirectoriesAndFilesAreRefused() {
        assertThatThrownBy(() -> ProjectPaths.resolveInside(project, project, "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cd 'nope': no such directory");
        assertThatThrownBy(() -> ProjectPaths.resolveInside(project, project, "dangling"))
                .hasMessage("cd 'dangling': no such directory");
        assertThatThrownBy(() -> ProjectPaths.resolveInside(project, project, "main.tf"))
                .hasMessage("cd 'main.tf': not a directory");
        assertThatThrownBy(() -> ProjectPaths.resolveInside(project, project, ""))
                .hasMessage("cd '': empty directory name");
        assertThatThrownBy(() -> ProjectPaths.resolveInside(project, project, "a\0b"))
                .hasMessage("cd 'a\0b': invalid path");
    }

    private void assertOutside(Path current, String target) {
        assertThatThrownBy(() -> ProjectPaths.resolveInside(project, current, target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cd '" + target + "': outside the project directory");
    }
}
