package dev.lambdarunner.gitlab;

import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.testsupport.Answer;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner log reads "Action... outcome key=value" and never carries a token, whatever GitLab answers. */
class LogLinesTest {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger = Logger.getLogger("dev.lambdarunner.gitlab");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                    : record.getMessage() + " " + Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;
    @RegisterExtension
    final RunnerApiFixture gitlab = new RunnerApiFixture();

    @BeforeEach
    void start() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
    }

    @Test
    void aWholeJobsCalls_logNoTokens() {
        HttpGitLabRunnerApi api = gitlab.api(new FakeTime());
        gitlab.answer(Answer.json(200, "{\"id\":1,\"token\":\"" + RunnerApiFixture.RUNNER_TOKEN + "\"}"),
                Answer.of(403),
                Answer.of(429, Map.of("Retry-After", "1")),
                Answer.json(201, Samples.text(Samples.SPEC_COMPOSITE)),
                Answer.of(200, Map.of("Job-Status", "running")),
                Answer.of(416, Map.of("Range", "0-3")),
                Answer.of(202, Map.of("Range", "0-8")),
                Answer.of(403, Map.of("Job-Status", "canceled")));

        api.verifyRunner();
        api.requestJob(null);
        api.requestJob("v");
        api.updateJob(1001, RunnerApiFixture.JOB_SECRET, UpdateJobRequest.running());
        api.patchTrace(1001, RunnerApiFixture.JOB_SECRET, "hello".getBytes(), 0, false);
        api.patchTrace(1001, RunnerApiFixture.JOB_SECRET, "hello".getBytes(), 3, false);
        api.updateJob(1001, RunnerApiFixture.JOB_SECRET, new UpdateJobRequest("failed", "script_failure", 1, null));

        assertThat(lines).contains("Checking for jobs... received job_id=1001 job_name=spinach");
        assertThat(lines).anyMatch(l -> l.matches("Waiting before making the next call\\.\\.\\. method=POST "
                + "path=/api/v4/jobs/request status=429 attempt=1 delay=PT1S"));
        assertThat(lines).anyMatch(l -> l.startsWith("Appending trace to coordinator... range_mismatch job_id=1001"));
        assertThat(lines).allSatisfy(l -> assertThat(l)
                .doesNotContain(RunnerApiFixture.RUNNER_TOKEN)
                .doesNotContain(RunnerApiFixture.JOB_TOKEN)
                .doesNotContain("glcbt-EXAMPLE_JOB_TOKEN"));
    }
}
