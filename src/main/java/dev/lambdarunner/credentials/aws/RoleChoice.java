package dev.lambdarunner.credentials.aws;

/**
 * The role a job gets and why, decided from its verified claims and the job engine's own view of the ref.
 * The apply role needs every one of: an apply role configured; the token's {@code ref_protected}; the job
 * engine agreeing the ref is protected (from the payload, which job variables cannot fake); the token's
 * {@code environment_protected} when {@code require-protected-environment} is set; and the token's project in
 * {@code apply-projects}. AWS trust policies cannot check the first four, so the runner does.
 *
 * @param reason why the plan role, for the job log; empty for the apply role
 */
record RoleChoice(RoleKind kind, String roleArn, String reason) {

    static RoleChoice decide(KeylessSettings settings, IdTokenClaims claims, boolean engineSaysProtected) {
        if (settings.applyRoleArn().isEmpty()) {
            return plan(settings, "");
        }
        if (!claims.refProtected()) {
            return plan(settings, "ref " + Shown.quoted(claims.ref()) + " is not protected");
        }
        if (!engineSaysProtected) {
            return plan(settings, "the job's payload does not mark ref " + Shown.quoted(claims.ref()) + " protected");
        }
        if (settings.requireProtectedEnvironment() && !claims.environmentProtected().orElse(false)) {
            return plan(settings, claims.environment().map(e -> "environment " + Shown.quoted(e) + " is not protected")
                    .orElse("the job has no environment and runner.keyless.require-protected-environment is set"));
        }
        if (!settings.applyAllowed(claims.projectPath())) {
            return plan(settings, "project " + Shown.quoted(claims.projectPath()) + " is not in runner.keyless.apply-projects");
        }
        return new RoleChoice(RoleKind.APPLY, settings.applyRoleArn().get(), "");
    }

    private static RoleChoice plan(KeylessSettings settings, String reason) {
        return new RoleChoice(RoleKind.PLAN, settings.planRoleArn(), reason);
    }
}
