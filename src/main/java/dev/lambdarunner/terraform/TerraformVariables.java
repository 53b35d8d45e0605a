package dev.lambdarunner.terraform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code gitlab-terraform} ({@code gitlab-terraform.sh} of gitlab-org/terraform-images) reads before its
 * subcommand:
 * <ul>
 *   <li>state: {@code TF_ADDRESS}, else {@code ${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/terraform/state/${TF_STATE_NAME}}
 *       when {@code TF_STATE_NAME} is set, as {@code TF_HTTP_ADDRESS} with {@code /lock} for lock and unlock (POST,
 *       DELETE); credentials {@code gitlab-ci-token}/{@code CI_JOB_TOKEN} unless {@code TF_PASSWORD} is set (then
 *       {@code TF_USERNAME}, default {@code GITLAB_USER_LOGIN}); every {@code TF_HTTP_*} the job set wins. The
 *       configuration needs {@code backend "http" {}}: without one Terraform ignores all of this and keeps local
 *       state, as with GitLab's image;</li>
 *   <li>{@code TF_ROOT}: {@code -chdir=<its real path>} on every call, and {@code plan.cache}/{@code plan.json} in
 *       it; else {@code TF_PLAN_CACHE}/{@code TF_PLAN_JSON}, default {@code plan.cache}/{@code plan.json}.</li>
 * </ul>
 */
final class TerraformVariables {

    private TerraformVariables() {
    }

    /** @throws IllegalArgumentException when {@code TF_ROOT} leads outside the project directory */
    static WrapperSetup read(WrapperRequest request) {
        List<String> notes = new ArrayList<>();
        String username = request.get("TF_USERNAME").orElse(request.get("GITLAB_USER_LOGIN").orElse(""));
        String password = request.get("TF_PASSWORD").orElse("");
        if (password.isEmpty()) {
            username = "gitlab-ci-token";
            password = request.get("CI_JOB_TOKEN").orElse("");
        }
        Optional<String> address = request.get("TF_ADDRESS").or(() -> request.get("TF_STATE_NAME").map(name ->
                request.get("CI_API_V4_URL").orElse("") + "/projects/" + request.get("CI_PROJECT_ID").orElse("")
                        + "/terraform/state/" + name));
        if (address.isEmpty() && request.get("TF_HTTP_ADDRESS").isEmpty()) {
            notes.add("gitlab-terraform: neither TF_STATE_NAME nor TF_ADDRESS is set: no GitLab-managed state");
        }
        Optional<Path> root = request.get("TF_ROOT").map(dir -> request.directories().resolve(dir));
        Path cache = Path.of(request.get("TF_PLAN_CACHE").orElse(root.map(r -> r.resolve("plan.cache").toString())
                .orElse("plan.cache")));
        Path json = Path.of(request.get("TF_PLAN_JSON").orElse(root.map(r -> r.resolve("plan.json").toString())
                .orElse("plan.json")));
        BackendEnvironment env = new BackendEnvironment(request).backend(address, username, password)
                .ciVariables(false).automation().registryToken();
        return new WrapperSetup(root, cache, json, env.environment(), env.secrets(), notes);
    }
}
