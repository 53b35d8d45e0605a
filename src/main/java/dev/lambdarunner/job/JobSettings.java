package dev.lambdarunner.job;

import dev.lambdarunner.credentials.CredentialSource;
import dev.lambdarunner.trace.TraceSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every job of one runner shares.
 *
 * @param workDir            root of per-job workspaces
 * @param passThrough        runner environment entries handed to jobs (already filtered by the allowlist)
 * @param pluginCacheDir     shared Terraform plugin cache
 * @param afterScriptTimeout cap on the after_script step
 * @param credentials        asked in this order for each job's credentials; later ones win on a name clash
 */
public record JobSettings(Path workDir, RunnerIdentity runner, Map<String, String> passThrough, Path pluginCacheDir,
                          Duration afterScriptTimeout, TraceSettings trace, List<CredentialSource> credentials) {

    public JobSettings {
        credentials = List.copyOf(credentials);
    }

    @Override
    public String toString() {
        return "JobSettings[workDir=" + workDir + ", passThrough=" + passThrough.keySet() + "]";
    }
}
