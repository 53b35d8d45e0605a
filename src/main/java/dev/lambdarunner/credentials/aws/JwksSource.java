package dev.lambdarunner.credentials.aws;

import java.io.IOException;

/** Reads the JWKS document; {@link HttpJwksSource} in the runner, a string in tests. */
interface JwksSource {

    /** The document's text. */
    String fetch() throws IOException;

    /** Where the keys come from, for messages. */
    String location();
}
