package dev.lambdarunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

    @TempDir
    Path root;

    @Test
    void createsOwnerOnlyDirectoriesForTheJob() throws Exception {
        try (Workspace workspace = Workspace.create(root, 42)) {
            assertThat(workspace.root().getParent()).isEqualTo(root.resolve("builds"));
            assertThat(workspace.root().getFileName().toString()).matches("42-\\d+");
            for (Path dir : List.of(workspace.root(), workspace.projectDir(), workspace.tmpDir(),
                    workspace.homeDir())) {
                assertThat(dir).isDirectory();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            }
            assertThat(List.of(workspace.projectDir(), workspace.tmpDir(), workspace.homeDir()))
                    .extracting(Path::getParent).containsOnly(workspace.root());
        }
    }

    @Test
    void sameJobTwiceGetsTwoDirectories() throws Exception {
        try (Workspace first = Workspace.create(root, 7); Workspace second = Workspace.create(root, 7)) {
            assertThat(first.root()).isNotEqualTo(second.root());
        }
    }

    @Test
    void closeRemovesReadOnlyContentButNeverFollowsALinkOut() throws Exception {
        Path outside = Files.createDirectory(root.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.txt"), "runner data");
        Workspace workspace = Workspace.create(root, 1);
        Path project = workspace.projectDir();
        Files.createSymbolicLink(project.resolve("link-to-dir"), outside);
        Files.createSymbolicLink(project.resolve("link-to-file"), kept);
        readOnlyFile(project.resolve("state.tfstate"));
        readOnlyFile(Files.createDirectories(project.resolve(".terraform/providers")).resolve("provider"));
        sealed(project.resolve("sealed"), "r-xr-xr-x");
        sealed(project.resolve("locked"), "---------");

        workspace.close();
        workspace.close();

        assertThat(workspace.root()).doesNotExist();
        assertThat(root.resolve("builds")).isEmptyDirectory();
        assertThat(kept).hasContent("runner data");
        assertThat(outside).isDirectory();
    }

    @Test
    void closeOfAnAlreadyRemovedWorkspaceIsQuiet() throws Exception {
        Workspace workspace = Workspace.create(root, 3);
        Files.delete(workspace.projectDir());
        Files.delete(workspace.tmpDir());
        Files.delete(workspace.homeDir());
        Files.delete(workspace.root());

        workspace.close();

        assertThat(workspace.root()).doesNotExist();
    }

    private static void readOnlyFile(Path file) throws Exception {
        Files.writeString(file, "data");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    }

    private static void sealed(Path dir, String mode) throws Exception {
        Files.createDirectories(dir.resolve("inner"));
        readOnlyFile(dir.resolve("inner/file"));
        Files.setPosixFilePermissions(dir.resolve("inner"), PosixFilePermissions.fromString(mode));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }
}
