package dev.lambdarunner.gitlab;

import dev.lambdarunner.sensitive.Secret;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.lambdarunner.gitlab.GitLabHeaders.CONTENT_TYPE;
import static dev.lambdarunner.gitlab.GitLabHeaders.JOB_TOKEN;

/**
 * The wire form of the artifacts calls (protocol reference §9): the upload is {@code multipart/form-data} with
 * one part {@code file} ({@code application/octet-stream}), its options in the query; the download is a plain
 * {@code GET}. Each attempt builds a fresh request that streams the file again.
 */
final class ArtifactRequests {

    private final GitLabRequests requests;

    ArtifactRequests(GitLabRequests requests) {
        this.requests = requests;
    }

    GitLabCall upload(long jobId, Secret jobToken, ArtifactUpload upload) {
        String path = "/api/v4/jobs/" + jobId + "/artifacts";
        String query = query(upload);
        return new GitLabCall("POST", path, () -> {
            String boundary = "------lambda-runner-" + UUID.randomUUID().toString().replace("-", "");
            return requests.base(path + query, upload.timeout())
                    .header(JOB_TOKEN, jobToken.value())
                    .header(CONTENT_TYPE, "multipart/form-data; boundary=" + boundary)
                    .POST(multipart(boundary, upload.filename(), upload.file()))
                    .build();
        });
    }

    GitLabCall download(long jobId, Secret token, Duration timeout) {
        String path = "/api/v4/jobs/" + jobId + "/artifacts";
        return new GitLabCall("GET", path, () -> requests.base(path, timeout)
                .header(JOB_TOKEN, token.value())
                .GET()
                .build());
    }

    /** Only the non-empty options, as gitlab-runner sends them. */
    static String query(ArtifactUpload upload) {
        List<String> params = new ArrayList<>();
        add(params, "artifact_format", upload.format());
        add(params, "artifact_type", upload.type());
        add(params, "expire_in", upload.expireIn());
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    private static void add(List<String> params, String name, String value) {
        if (!value.isEmpty()) {
            params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
    }

    private static HttpRequest.BodyPublisher multipart(String boundary, String filename, Path file) {
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + quoted(filename) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        try {
            return HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("reading artifact " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file name cannot break out of its quotes or header line. */
    private static String quoted(String filename) {
        return filename.replaceAll("[\"\\\\\r\n]", "_");
    }
}
