package dev.lambdarunner.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FakeGitLab} under concurrent polls, injected faults and misbehaving clients. */
class FakeGitLabRobustnessTest extends FakeGitLabTestCase {

    @Test
    void concurrentPollsNeverGetTheSameJob() throws Exception {
        gitLab.longPoll(Duration.ZERO);
        List<FakeRunner> runners = List.of(runner, gitLab.addRunner(), gitLab.addRunner(), gitLab.addRunner());
        for (int i = 0; i < 20; i++) {
            gitLab.enqueue(JobSpec.builder().name("job-" + i).build());
        }
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> pollers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            FakeRunner r = runners.get(t % runners.size());
            pollers.add(pool.submit(() -> pollUntilEmpty(r, all)));
        }
        for (Future<?> poller : pollers) {
            poller.get();
        }
        pool.shutdown();

        assertThat(all).hasSize(20).doesNotHaveDuplicates();
        assertThat(gitLab.jobs()).allSatisfy(j -> assertThat(j.runner()).isNotNull());
        assertThat(gitLab.requests("POST", "/api/v4/jobs/request")).filteredOn(r -> r.status() == 201).hasSize(20);
    }

    private void pollUntilEmpty(FakeRunner r, List<Long> all) {
        for (HttpResponse<String> response = client.requestJob(r.token(), null); response.statusCode() == 201;
             response = client.requestJob(r.token(), null)) {
            all.add(parse(response.body()).get("id").asLong());
        }
    }

    private static JsonNode parse(String body) {
        try {
            return RunnerClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void injectedFaultsAnswerFirstThenTheRealEndpoint() {
        gitLab.faults().failNext("/api/v4/jobs/request", 429, 2, Map.of("Retry-After", "1"));

        HttpResponse<String> first = client.requestJob(runner.token(), null);
        HttpResponse<String> second = client.requestJob(runner.token(), null);
        HttpResponse<String> third = client.requestJob(runner.token(), null);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(first.body()).isEqualTo("{\"message\":\"429 Too Many Requests\"}");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(204);
    }

    @Test
    void requestsWithoutRunnerHeadersOrTokenAreViolations() {
        HttpResponse<String> noToken = client.send(client.runnerRequest("/jobs/request")
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"info\":{\"features\":{}}}")));
        client.send(HttpRequest.newBuilder(URI.create(gitLab.url() + "/api/v4/runners/verify"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"x\"}")));

        assertThat(noToken.statusCode()).isEqualTo(400);
        assertThat(gitLab.violations()).anySatisfy(v -> assertThat(v).contains("body has no token"))
                .anySatisfy(v -> assertThat(v).contains("User-Agent"))
                .anySatisfy(v -> assertThat(v).contains("X-Request-Id"));
    }
}
