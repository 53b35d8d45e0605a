package dev.lambdarunner.artifacts;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class ArchiveExtractorTest {

    private static final ArchiveExtractor.Limits LIMITS = new ArchiveExtractor.Limits(1 << 20, 100);

    @TempDir
    Path root;

    /** An archive entry: a file with content, a directory (name ends in /), or a symlink to a target. */
    record Entry(String name, String content, boolean link) {
        static Entry file(String name, String content) {
            return new Entry(name, content, false);
        }

        static Entry link(String name, String target) {
            return new Entry(name, target, true);
        }
    }

    /** Each case: an archive's entries, and what the refusal of one of them says. */
    static Stream<Arguments> malicious() {
        return Stream.of(
                argumentSet("dot-dot", List.of(Entry.file("../escaped", "x")), "'..' would leave"),
                argumentSet("dot-dot inside", List.of(Entry.file("a/../../escaped", "x")), "'..' would leave"),
                argumentSet("absolute", List.of(Entry.file("/tmp/escaped", "x")), "absolute path"),
                argumentSet("backslash (the zip library reads it as /)", List.of(Entry.file("..\\escaped", "x")), "would leave"),
                argumentSet("symlink out", List.of(Entry.link("out", "../..")), "points outside"),
                argumentSet("absolute symlink", List.of(Entry.link("etc", "/etc")), "points outside"),
                argumentSet("through a symlink made earlier", List.of(Entry.link("in", "sub"),
                        Entry.file("sub/", ""), Entry.file("in/file", "x")), "goes through the symlink in"),
                argumentSet("symlink chain out", List.of(Entry.file("x/", ""), Entry.file("x/y/", ""),
                        Entry.link("x/y/up", "../.."), Entry.link("hop", "x/y/up"), Entry.link("esc", "hop/..")),
                        "goes through the symlink hop"),
                argumentSet("dangling chain: link first", List.of(Entry.link("l", "."), Entry.link("a", "l/../x")),
                        "symlink to 'l/../x' goes through the symlink l"),
                argumentSet("dangling chain: link last", List.of(Entry.link("a", "l/../x"), Entry.link("l", ".")),
                        "a symlink here would redirect the symlink a"),
                argumentSet("link through a link to a link", List.of(Entry.link("l", "."), Entry.link("l2", "l/l")),
                        "goes through the symlink l"),
                argumentSet("deep chain", List.of(Entry.file("d/e/f", "x"), Entry.link("d/e/up", "../.."),
                        Entry.link("a", "d/e/up/../x")), "goes through the symlink d/e/up"),
                argumentSet("too big", List.of(Entry.file("big", "x".repeat(2 << 20))), "expands past the limit"));
    }

    @ParameterizedTest
    @MethodSource("malicious")
    void refusesEveryEntryThatCouldLandOutside(List<Entry> entries, String reason) throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path zip = zip(entries);

        assertThatThrownBy(() -> ArchiveExtractor.extract(zip, project, LIMITS))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining(reason);
        try (Stream<Path> siblings = Files.list(root)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("project", "a.zip");
        }
    }

    @Test
    void anExistingSymlinkAtAFilesPlaceIsReplacedNotWrittenThrough() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path victim = Files.writeString(root.resolve("victim"), "original");
        Files.createSymbolicLink(project.resolve("plan.cache"), victim);

        ArchiveExtractor.extract(zip(List.of(Entry.file("plan.cache", "plan"))), project, LIMITS);

        assertThat(victim).hasContent("original");
        assertThat(project.resolve("plan.cache")).isRegularFile().hasContent("plan");
    }

    /**
     * Each link alone stays inside, together they would lead to the parent ({@code a -> l/..} with {@code l -> .}):
     * the archive is refused at {@code l}, and the links made before the refusal do not stay behind.
     */
    @Test
    void aRefusedArchiveLeavesNoneOfItsLinksBehind() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path zip = zip(List.of(Entry.link("a", "l/.."), Entry.link("b", "l/../x"), Entry.file("c", "fine"),
                Entry.link("l", ".")));

        assertThatThrownBy(() -> ArchiveExtractor.extract(zip, project, LIMITS))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("entry 'l'")
                .hasMessageContaining("would redirect the symlink a");
        assertThat(Files.isSymbolicLink(project.resolve("a"))).isFalse();
        assertThat(Files.isSymbolicLink(project.resolve("b"))).isFalse();
        assertThat(Files.isSymbolicLink(project.resolve("l"))).isFalse();
    }

    /** A dangling link from one dependency's archive cannot be turned outward by the next dependency's archive. */
    @Test
    void aLaterArchiveCannotRedirectAnEarlierArchivesDanglingLink() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        ArchiveExtractor.extract(zip(List.of(Entry.link("a", "l/../x"))), project, LIMITS);

        assertThatThrownBy(() -> ArchiveExtractor.extract(zip(List.of(Entry.link("l", "."))), project, LIMITS))
                .hasMessageContaining("would redirect the symlink a");
        assertThat(Files.isSymbolicLink(project.resolve("l"))).isFalse();
    }

    @Test
    void aLinkThroughALinkOfTheCheckoutIsRefused() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Files.createSymbolicLink(project.resolve("l"), Path.of("."));

        assertThatThrownBy(() -> ArchiveExtractor.extract(zip(List.of(Entry.link("a", "l/../x"))), project, LIMITS))
                .hasMessageContaining("goes through the symlink l");
        assertThat(Files.isSymbolicLink(project.resolve("a"))).isFalse();
    }

    @Test
    void aLinkToALinkOfTheCheckoutThatLeadsOutsideIsRefused() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Files.createSymbolicLink(project.resolve("etc"), Path.of("/etc"));

        assertThatThrownBy(() -> ArchiveExtractor.extract(zip(List.of(Entry.link("a", "etc"))), project, LIMITS))
                .hasMessageContaining("entry 'a': symlink resolves outside");
        assertThat(Files.isSymbolicLink(project.resolve("a"))).isFalse();
    }

    /** A link to a link is fine when each stays inside: only passing through a link is refused. */
    @Test
    void aLinkToALinkInsideIsKept() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));

        ArchiveExtractor.extract(zip(List.of(Entry.file("bin/tool", "#!"), Entry.link("current", "bin"),
                Entry.link("latest", "current"), Entry.link("bin/self", "tool"))), project, LIMITS);

        assertThat(project.resolve("latest/tool")).hasContent("#!");
        assertThat(project.resolve("latest").toRealPath()).isEqualTo(project.resolve("bin").toRealPath());
    }

    @Test
    void directoriesTheArchiveDoesNotListAreCreated() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));

        int entries = ArchiveExtractor.extract(zip(List.of(Entry.file("build/out/plan.cache", "plan"),
                Entry.file("./a/./b.txt", "b"), Entry.link("build/latest/plan", "../out/plan.cache"))), project, LIMITS);

        assertThat(entries).isEqualTo(3);
        assertThat(project.resolve("build/out/plan.cache")).hasContent("plan");
        assertThat(project.resolve("a/b.txt")).hasContent("b");
        assertThat(project.resolve("build/latest/plan")).hasContent("plan");
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path zip = zip(List.of(Entry.file("a", ""), Entry.file("b", ""), Entry.file("c", "")));

        assertThatThrownBy(() -> ArchiveExtractor.extract(zip, project, new ArchiveExtractor.Limits(100, 2)))
                .hasMessageContaining("more than 2 entries");
    }

    @Test
    void whatTheWriterArchivesComesBackWithModesAndLinks() throws IOException {
        Path source = Files.createDirectories(root.resolve("source"));
        Files.createDirectories(source.resolve("bin"));
        Files.writeString(source.resolve("bin/tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(source.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(source.resolve("plan.cache"), "plan");
        Files.createSymbolicLink(source.resolve("current"), Path.of("bin/tool"));
        Path zip = root.resolve("out.zip");
        ArchiveWriter.zip(source, ArtifactPaths.walk(source), zip);
        Path target = Files.createDirectories(root.resolve("target"));

        int entries = ArchiveExtractor.extract(zip, target, LIMITS);

        assertThat(entries).isEqualTo(4);
        assertThat(target.resolve("plan.cache")).hasContent("plan");
        assertThat(Files.isExecutable(target.resolve("bin/tool"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("current"))).isEqualTo(Path.of("bin/tool"));
    }

    Path zip(List<Entry> entries) throws IOException {
        Path zip = root.resolve("a.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip.toFile())) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
                if (e.link()) {
                    entry.setUnixMode(0120777);
                }
                out.putArchiveEntry(entry);
                out.write(e.content().getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return zip;
    }
}
