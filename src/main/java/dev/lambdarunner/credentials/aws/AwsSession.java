package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.sensitive.Secret;
import java.time.Instant;

/** Temporary credentials STS issued for one job; only the expiry prints. */
record AwsSession(Secret accessKeyId, Secret secretAccessKey, Secret sessionToken, Instant expiration) {
}
