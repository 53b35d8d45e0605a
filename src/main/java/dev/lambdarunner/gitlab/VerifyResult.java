package dev.lambdarunner.gitlab;

import java.util.Optional;

/** The answer to {@code POST /runners/verify}. */
public record VerifyResult(State state, Optional<Long> runnerId, Optional<String> tokenExpiresAt, int httpStatus) {

    public enum State {
        /** 200: the token is valid. */
        VALID,
        /** 403 (and 422 for an orphaned runner): the token is invalid, expired, or its runner is gone. */
        INVALID,
        /** Anything else. */
        ERROR
    }
}
