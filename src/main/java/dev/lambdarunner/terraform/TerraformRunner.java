package dev.lambdarunner.terraform;

import dev.lambdarunner.sandbox.ProcessSandbox;
import dev.lambdarunner.sandbox.SandboxProcess;
import dev.lambdarunner.sandbox.SandboxSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts Terraform for a job in the sandbox: an argv with the resolved binary, never a shell. Stopping
 * is the sandbox's graceful sequence, so Terraform gets to release its state lock first.
 */
public final class TerraformRunner implements TerraformProcesses {

    private final ProcessSandbox sandbox;
    private final TerraformBinaries binaries;
    private final Duration killGrace;
    private final BinaryVersions versions;

    public TerraformRunner(ProcessSandbox sandbox, TerraformBinaries binaries, Duration killGrace) {
        this.sandbox = sandbox;
        this.binaries = binaries;
        this.killGrace = killGrace;
        this.versions = new BinaryVersions(sandbox, killGrace);
    }

    @Override
    public SandboxProcess start(TerraformCall call) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(binaries.binaryFor(call.tool()).toString());
        argv.addAll(call.args());
        return sandbox.start(new SandboxSpec(argv, call.workingDir(), call.environment(), call.timeout(), killGrace,
                call.output()));
    }

    /** Asked once per runner process on first use. */
    @Override
    public Optional<String> version(String tool) {
        if ("tofu".equals(tool) && binaries.tofu().isEmpty()) {
            return Optional.empty();
        }
        return versions.of(binaries.binaryFor(tool));
    }

    @Override
    public Path terraformBinary() {
        return binaries.terraform();
    }
}
