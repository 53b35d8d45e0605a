package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One argument of a command, kept unexpanded so that logs show {@code $VAR} rather than its value.
 *
 * <p>Segments are normalised (adjacent literals merged, empty literals dropped), so two words that
 * expand the same way for every environment are equal. A word with no segments is the empty word
 * ({@code ""}), which is still an argument.
 *
 * @param segments  the literal text and variable references, in order
 * @param bareField whether the word is nothing but unquoted variable references ({@code $A}, {@code $A${B}}):
 *                  as in sh, such a word that expands to nothing is no argument at all (see {@link #expandAll})
 */
public record Word(List<Segment> segments, boolean bareField) {

    public Word {
        segments = normalise(segments);
        bareField = bareField && !segments.isEmpty() && segments.stream().allMatch(Segment.Variable.class::isInstance);
    }

    /** A word that stays an argument even when it expands to nothing. */
    public Word(List<Segment> segments) {
        this(segments, false);
    }

    /**
     * Expands {@code words} into arguments as sh does for a command's words: a {@linkplain #bareField() bare}
     * {@code $VAR} that expands to nothing is dropped; every other word is exactly one argument (values are never
     * split on blanks nor globbed).
     */
    public static List<String> expandAll(List<Word> words, Function<String, String> lookup) {
        List<String> out = new ArrayList<>();
        for (Word word : words) {
            String value = word.expand(lookup);
            if (!(value.isEmpty() && word.bareField())) {
                out.add(value);
            }
        }
        return out;
    }

    /** The {@link #display()} forms of the words {@link #expandAll} keeps, in the same order. */
    public static List<String> displayAll(List<Word> words, Function<String, String> lookup) {
        List<String> out = new ArrayList<>();
        for (Word word : words) {
            if (!(word.bareField() && word.expand(lookup).isEmpty())) {
                out.add(word.display());
            }
        }
        return out;
    }

    /** A word made of literal text only. */
    static Word of(String text) {
        return new Word(List.of(new Segment.Literal(text)));
    }

    /**
     * Expands the variables with {@code lookup}; a {@code null} answer expands to the empty string,
     * as in sh. The result is always exactly one argument: values are never split on blanks nor
     * parsed again, whatever they contain.
     */
    public String expand(Function<String, String> lookup) {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Segment.Literal literal) {
                out.append(literal.text());
            } else {
                String value = lookup.apply(((Segment.Variable) segment).name());
                out.append(value == null ? "" : value);
            }
        }
        return out.toString();
    }

    /** The word as the job log shows it: literal text, and {@code ${NAME}} for each variable, never its value. */
    public String display() {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Segment.Literal literal) {
                out.append(literal.text());
            } else {
                out.append("${").append(((Segment.Variable) segment).name()).append('}');
            }
        }
        return out.toString();
    }

    /** The text of this word when it references no variable; empty otherwise. */
    public Optional<String> literal() {
        boolean literal = segments.stream().allMatch(Segment.Literal.class::isInstance);
        return literal ? Optional.of(expand(name -> "")) : Optional.empty();
    }

    /** The leading literal text, before any variable ({@code ""} when the word starts with one). */
    String literalPrefix() {
        return !segments.isEmpty() && segments.get(0) instanceof Segment.Literal literal ? literal.text() : "";
    }

    /** This word without its first {@code length} characters, which must all be literal. */
    Word withoutPrefix(int length) {
        List<Segment> rest = new ArrayList<>(segments);
        rest.set(0, new Segment.Literal(literalPrefix().substring(length)));
        return new Word(rest, bareField);
    }

    private static List<Segment> normalise(List<Segment> segments) {
        List<Segment> merged = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Segment.Literal literal) {
                pending.append(literal.text());
                continue;
            }
            flush(pending, merged);
            merged.add(Objects.requireNonNull(segment, "segment"));
        }
        flush(pending, merged);
        return List.copyOf(merged);
    }

    private static void flush(StringBuilder pending, List<Segment> merged) {
        if (!pending.isEmpty()) {
            merged.add(new Segment.Literal(pending.toString()));
            pending.setLength(0);
        }
    }
}
