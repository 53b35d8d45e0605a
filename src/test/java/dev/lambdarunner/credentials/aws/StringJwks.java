package dev.lambdarunner.credentials.aws;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A JWKS read from memory, counting reads. */
final class StringJwks implements JwksSource {

    private final Supplier<String> document;
    private final AtomicInteger fetches = new AtomicInteger();

    StringJwks(Supplier<String> document) {
        this.document = document;
    }

    @Override
    public String fetch() {
        fetches.incrementAndGet();
        return document.get();
    }

    @Override
    public String location() {
        return "memory:jwks";
    }

    int fetches() {
        return fetches.get();
    }
}
