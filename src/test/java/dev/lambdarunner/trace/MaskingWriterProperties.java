package dev.lambdarunner.trace;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The masker for any secrets, any text and any split into writes. Secrets come from a small alphabet (so
 * they overlap and nest) with multi-byte UTF-8 characters; texts mix them with token prefixes, URL parameter
 * names and fragments of all of these, so that matches start, stop and compete at write boundaries.
 */
class MaskingWriterProperties {

    /** With the characters JSON and URLs escape, so that secrets also appear in escaped and encoded forms. */
    private static final String SECRET_CHARS = "abcXY019-_.=:/ é€😀&<>\"\\\t%+";
    /** Pieces that start or almost start token and URL matches. */
    private static final List<String> HEADS = List.of("glpat-", "glrt-", "glcbt-", "gldt-", "glrt-t1_", "glr", "gl",
            "g", "?private_token=", "&X-AMZ-SIGNATURE=", "&rss_token", "?", "&", "=", " ", "\n", "!");
    /**
     * Every head a masked output keeps as written (URL names in any case, so listed in lower case); a secret
     * inside one of them is public anyway.
     */
    private static final List<String> PUBLIC_HEADS = List.of("glpat-", "glrt-", "glcbt-", "gldt-",
            "glrt-t1_", "?private_token=", "&x-amz-signature=");

    record Case(List<String> secrets, String text) {
    }

    /** Sizes of the first writes; the rest of the text goes in one last write. */
    @Provide
    Arbitrary<List<Integer>> splits() {
        return Arbitraries.integers().between(1, 9).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<String>> secrets() {
        // some secrets contain heads, so that values and tokens compete at the same position
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(4, strings(SECRET_CHARS, 1, 4)),
                Tuple.of(1, Arbitraries.of("glpat-", "gl", "?private_token=", "&")));
        return piece.list().ofMinSize(1).ofMaxSize(4).map(pieces -> String.join("", pieces))
                .filter(s -> MaskForms.of(s).stream().noneMatch(form -> PUBLIC_HEADS.stream()
                        .anyMatch(h -> h.contains(form.toLowerCase(Locale.ROOT)))))
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Case> cases() {
        return secrets().flatMap(secrets -> {
            Arbitrary<String> filler = strings(SECRET_CHARS + "\n!", 0, 8);
            Arbitrary<String> piece = Arbitraries.oneOf(filler, Arbitraries.of(forms(secrets)), Arbitraries.of(HEADS));
            return piece.list().ofMaxSize(20).map(pieces -> new Case(secrets, String.join("", pieces)));
        });
    }

    @Property
    void noSecretSurvivesAnySplit(@ForAll("cases") Case c,
                                  @ForAll("splits") List<Integer> chunks) {
        String out = new String(mask(c.secrets(), bytes(c.text()), chunks), StandardCharsets.UTF_8);
        // Secrets contain no '[' or ']', so a secret in the output can only touch a marker by lying inside it.
        String outsideMarkers = out.replace("[MASKED]", "\u0000");
        for (String form : forms(c.secrets())) {
            assertThat(outsideMarkers).doesNotContain(form);
        }
    }

    @Property
    void outputDoesNotDependOnWriteBoundaries(@ForAll("cases") Case c,
                                              @ForAll("splits") List<Integer> chunks) {
        byte[] text = bytes(c.text());
        assertThat(mask(c.secrets(), text, chunks)).isEqualTo(mask(c.secrets(), text, List.of()));
    }

    @Property
    void textWithoutSecretsOrHeadsPassesUnchanged(@ForAll("secrets") List<String> secrets,
                                                  @ForAll String text,
                                                  @ForAll("splits") List<Integer> chunks) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean clean = forms(secrets).stream().noneMatch(text::contains)
                && MaskSpec.DEFAULT_TOKEN_PREFIXES.stream().noneMatch(text::contains)
                && MaskMatcher.URL_PARAMETERS.stream().noneMatch(p -> lower.contains(p.toLowerCase(Locale.ROOT) + "="));
        Assume.that(clean);
        byte[] in = bytes(text);
        assertThat(mask(secrets, in, chunks)).isEqualTo(in);
    }

    /** With no token or URL heads in play, the output is plain leftmost-longest replacement of the values. */
    @Property
    void valuesAreReplacedLeftmostLongest(@ForAll("valueCases") Case c,
                                          @ForAll("splits") List<Integer> chunks) {
        String out = new String(mask(c.secrets(), bytes(c.text()), chunks), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo(leftmostLongest(c.secrets(), c.text()));
    }

    @Provide
    Arbitrary<Case> valueCases() {
        Arbitrary<List<String>> secrets = strings("abcé€", 1, 5).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> text = strings("abcé€😀 ", 0, 40);
        return Combinators.combine(secrets, text).as(Case::new);
    }

    /**
     * For secrets with characters JSON and URLs escape, in text made of their forms (value, JSON-escaped, quoted,
     * percent-encoded) and fragments of those: every form is replaced, leftmost-longest, and nothing else changes.
     */
    @Property
    void everyFormOfASecretIsReplacedAndNothingElse(@ForAll("formCases") Case c,
                                                    @ForAll("splits") List<Integer> chunks) {
        String out = new String(mask(c.secrets(), bytes(c.text()), chunks), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo(leftmostLongest(forms(c.secrets()), c.text()));
    }

    @Provide
    Arbitrary<Case> formCases() {
        return strings("ab&<>\"\\\n é", 1, 5).list().ofMinSize(1).ofMaxSize(3).flatMap(secrets -> {
            Arbitrary<String> filler = strings("ab&\"\\%+u0026 ", 0, 4);
            Arbitrary<String> piece = Arbitraries.oneOf(filler, Arbitraries.of(forms(secrets)));
            return piece.list().ofMaxSize(12).map(pieces -> new Case(secrets, String.join("", pieces)));
        });
    }

    private static List<String> forms(List<String> secrets) {
        return secrets.stream().flatMap(s -> MaskForms.of(s).stream()).distinct().toList();
    }

    /** Strings of whole code points of {@code alphabet} (jqwik's {@code withChars} would split surrogate pairs). */
    private static Arbitrary<String> strings(String alphabet, int minLength, int maxLength) {
        List<String> codePoints = alphabet.codePoints().mapToObj(Character::toString).toList();
        return Arbitraries.of(codePoints).list().ofMinSize(minLength).ofMaxSize(maxLength)
                .map(cps -> String.join("", cps));
    }

    private static String leftmostLongest(List<String> secrets, String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int longest = 0;
            for (String s : secrets) {
                if (text.startsWith(s, i)) {
                    longest = Math.max(longest, s.length());
                }
            }
            out.append(longest == 0 ? String.valueOf(text.charAt(i)) : "[MASKED]");
            i += Math.max(longest, 1);
        }
        return out.toString();
    }

    /** Writes {@code text} in chunks of the given sizes (the rest in one last write) and closes. */
    static byte[] mask(List<String> secrets, byte[] text, List<Integer> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MaskingWriter w = new MaskingWriter(out, MaskSpec.of(secrets, List.of("gldt-", "glrt-t1_")))) {
            int at = 0;
            for (int size : chunks) {
                int len = Math.min(size, text.length - at);
                w.write(text, at, len);
                at += len;
            }
            w.write(text, at, text.length - at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
