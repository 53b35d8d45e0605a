package dev.lambdarunner.testsupport;

import java.nio.charset.StandardCharsets;

/**
 * One artifact the fake GitLab accepted for a job.
 *
 * @param type     {@code artifact_type}, e.g. {@code archive} or {@code terraform}
 * @param format   {@code artifact_format}: {@code zip}, {@code gzip} or {@code raw}
 * @param filename the multipart file name
 * @param expireIn {@code expire_in}, or {@code null} when not sent
 * @param content  the file's bytes
 */
public record StoredArtifact(String type, String format, String filename, String expireIn, byte[] content) {

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "StoredArtifact[" + type + "/" + format + " " + filename + ", " + content.length + " bytes]";
    }
}
