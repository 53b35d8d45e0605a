package dev.lambdarunner.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.FakeGitLab;
import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.FakeRunner;
import dev.lambdarunner.testsupport.GitExchange;
import dev.lambdarunner.testsupport.JobSpec;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches a job's sources as the runner does: the job is started on the fake GitLab, the {@link SourceRequest} is
 * built from its {@code git_info}, and the repository's git exchanges during the fetch are kept. Fetches may run
 * concurrently; each gets its own job and project directory under {@code builds}.
 */
final class RunnerFetch {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One fetch: the job, its project directory, the fetcher's log, and the repository's git exchanges. */
    record Fetched(FakeJob job, Path dir, String log, List<GitExchange> exchanges) {
        long uploadPackBytes() {
            return exchanges.stream().filter(GitExchange::uploadPack).mapToLong(GitExchange::responseBytes).sum();
        }

        long objects() {
            return exchanges.stream().filter(GitExchange::sentObjects).mapToLong(GitExchange::packObjects).sum();
        }

        long totalBytes() {
            return exchanges.stream().mapToLong(GitExchange::responseBytes).sum();
        }
    }

    private final FakeGitLab gitLab;
    private final FakeRunner runner;
    private final Path builds;

    RunnerFetch(FakeGitLab gitLab, FakeRunner runner, Path builds) {
        this.gitLab = gitLab;
        this.runner = runner;
        this.builds = builds;
    }

    Fetched fetch(SourceFetcher fetcher, FakeRepo repo, int depth) throws Exception {
        FakeJob job;
        // One job at a time: the runner's jobs/request takes whichever job is first in the queue.
        synchronized (gitLab) {
            job = gitLab.startJob(runner, JobSpec.builder().repo(repo).depth(depth).build());
        }
        JsonNode git = JSON.readTree(job.payload()).get("git_info");
        List<String> refspecs = new ArrayList<>();
        git.get("refspecs").forEach(r -> refspecs.add(r.asText()));
        Path dir = Files.createDirectories(builds.resolve(job.id() + "/project"));
        SourceRequest request = new SourceRequest(Secret.of(git.get("repo_url").asText()), git.get("ref").asText(),
                git.get("ref_type").asText(), git.get("sha").asText(), refspecs, git.get("depth").asInt(), true,
                dir, Duration.ofMinutes(1));
        int before = gitLab.gitExchanges().size();
        StringWriter log = new StringWriter();
        fetcher.fetch(request, log, () -> false);
        List<GitExchange> all = gitLab.gitExchanges();
        List<GitExchange> mine = all.subList(before, all.size()).stream()
                .filter(e -> e.repository().equals(repo.fullPath())).toList();
        return new Fetched(job, dir, log.toString(), mine);
    }
}
