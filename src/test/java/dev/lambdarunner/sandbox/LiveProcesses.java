package dev.lambdarunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Looks for leftover processes through /proc, by a marker in their command line. */
final class LiveProcesses {

    private LiveProcesses() {
    }

    /** A sleep duration no other process on the machine uses, e.g. {@code 291.4837261}. */
    static String uniqueSleep() {
        return "29%d.%07d".formatted(ThreadLocalRandom.current().nextInt(10),
                ThreadLocalRandom.current().nextInt(10_000_000));
    }

    /** Command lines of running processes (zombies have none) that contain {@code marker}. */
    static List<String> withMarker(String marker) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(LiveProcesses::commandLine)
                    .filter(line -> line.contains(marker))
                    .toList();
        }
    }

    /** Test hygiene after a failed assertion: kills whatever still carries the marker. */
    static void killWithMarker(String marker) {
        ProcessHandle.allProcesses()
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static String commandLine(Path procDir) {
        try {
            return new String(Files.readAllBytes(procDir.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    // The command must have been exec'd (its command line starts with it): a shell whose -c script merely contains
    // it may not have reached its trap yet, and SIGTERM would end it before the grace the test measures.
    static void awaitRunning(String commandPart, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (LiveProcesses.withMarker(commandPart).stream().noneMatch(line -> line.startsWith(commandPart))) {
            assertThat(System.nanoTime()).as("'%s' never started", commandPart).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
