package dev.lambdarunner.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Deletes a directory tree that a job wrote. The walk never follows links, so a symlink pointing out of the tree
 * loses only the link. Directories the job made read-only (Go-style module caches, {@code chmod 000}) are opened
 * up for their owner first; a plain file's own mode never matters for deletion.
 */
final class TreeRemover extends SimpleFileVisitor<Path> {

    private static final Logger LOG = Logger.getLogger(TreeRemover.class);
    private static final Set<PosixFilePermission> OWNER_ALL = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Set<Path> reopened = new HashSet<>();
    private int failures;

    /** Removes {@code top} and everything under it; returns how many entries are left behind (each one logged). */
    static int remove(Path top) {
        TreeRemover remover = new TreeRemover();
        remover.walk(top);
        return remover.failures;
    }

    private void walk(Path start) {
        try {
            Files.walkFileTree(start, this);
        } catch (IOException e) {
            fail(start, e);
        }
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        openUp(dir);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        delete(file);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException exc) {
        if (exc instanceof AccessDeniedException && isRealDirectory(file) && reopened.add(file)) {
            // An unreadable directory cannot even be listed: open it up and walk it again.
            openUp(file);
            walk(file);
        } else if (!(exc instanceof NoSuchFileException)) {
            delete(file);
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
        if (exc != null) {
            fail(dir, exc);
        }
        delete(dir);
        return FileVisitResult.CONTINUE;
    }

    private void openUp(Path dir) {
        try {
            PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory() && !attrs.permissions().containsAll(OWNER_ALL)) {
                Set<PosixFilePermission> opened = EnumSet.copyOf(OWNER_ALL);
                opened.addAll(attrs.permissions());
                Files.setPosixFilePermissions(dir, opened);
            }
        } catch (UnsupportedOperationException e) {
            // No POSIX modes on this file system, so none can stand in the way.
        } catch (IOException e) {
            fail(dir, e);
        }
    }

    private void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            fail(path, e);
        }
    }

    private void fail(Path path, Exception cause) {
        failures++;
        LOG.warnf("Removing workspace entry... failed path=%s cause=%s", path, cause);
    }

    private static boolean isRealDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }
}
