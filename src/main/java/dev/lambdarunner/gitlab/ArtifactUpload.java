package dev.lambdarunner.gitlab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One artifact to upload.
 *
 * @param file     the bytes to send (a zip, a gzip stream or the raw report file)
 * @param filename the multipart file name, e.g. {@code artifacts.zip} or {@code tfplan.json}
 * @param type     {@code artifact_type}, e.g. {@code archive} or {@code terraform}; empty to omit
 * @param format   {@code artifact_format}: {@code zip}, {@code gzip} or {@code raw}; empty to omit
 * @param expireIn {@code expire_in} as the job gave it (e.g. {@code 1 week}); empty to omit
 * @param timeout  how long the whole upload may take
 */
public record ArtifactUpload(Path file, String filename, String type, String format, String expireIn,
                             Duration timeout) {

    public ArtifactUpload {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(filename, "filename");
        type = type == null ? "" : type;
        format = format == null ? "" : format;
        expireIn = expireIn == null ? "" : expireIn;
        Objects.requireNonNull(timeout, "timeout");
    }
}
