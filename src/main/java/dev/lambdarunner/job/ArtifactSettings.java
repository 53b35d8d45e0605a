package dev.lambdarunner.job;

import java.time.Duration;

/**
 * Limits of artifact transfers.
 *
 * @param maxExtractedBytes the most bytes one dependency's archive may expand to
 * @param maxEntries        the most entries one dependency's archive may have
 * @param transferTimeout   how long one upload or download may take
 */
public record ArtifactSettings(long maxExtractedBytes, int maxEntries, Duration transferTimeout) {
}
