package dev.lambdarunner.script;

import java.util.ArrayList;
import java.util.List;

/** Collects the quoted and unquoted parts of one word as the scanner reads them. */
final class WordBuilder {

    private final List<Segment> segments = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();
    private boolean started;
    private boolean tildeExpands = true;
    private boolean bare = true;

    /** Whether anything, even an empty {@code ""}, belongs to the word yet. */
    boolean started() {
        return started;
    }

    /**
     * Whether an unquoted {@code ~} here would be expanded by some shell: at the start of a word,
     * and (bash, in assignment-like words such as {@code -var=~/x}) after an unquoted {@code =} or
     * {@code :}. Elsewhere it is an ordinary character.
     */
    boolean tildeExpands() {
        return tildeExpands;
    }

    void appendUnquoted(char c) {
        literal.append(c);
        started = true;
        bare = false;
        tildeExpands = c == '=' || c == ':';
    }

    void appendQuoted(CharSequence text) {
        literal.append(text);
        started = true;
        bare = false;
        tildeExpands = false;
    }

    void appendQuoted(char c) {
        appendQuoted(String.valueOf(c));
    }

    void appendVariable(String name) {
        flushLiteral();
        segments.add(new Segment.Variable(name));
        started = true;
        tildeExpands = false;
    }

    /** Makes the word exist even if empty, as {@code ""} does. */
    void markStarted() {
        started = true;
        bare = false;
        tildeExpands = false;
    }

    /** Returns the word and starts a new one. */
    Word build() {
        flushLiteral();
        Word word = new Word(segments, bare);
        segments.clear();
        started = false;
        bare = true;
        tildeExpands = true;
        return word;
    }

    private void flushLiteral() {
        if (!literal.isEmpty()) {
            segments.add(new Segment.Literal(literal.toString()));
            literal.setLength(0);
        }
    }
}
