package dev.lambdarunner.artifacts;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any entry name, and for any archive of files, directories and symlinks with hostile names and targets, nothing
 * is ever written outside the project directory: the entry path check either refuses a name or places it below the
 * root, and after an extraction (successful or refused) the directory beside the project is untouched and every
 * symlink left in the project resolves inside it.
 */
class ArchiveExtractorProperties {

    private Path root;

    @BeforeTry
    void createRoot() throws IOException {
        root = Files.createTempDirectory("extract-props");
    }

    @AfterTry
    void removeRoot() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> segment = Arbitraries.of("a", "b", "..", ".", "", "c d", "\\..", "C:", "/", "..\\x", "%2e%2e");
        return segment.list().ofMinSize(1).ofMaxSize(5).map(s -> String.join("/", s))
                .injectDuplicates(0.1).edgeCases(e -> e.add("/etc/passwd").add("../x").add("a/../../x"));
    }

    @Property(tries = 500)
    void anAcceptedNameLandsBelowTheRoot(@ForAll("names") String name) throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        try {
            Path target = EntryPath.resolve(project, name);
            assertThat(target.normalize()).startsWithRaw(project);
            assertThat(target.normalize()).isNotEqualTo(project);
        } catch (UnsafeArchiveException refused) {
            assertThat(refused.entry()).isEqualTo(name);
        }
    }

    @Provide
    Arbitrary<List<ArchiveExtractorTest.Entry>> archives() {
        Arbitrary<String> name = Arbitraries.of("a", "b", "a/b", "a/b/c", "b/a", "l", "l/x", "a/l", "a/l/x", "../x",
                "a/../../x", "/abs", "d/");
        Arbitrary<String> target = Arbitraries.of("a", "b", "..", "../..", "a/..", "a/../..", "l/..", "/", "/etc",
                "a/l", "l", ".", "b/../../outside");
        Arbitrary<ArchiveExtractorTest.Entry> file = name.map(n -> ArchiveExtractorTest.Entry.file(n, "x"));
        Arbitrary<ArchiveExtractorTest.Entry> link = Combinators.combine(name, target)
                .as(ArchiveExtractorTest.Entry::link);
        return Arbitraries.oneOf(file, link).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void nothingLandsOutsideWhateverTheArchive(@ForAll("archives") List<ArchiveExtractorTest.Entry> entries)
            throws IOException {
        Path project = Files.createDirectories(root.resolve("project"));
        Path beside = Files.createDirectories(root.resolve("beside"));
        ArchiveExtractorTest writer = new ArchiveExtractorTest();
        writer.root = root;
        Path zip = writer.zip(entries);
        try {
            ArchiveExtractor.extract(zip, project, new ArchiveExtractor.Limits(1 << 20, 100));
        } catch (IOException refusedOrBroken) {
            // refusing is fine; what matters is what is on disk now
        }
        try (Stream<Path> top = Files.list(root); Stream<Path> besideFiles = Files.list(beside)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("project", "beside", "a.zip");
            assertThat(besideFiles).isEmpty();
        }
        Path realProject = project.toRealPath();
        try (Stream<Path> inside = Files.walk(project)) {
            inside.filter(Files::isSymbolicLink).forEach(link -> {
                try {
                    assertThat(link.toRealPath()).startsWith(realProject);
                } catch (IOException dangling) {
                    // a dangling link points nowhere yet; its lexical target was checked to stay inside
                }
            });
        }
    }
}
