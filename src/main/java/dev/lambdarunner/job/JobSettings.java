package dev.lambdarunner.job;

import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.trace.TraceSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What every job of one runner shares.
 *
 * @param workDir            root of per-job workspaces
 * @param passThrough        runner environment entries handed to jobs (already filtered by the allowlist)
 * @param pluginCacheDir     shared Terraform plugin cache
 * @param afterScriptTimeout cap on the after_script step
 * @param credentials        asked in this order for each job's credentials; later ones win on a name clash
 * @param artifacts          limits of artifact uploads and dependency downloads
 * @param cliConfig          a generated Terraform CLI configuration (provider mirror), written into each job's
 *                           workspace and given to it as {@code TF_CLI_CONFIG_FILE}, if any
 * @param alwaysMasked       values masked in every job's log besides the job's own masked variables: the runner's
 *                           secrets (its token, the webhook secret, every credential set value, granted or not)
 */
public record JobSettings(Path workDir, RunnerIdentity runner, Map<String, String> passThrough, Path pluginCacheDir,
                          Duration afterScriptTimeout, TraceSettings trace, List<CredentialSource> credentials,
                          ArtifactSettings artifacts, Optional<String> cliConfig, Set<String> alwaysMasked) {

    public JobSettings {
        credentials = List.copyOf(credentials);
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(cliConfig, "cliConfig");
        alwaysMasked = Set.copyOf(alwaysMasked);
    }

    @Override
    public String toString() {
        return "JobSettings[workDir=" + workDir + ", passThrough=" + passThrough.keySet() + ", alwaysMasked="
                + alwaysMasked.size() + "]";
    }
}
