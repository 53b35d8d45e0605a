package dev.lambdarunner.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pipe a sandboxed process writes its output to, found through Linux {@code /proc}. A child that was
 * backgrounded and orphaned before any snapshot saw it is invisible to {@link ProcessHandle#descendants()}, but
 * it still holds this pipe (and keeps the output reader from finishing): scanning for holders finds it.
 *
 * @param id the pipe's link text in {@code /proc/<pid>/fd}, e.g. {@code pipe:[123456]}
 */
record OutputPipe(String id) {

    private static final Path PROC = Path.of("/proc");

    /** The pipe behind the process's stdout; empty without {@code /proc} or when the process already ended. */
    static Optional<OutputPipe> of(long pid) {
        try {
            String target = Files.readSymbolicLink(PROC.resolve(pid + "/fd/1")).toString();
            return target.startsWith("pipe:") ? Optional.of(new OutputPipe(target)) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Every live process other than this JVM that holds the pipe open. */
    List<ProcessHandle> holders() {
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> holders = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> pid != self && holds(pid))
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(holders::add));
        } catch (IOException | UncheckedIOException e) {
            return holders;
        }
        return holders;
    }

    private boolean holds(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(pid + "/fd"))) {
            for (Path fd : fds) {
                if (id.equals(linkText(fd))) {
                    return true;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Gone meanwhile or not ours to inspect: either way not a holder we could kill.
        }
        return false;
    }

    private static String linkText(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
