package dev.lambdarunner.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every IAM document of both stacks and of the bootstrap: no wildcard action or resource without a Wildcard* Sid
 * and a "# wildcard:" comment that says why; Terraform writes the same statements, environments and names as the
 * SAM stack deployed to moto; the setup, operator and keep-alive identities may do what their job needs and not
 * more; the key lets each function role decrypt only its own runner's documents; docs/minimum-privileges.md lists
 * every statement.
 */
class IamPoliciesIT {

    @BeforeAll
    static void tools() {
        DeployTool.requireForChecks("terraform", "the Terraform policy modules are evaluated with real terraform, offline");
    }

    @Test
    void wildcardCheckRejectsWhatItMust() {
        DeployTool.checksSaying("selftest",
                "ok: the wildcard check flags unjustified, unnamed, stale and negated wildcards");
    }

    @Test
    void policiesAreJustifiedMinimalAndTheSameInSamAndTerraform() {
        DeployTool.Result checks = DeployTool.checksSaying("iam",
                "has a Wildcard* Sid and a '# wildcard:' justification",
                "ok: key_policy: Terraform writes the same statements as SAM",
                "ok: apply_function_runner_policy: Terraform writes the same statements as SAM",
                "ok: Terraform key policy: each function role decrypts only under its own runner's context",
                "ok: function environment of gitlab-runner-ci: Terraform sets the same names and values as SAM",
                "ok: function environment of gitlab-runner-ci-apply: Terraform sets the same names and values as SAM",
                "ok: resource kinds and counts: the Terraform runner module has what the SAM stack has",
                "ok: setup identity may deploy and update every resource of the stack",
                "ok: role gitlab-runner-ci-apply-function works inside the permissions boundary",
                "ok: operator encrypts only under the two runners' contexts",
                "ok: keep-alive identity may invoke the two functions and do nothing else",
                "ok: docs/minimum-privileges.md lists every statement with all its actions");

        assertThat(DeployTool.okLines(checks)).as("checks run").isGreaterThanOrEqualTo(30);
    }
}
