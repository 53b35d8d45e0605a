package dev.lambdarunner.credentials.aws;

import java.time.Instant;

/** Temporary credentials STS issued for one job; {@link #toString()} shows the expiry only. */
record AwsSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    @Override
    public String toString() {
        return "AwsSession[expires=" + expiration + "]";
    }
}
