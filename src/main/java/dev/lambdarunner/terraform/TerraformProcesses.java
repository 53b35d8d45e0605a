package dev.lambdarunner.terraform;

import dev.lambdarunner.sandbox.RunningProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the job engine needs to run Terraform and OpenTofu: start one call, ask a tool's version, know where the
 * binaries are. {@link TerraformRunner} does it in the sandbox; tests of the engine stand in for it.
 */
public interface TerraformProcesses {

    /** Starts {@code call} with the binary of its tool; never through a shell. */
    RunningProcess start(TerraformCall call) throws IOException;

    /** The version {@code tool} (terraform or tofu) reports; empty when the tool is not enabled or does not say. */
    Optional<String> version(String tool);

    /** The Terraform binary, whose directory is first on a job's {@code PATH}. */
    Path terraformBinary();
}
