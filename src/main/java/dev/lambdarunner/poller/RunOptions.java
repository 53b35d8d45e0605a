package dev.lambdarunner.poller;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One runner's settings as chosen at start (CLI options over configuration).
 *
 * @param terraform the Terraform executable (a path, or a name on PATH)
 */
public record RunOptions(String gitlabUrl, String token, Path workDir, String terraform, Optional<String> tofu,
                         int concurrent, boolean once) {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "RunOptions[url=" + gitlabUrl + ", workDir=" + workDir + ", terraform=" + terraform
                + ", concurrent=" + concurrent + ", once=" + once + "]";
    }
}
