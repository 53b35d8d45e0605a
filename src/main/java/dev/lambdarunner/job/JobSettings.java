package dev.lambdarunner.job;

import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.trace.TraceSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every job of one runner shares.
 *
 * @param workDir            root of per-job workspaces
 * @param afterScriptTimeout cap on the after_script step
 * @param artifacts          limits of artifact uploads and dependency downloads
 */
public record JobSettings(Path workDir, RunnerIdentity runner, ToolEnvironment environment,
                          Duration afterScriptTimeout, TraceSettings trace, ArtifactSettings artifacts, Secrets secrets) {

    public JobSettings {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * What the runner adds to every job's Terraform environment.
     *
     * @param passThrough    runner environment entries handed to jobs (already filtered by the allowlist)
     * @param pluginCacheDir shared Terraform plugin cache
     * @param cliConfig      a generated Terraform CLI configuration (provider mirror), written into each job's
     *                       workspace and given to it as {@code TF_CLI_CONFIG_FILE}, if any
     */
    public record ToolEnvironment(Map<String, String> passThrough, Path pluginCacheDir, Optional<String> cliConfig) {

        public ToolEnvironment {
            passThrough = Map.copyOf(passThrough);
            Objects.requireNonNull(cliConfig, "cliConfig");
        }

        @Override
        public String toString() {
            return "ToolEnvironment[passThrough=" + passThrough.keySet() + ", pluginCacheDir=" + pluginCacheDir + "]";
        }
    }

    /**
     * @param credentials  asked in this order for each job's credentials; later ones win on a name clash
     * @param alwaysMasked values masked in every job's log besides the job's own masked variables: the runner's
     *                     secrets (its token, the webhook secret, every credential set value, granted or not)
     */
    public record Secrets(List<CredentialSource> credentials, List<Secret> alwaysMasked) {

        public Secrets {
            credentials = List.copyOf(credentials);
            alwaysMasked = List.copyOf(alwaysMasked);
        }
    }
}
