package dev.lambdarunner.artifacts;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * symlink left in the project, followed segment by segment through every link and dangling ones included, never
 * leaves it.
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

    /**
     * Archives of files and symlinks whose names and targets chain through each other in any order: {@code l -> .}
     * with {@code a -> l/../x}, {@code l2 -> l/l}, links in directories the archive does not list, deep {@code ..}
     * mixtures, and targets that do not exist (yet).
     */
    @Provide
    Arbitrary<List<ArchiveExtractorTest.Entry>> archives() {
        Arbitrary<String> name = Arbitraries.of("a", "b", "l", "l2", "x", "a/b", "l/x", "d/l", "d/a", "d/e/l",
                "d/e/a", "./d/./x", "../x", "a/../../x", "/abs", "d/");
        Arbitrary<String> target = Arbitraries.of(".", "..", "../..", "l", "l/l", "l/..", "l/../x", "l/../..",
                "l2/../x", "a/..", "a/../..", "d/l/..", "d/e/l/../../..", "d/e/../../l/../x", "../l/../x", "x",
                "x/../..", "../d/l/..", "e/l/../../..", "/", "/etc", "b/../../outside");
        Arbitrary<ArchiveExtractorTest.Entry> file = name.map(n -> ArchiveExtractorTest.Entry.file(n, "x"));
        Arbitrary<ArchiveExtractorTest.Entry> link = Combinators.combine(name, target)
                .as(ArchiveExtractorTest.Entry::link);
        return Arbitraries.frequencyOf(Tuple.of(1, file), Tuple.of(3, link)).list().ofMinSize(1).ofMaxSize(10)
                .edgeCases(e -> e.add(List.of(ArchiveExtractorTest.Entry.link("l", "."),
                        ArchiveExtractorTest.Entry.link("a", "l/../x"))));
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
            inside.filter(Files::isSymbolicLink).forEach(link -> assertThat(PhysicalWalk.staysInside(realProject,
                    link)).as("%s -> %s", project.relativize(link), target(link)).isTrue());
        }
    }

    private static Path target(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
