package dev.lambdarunner.artifacts;

import java.io.IOException;

/**
 * An archive refused because of one entry: it would land outside the project directory, limits were passed, or it is
 * compressed with a method this runner does not read.
 */
public final class UnsafeArchiveException extends IOException {

    private final String entry;

    public UnsafeArchiveException(String entry, String reason) {
        super("entry '" + printable(entry) + "': " + reason);
        this.entry = entry;
    }

    /** The entry's name as stored in the archive. */
    public String entry() {
        return entry;
    }

    /** Control characters in an attacker's file name must not reach the job log as such. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(300).forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return out.toString();
    }
}
