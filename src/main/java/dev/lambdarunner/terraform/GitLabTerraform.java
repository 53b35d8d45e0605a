package dev.lambdarunner.terraform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans a {@code gitlab-terraform <cmd> [args]} line the way GitLab's wrapper ({@code gitlab-terraform.sh} of
 * gitlab-org/terraform-images) runs it, as Terraform invocations and their environment; nothing runs here.
 * <ul>
 *   <li>state: {@code TF_ADDRESS}, else {@code ${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/terraform/state/${TF_STATE_NAME}}
 *       when {@code TF_STATE_NAME} is set, as {@code TF_HTTP_ADDRESS} with {@code /lock} for lock and unlock (POST,
 *       DELETE); credentials {@code gitlab-ci-token}/{@code CI_JOB_TOKEN} unless {@code TF_PASSWORD} is set (then
 *       {@code TF_USERNAME}, default {@code GITLAB_USER_LOGIN}); every {@code TF_HTTP_*} the job set wins. The
 *       configuration needs {@code backend "http" {}}: without one Terraform ignores all of this and keeps local
 *       state, as with GitLab's image;</li>
 *   <li>{@code TF_ROOT}: {@code -chdir=<its real path>} on every call, and {@code plan.cache}/{@code plan.json} in
 *       it; else {@code TF_PLAN_CACHE}/{@code TF_PLAN_JSON}, default {@code plan.cache}/{@code plan.json};</li>
 *   <li>{@code init}: {@code init -input=false -reconfigure ${TF_INIT_FLAGS}} ({@code TF_INIT_NO_RECONFIGURE=true}
 *       drops {@code -reconfigure}); {@code plan}, {@code apply}, {@code destroy} and {@code validate} (with
 *       {@code -backend=false}) init first when {@code TF_IMPLICIT_INIT} is unset, empty or {@code true};</li>
 *   <li>{@code plan}: {@code plan -input=false -out=<cache>}; {@code plan-json}: {@code show -json <cache>} turned
 *       into the merge-request report; {@code apply}: {@code apply -input=false <cache>}; {@code destroy}:
 *       {@code destroy -auto-approve}; {@code fmt}: {@code fmt -check -diff -recursive}; {@code --} or anything
 *       else goes to Terraform as it is.</li>
 * </ul>
 * The line fails with the exit code of the first invocation that fails, as the wrapper's {@code sh -e} does.
 */
public final class GitLabTerraform {

    private static final String TOOL = "terraform";

    private GitLabTerraform() {
    }

    /** @throws IllegalArgumentException when {@code TF_ROOT} leads outside the project directory or the line is empty */
    public static WrapperPlan plan(WrapperRequest request) {
        if (request.args().isEmpty()) {
            throw new IllegalArgumentException("gitlab-terraform needs a command (init, plan, plan-json, apply, ...)");
        }
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
        // the wrapper runs "$TF_IMPLICIT_INIT && terraform_init": only the value true runs init
        Commands commands = new Commands(request, root, "true".equals(request.get("TF_IMPLICIT_INIT").orElse("true")));
        return new WrapperPlan(TOOL, commands.steps(cache, json), env.environment(), env.secrets(), notes);
    }

    /** The invocations of one subcommand. */
    private record Commands(WrapperRequest request, Optional<Path> root, boolean implicitInit) {

        List<WrapperPlan.Step> steps(Path cache, Path json) {
            String command = request.args().get(0);
            List<WrapperPlan.Step> steps = new ArrayList<>();
            switch (command) {
                case "apply" -> init(steps).add(run(user().add("-input=false").add(cache.toString())));
                case "destroy" -> init(steps).add(run(user().add("-auto-approve")));
                case "fmt" -> steps.add(run(user().add("-check").add("-diff").add("-recursive")));
                case "init" -> steps.add(initStep(1, List.of()));
                case "plan" -> init(steps).add(run(user().add("-input=false").add("-out=" + cache)));
                case "plan-json" -> steps.add(new WrapperPlan.PlanJson(
                        chdir().add("show").add("-json").add(cache.toString()).values(),
                        chdir().add("show").add("-json").add(cache.toString()).display(TOOL) + " > " + json, json));
                case "validate" -> {
                    if (implicitInit) {
                        steps.add(initStep(request.args().size(), List.of("-backend=false")));
                    }
                    steps.add(run(user()));
                }
                case "--" -> steps.add(run(chdir().addUser(request, 1)));
                default -> steps.add(run(user()));
            }
            return steps;
        }

        private List<WrapperPlan.Step> init(List<WrapperPlan.Step> steps) {
            if (implicitInit) {
                steps.add(initStep(request.args().size(), List.of()));
            }
            return steps;
        }

        /** {@code init <args from userFrom> <extra> -input=false [-reconfigure] ${TF_INIT_FLAGS}}. */
        private WrapperPlan.Step initStep(int userFrom, List<String> extra) {
            ArgList args = chdir().add("init").addUser(request, userFrom);
            extra.forEach(args::add);
            args.add("-input=false");
            if (!"true".equals(request.get("TF_INIT_NO_RECONFIGURE").orElse(""))) {
                args.add("-reconfigure");
            }
            request.get("TF_INIT_FLAGS").ifPresent(flags -> args.addWords(flags, "TF_INIT_FLAGS"));
            return run(args);
        }

        private ArgList chdir() {
            ArgList args = new ArgList();
            root.ifPresent(r -> args.add("-chdir=" + r));
            return args;
        }

        private ArgList user() {
            return chdir().addUser(request, 0);
        }

        private static WrapperPlan.Run run(ArgList args) {
            return new WrapperPlan.Run(args.values(), args.display(TOOL), false);
        }
    }
}
