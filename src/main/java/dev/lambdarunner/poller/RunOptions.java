package dev.lambdarunner.poller;

import dev.lambdarunner.sensitive.Secret;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One runner's settings as chosen at start (CLI options over configuration).
 *
 * @param terraform the Terraform executable (a path, or a name on PATH)
 */
public record RunOptions(String gitlabUrl, Secret token, Path workDir, String terraform, Optional<String> tofu,
                         int concurrent, boolean once) {
}
