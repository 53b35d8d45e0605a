package dev.lambdarunner.terraform;

import dev.lambdarunner.sandbox.ProcessSandbox;
import dev.lambdarunner.sandbox.SandboxProcess;
import dev.lambdarunner.sandbox.SandboxSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Terraform for a job in the sandbox: an argv with the resolved binary, never a shell. Stopping
 * is the sandbox's graceful sequence, so Terraform gets to release its state lock first.
 */
public final class TerraformRunner {

    private final ProcessSandbox sandbox;
    private final TerraformBinaries binaries;
    private final Duration killGrace;

    public TerraformRunner(ProcessSandbox sandbox, TerraformBinaries binaries, Duration killGrace) {
        this.sandbox = sandbox;
        this.binaries = binaries;
        this.killGrace = killGrace;
    }

    public SandboxProcess start(TerraformCall call) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(binaries.binaryFor(call.tool()).toString());
        argv.addAll(call.args());
        return sandbox.start(new SandboxSpec(argv, call.workingDir(), call.environment(), call.timeout(), killGrace,
                call.output()));
    }

    public TerraformBinaries binaries() {
        return binaries;
    }
}
