package dev.lambdarunner.terraform;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Terraform (or OpenTofu) invocation of a job, fully expanded.
 *
 * @param tool        {@code terraform} or {@code tofu}
 * @param args        the arguments after the binary
 * @param environment the complete environment the process gets (built, never inherited)
 * @param timeout     how long it may run before it is stopped
 * @param output      where its merged stdout/stderr goes (the masked job log)
 */
public record TerraformCall(String tool, List<String> args, Path workingDir, Map<String, String> environment,
                            Duration timeout, OutputStream output) {

    /** Never prints the environment: it carries the job's credentials. */
    @Override
    public String toString() {
        return "TerraformCall[" + tool + " " + String.join(" ", args) + " in " + workingDir + "]";
    }
}
