package dev.lambdarunner.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Keeps {@code cd} and Terraform's {@code -chdir} inside the job's project directory. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /**
     * Resolves a {@code cd} target (already expanded) against the current directory and returns its
     * real path, refusing anything whose real path is not the project directory or below it.
     *
     * <p>Resolution is physical, like {@code cd -P}: symlinks are followed and {@code ..} applies to
     * the real directory, so no symlink or {@code ..} can lead outside. There is no {@code CDPATH}
     * and no {@code ~}. The message names {@code target} as given: pass the expanded value only
     * where output is masked (the job log), or catch and name the unexpanded word instead.
     *
     * @param projectDir the job's project directory (must exist)
     * @param currentDir the directory the job is in now, normally an earlier result of this method
     * @param target     the directory to change to, relative to {@code currentDir} or absolute
     * @return the real path of the target directory
     * @throws IllegalArgumentException "cd '&lt;target&gt;': outside the project directory", "...: no such
     *                                  directory", "...: not a directory" or "...: empty directory name"
     */
    public static Path resolveInside(Path projectDir, Path currentDir, String target) {
        if (target.isEmpty()) {
            throw refuse(target, "empty directory name");
        }
        Path real = realPath(currentDir, target);
        if (!real.startsWith(realProject(projectDir))) {
            throw refuse(target, "outside the project directory");
        }
        if (!Files.isDirectory(real)) {
            throw refuse(target, "not a directory");
        }
        return real;
    }

    private static Path realPath(Path currentDir, String target) {
        try {
            return currentDir.resolve(target).toRealPath();
        } catch (InvalidPathException e) {
            throw refuse(target, "invalid path");
        } catch (NoSuchFileException e) {
            throw refuse(target, "no such directory");
        } catch (IOException e) {
            throw refuse(target, "cannot resolve (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Path realProject(Path projectDir) {
        try {
            return projectDir.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("resolving project directory " + projectDir + ": " + e, e);
        }
    }

    private static IllegalArgumentException refuse(String target, String cause) {
        return new IllegalArgumentException("cd '" + target + "': " + cause);
    }
}
