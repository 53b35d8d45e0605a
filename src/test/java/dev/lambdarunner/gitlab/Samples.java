package dev.lambdarunner.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The protocol reference's real payload samples, copied to {@code src/test/resources/samples/}. */
final class Samples {

    static final String WIRE_CAPTURE_11_4_5 = "job_response_gitlab-11.4.5_wire-capture.json";
    static final String RUNNER_TESTFIXTURE = "job_response_gitlab-runner_testfixture.json";
    static final String SPEC_COMPOSITE = "job_response_gitlab-spec-expectations_composite.json";
    static final String REQUEST_19_X = "job_request_runner-19.x_shell_constructed.json";

    private Samples() {
    }

    static String text(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource samples/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return new ObjectMapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
