package dev.lambdarunner.script;

import java.util.Objects;
import java.util.regex.Pattern;

/** One piece of a {@link Word}: literal text, or a reference to a variable expanded at run time. */
public sealed interface Segment permits Segment.Literal, Segment.Variable {

    /** Text taken as is: quoting and escapes are already removed. */
    record Literal(String text) implements Segment {
        public Literal {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A {@code $NAME} or {@code ${NAME}} reference; the name is a shell identifier. */
    record Variable(String name) implements Segment {
        static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        public Variable {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("creating variable reference: invalid name '" + name + "'");
            }
        }
    }
}
