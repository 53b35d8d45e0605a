package dev.lambdarunner.trace;

/** The bytes that continue a secret after a public head (a token prefix or a URL parameter name). */
enum RunClass {
    /** Token characters, as gitlab-runner's token sanitizer: {@code [A-Za-z0-9._=-]}. */
    TOKEN {
        @Override
        boolean contains(byte b) {
            return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                    || b == '.' || b == '_' || b == '=' || b == '-';
        }
    },
    /**
     * A URL query value: anything up to the next parameter separator, whitespace or control character, as
     * gitlab-runner's URL sanitizer (it does not follow the URL grammar either, because log text does not).
     * Bytes of multi-byte UTF-8 characters belong to the value.
     */
    URL_VALUE {
        @Override
        boolean contains(byte b) {
            return b != '?' && b != '&' && (b < 0 || b > ' ') && b != 0x7f;
        }
    };

    abstract boolean contains(byte b);
}
