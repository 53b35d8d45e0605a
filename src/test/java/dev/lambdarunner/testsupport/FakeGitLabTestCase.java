package dev.lambdarunner.testsupport;

import org.junit.jupiter.api.AfterEach;

/**
 * What each test of {@link FakeGitLab} itself starts from: a fresh fake, a client that speaks to it as a runner
 * does, and one registered runner. The fake is closed after every test.
 */
abstract class FakeGitLabTestCase {
    final FakeGitLab gitLab = FakeGitLab.start();
    final RunnerClient client = new RunnerClient(gitLab);
    final FakeRunner runner = gitLab.addRunner();

    @AfterEach
    void closeTheFake() {
        gitLab.close();
    }
}
