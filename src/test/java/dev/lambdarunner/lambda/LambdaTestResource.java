package dev.lambdarunner.lambda;

import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.MotoLambda;
import dev.lambdarunner.testsupport.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the function talks to in {@code *QuarkusTest}s: the GitLab fake (with the Terraform fixtures as repositories)
 * and moto's Lambda (the webhook's self-invoke), each on a free loopback port, plus the configuration pointing the
 * runner at them. Timings are short so that deadline tests run in seconds: a job may take 8 s
 * ({@code max-job-timeout}), 8 s are kept in reserve, and a long poll lasts at most 2 s, so another job needs 18 s.
 */
public class LambdaTestResource implements QuarkusTestResourceLifecycleManager {

    static final String FUNCTION = "lambda-runner-test";
    static final String WEBHOOK_SECRET = "webhook-secret-" + Long.toHexString(System.nanoTime());
    static final Duration PER_JOB = Duration.ofSeconds(8 + 8 + 2);

    private static FakeGitLab gitlab;
    private static FakeRunner runner;
    private static MotoLambda moto;
    private static final Map<String, FakeRepo> REPOS = new HashMap<>();
    private static Path work;

    static FakeGitLab gitlab() {
        return gitlab;
    }

    static FakeRunner runner() {
        return runner;
    }

    static MotoLambda moto() {
        return moto;
    }

    static FakeRepo repo(String fixture) {
        return REPOS.get(fixture);
    }

    static Path workDir() {
        return work;
    }

    @Override
    public Map<String, String> start() {
        moto = MotoLambda.start();
        moto.createFunction(FUNCTION);
        gitlab = FakeGitLab.start().longPoll(Duration.ofMillis(500));
        runner = gitlab.addRunner();
        for (String fixture : new String[] {"ok", "slow"}) {
            REPOS.put(fixture, gitlab.createRepo("infra/" + fixture, Path.of("src/test/resources/terraform", fixture)));
        }
        try {
            work = Files.createTempDirectory("lambda-runner-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The plain SDK client finds its credentials and region in the default chains: system properties here.
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_ACCESS_KEY);
        System.setProperty("aws.region", MotoServer.REGION);
        Map<String, String> config = new HashMap<>();
        config.put("runner.gitlab.url", gitlab.url());
        config.put("runner.gitlab.token", runner.token());
        config.put("runner.gitlab.webhook-secret", WEBHOOK_SECRET);
        config.put("runner.gitlab.check-interval", "PT0.2S");
        config.put("runner.gitlab.request-timeout", "PT2S");
        config.put("runner.work-dir", work.toString());
        config.put("runner.max-job-timeout", "PT8S");
        config.put("runner.lambda.reserve", "PT8S");
        config.put("runner.sandbox.kill-grace", "PT2S");
        config.put("runner.lambda.function-name", FUNCTION);
        config.put("runner.lambda.endpoint-override", moto.url().toString());
        return config;
    }

    @Override
    public void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
        if (gitlab != null) {
            gitlab.close();
        }
        if (moto != null) {
            moto.close();
        }
    }
}
