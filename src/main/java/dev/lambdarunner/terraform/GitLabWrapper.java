package dev.lambdarunner.terraform;

import java.util.List;

/**
 * Plans a {@code gitlab-terraform <cmd> [args]} or {@code gitlab-tofu <cmd> [args]} line the way the wrapper script
 * runs it, as Terraform (or OpenTofu) invocations and their environment; nothing runs here. The {@link WrapperTool}
 * reads its variables, {@link WrapperCommands} turns the subcommand into invocations. The line fails with the exit
 * code of the first invocation that fails, as the wrappers' {@code sh -e} does.
 */
public final class GitLabWrapper {

    private GitLabWrapper() {
    }

    /**
     * @throws IllegalArgumentException for an empty line, a root directory outside the project, or settings the
     *                                  wrapper refuses (gitlab-tofu's auto encryption without a passphrase)
     */
    public static WrapperPlan plan(WrapperTool tool, WrapperRequest request) {
        if (request.args().isEmpty()) {
            throw new IllegalArgumentException(tool.command() + " needs a command (init, plan, plan-json, apply, ...)");
        }
        WrapperSetup setup = tool.setup(request);
        List<WrapperPlan.Step> steps = new WrapperCommands(tool, request, setup.root()).steps(setup.cache(), setup.json());
        return new WrapperPlan(tool.binary(), steps, setup.environment(), setup.secrets(), setup.notes());
    }
}
