package dev.lambdarunner.terraform;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * Plans a {@code gitlab-tofu <cmd> [args]} line the way the OpenTofu CI/CD component's {@code gitlab-tofu} script
 * runs it; nothing runs here. Its own variables ({@code GITLAB_TOFU_STATE_NAME} default {@code default},
 * {@code GITLAB_TOFU_STATE_ADDRESS}, {@code GITLAB_TOFU_ROOT_DIR}, {@code GITLAB_TOFU_PLAN_NAME}/{@code _CACHE}/
 * {@code _JSON}, {@code GITLAB_TOFU_INIT_FLAGS}, {@code GITLAB_TOFU_IMPLICIT_INIT}, {@code GITLAB_TOFU_IGNORE_INIT_ERRORS},
 * {@code GITLAB_TOFU_INIT_NO_RECONFIGURE}, {@code GITLAB_TOFU_USE_DETAILED_EXITCODE},
 * {@code GITLAB_TOFU_ALLOW_DEVELOPER_ROLE}, {@code GITLAB_TOFU_APPLY_NO_PLAN}, {@code GITLAB_TOFU_VAR_FILE}) with the
 * deprecated {@code TF_STATE_NAME}/{@code TF_ADDRESS}/{@code TF_ROOT} as fallbacks; the backend always uses
 * {@code gitlab-ci-token}/{@code CI_JOB_TOKEN} unless {@code TF_HTTP_USERNAME}/{@code TF_HTTP_PASSWORD} are set.
 * {@code GITLAB_TOFU_PLAN_WITH_JSON=true} writes the plan report right after {@code plan} (also after its exit code 2
 * under {@code GITLAB_TOFU_USE_DETAILED_EXITCODE}, and the line then ends with that 2); {@code GITLAB_TOFU_AUTO_ENCRYPTION}
 * sets OpenTofu's {@code TF_ENCRYPTION} (pbkdf2 + aes_gcm for state and plan, with the unencrypted fallback when
 * migrating), which only a tofu binary reads. Followed: component 0.50.0.
 */
public final class GitLabTofu {

    private static final String TOOL = "tofu";

    private GitLabTofu() {
    }

    /** @throws IllegalArgumentException for an empty line, a root outside the project, or an unsupported option */
    public static WrapperPlan plan(WrapperRequest request) {
        if (request.args().isEmpty()) {
            throw new IllegalArgumentException("gitlab-tofu needs a command (init, plan, plan-json, apply, ...)");
        }
        boolean encryption = flag(request, "GITLAB_TOFU_AUTO_ENCRYPTION", false);
        String passphrase = request.get("GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE").orElse("");
        boolean migration = flag(request, "GITLAB_TOFU_AUTO_ENCRYPTION_ENABLE_MIGRATION_FROM_UNENCRYPTED", false);
        if (encryption && passphrase.isEmpty()) {
            throw new IllegalArgumentException("a passphrase ($GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE) must be provided"
                    + " when auto encryption ($GITLAB_TOFU_AUTO_ENCRYPTION) is enabled");
        }
        if (!encryption && migration) {
            throw new IllegalArgumentException("auto encryption ($GITLAB_TOFU_AUTO_ENCRYPTION) must be enabled to"
                    + " enable migration from an unencrypted state"
                    + " ($GITLAB_TOFU_AUTO_ENCRYPTION_ENABLE_MIGRATION_FROM_UNENCRYPTED)");
        }
        List<String> notes = new ArrayList<>();
        String stateName = setting(request, "GITLAB_TOFU_STATE_NAME", "TF_STATE_NAME", notes).orElse("default");
        String address = setting(request, "GITLAB_TOFU_STATE_ADDRESS", "TF_ADDRESS", notes).orElse(
                request.get("CI_API_V4_URL").orElse("") + "/projects/" + request.get("CI_PROJECT_ID").orElse("")
                        + "/terraform/state/" + URLEncoder.encode(stateName, StandardCharsets.UTF_8)
                        .replace("+", "%20").replace("*", "%2A").replace("%7E", "~")); // jq @uri
        Optional<Path> root = setting(request, "GITLAB_TOFU_ROOT_DIR", "TF_ROOT", notes)
                .map(dir -> request.directories().resolve(dir));
        String planName = request.get("GITLAB_TOFU_PLAN_NAME").orElse("plan");
        Path cache = Path.of(request.get("GITLAB_TOFU_PLAN_CACHE").orElse(
                root.map(r -> r.resolve(planName + ".cache").toString()).orElse(planName + ".cache")));
        Path json = Path.of(request.get("GITLAB_TOFU_PLAN_JSON").orElse(
                root.map(r -> r.resolve(planName + ".json").toString()).orElse(planName + ".json")));
        BackendEnvironment env = new BackendEnvironment(request)
                .backend(Optional.of(address), "gitlab-ci-token", request.get("CI_JOB_TOKEN").orElse(""))
                .ciVariables(true).automation().registryToken();
        Map<String, String> environment = new LinkedHashMap<>(env.environment());
        Set<String> secrets = new LinkedHashSet<>(env.secrets());
        if (encryption) {
            environment.put("TF_ENCRYPTION", TofuEncryption.config(passphrase, migration));
            secrets.add(passphrase);
        }
        return new WrapperPlan(TOOL, new Commands(request, root).steps(cache, json), environment, secrets, notes);
    }

    /** {@code GITLAB_TOFU_*} first, then the deprecated name with gitlab-tofu's warning. */
    private static Optional<String> setting(WrapperRequest request, String name, String deprecated, List<String> notes) {
        Optional<String> old = request.get(deprecated);
        old.ifPresent(v -> notes.add("WARNING: you have manually set the deprecated " + deprecated
                + " environment variable. Please use the " + name + " environment variable instead."));
        return request.get(name).or(() -> old);
    }

    private static boolean flag(WrapperRequest request, String name, boolean fallback) {
        return request.get(name).map("true"::equals).orElse(fallback);
    }

    private record Commands(WrapperRequest request, Optional<Path> root) {

        List<WrapperPlan.Step> steps(Path cache, Path json) {
            List<WrapperPlan.Step> steps = new ArrayList<>();
            switch (request.args().get(0)) {
                case "apply" -> {
                    init(steps, List.of());
                    ArgList args = user().add("-input=false").add("-auto-approve");
                    steps.add(run(flag(request, "GITLAB_TOFU_APPLY_NO_PLAN", false) ? varFile(args)
                            : args.add(cache.toString()), false));
                }
                case "destroy" -> {
                    init(steps, List.of());
                    steps.add(run(user().add("-auto-approve"), false));
                }
                case "fmt" -> steps.add(run(user().add("-check").add("-diff").add("-recursive"), false));
                case "init" -> steps.add(initStep(1, List.of()));
                case "plan" -> {
                    init(steps, List.of());
                    ArgList args = varFile(user().add("-input=false").add("-out=" + cache));
                    if (flag(request, "GITLAB_TOFU_USE_DETAILED_EXITCODE", false)) {
                        args.add("-detailed-exitcode");
                    }
                    if (flag(request, "GITLAB_TOFU_ALLOW_DEVELOPER_ROLE", false)) {
                        args.add("-lock=false");
                    }
                    boolean detailed = flag(request, "GITLAB_TOFU_USE_DETAILED_EXITCODE", false);
                    steps.add(new WrapperPlan.Run(args.values(), args.display(TOOL), false, detailed));
                    if (flag(request, "GITLAB_TOFU_PLAN_WITH_JSON", false)) {
                        ArgList show = chdir().add("show").add("-json").add(cache.toString());
                        steps.add(new WrapperPlan.PlanJson(show.values(), show.display(TOOL) + " > " + json, json));
                    }
                }
                case "plan-json" -> {
                    ArgList show = chdir().add("show").add("-json").add(cache.toString());
                    steps.add(new WrapperPlan.PlanJson(show.values(), show.display(TOOL) + " > " + json, json));
                }
                case "validate", "test" -> {
                    init(steps, List.of("-backend=false"));
                    steps.add(run(varFile(user()), false));
                }
                case "graph" -> {
                    init(steps, List.of());
                    steps.add(run(varFile(user()), false));
                }
                case "--" -> steps.add(run(chdir().addUser(request, 1), false));
                default -> steps.add(run(user(), false));
            }
            return steps;
        }

        private void init(List<WrapperPlan.Step> steps, List<String> extra) {
            if (flag(request, "GITLAB_TOFU_IMPLICIT_INIT", true)) {
                steps.add(initStep(request.args().size(), extra));
            }
        }

        private WrapperPlan.Step initStep(int userFrom, List<String> extra) {
            ArgList args = chdir().add("init").addUser(request, userFrom);
            extra.forEach(args::add);
            args.add("-input=false");
            if (!flag(request, "GITLAB_TOFU_INIT_NO_RECONFIGURE", false)) {
                args.add("-reconfigure");
            }
            request.get("GITLAB_TOFU_INIT_FLAGS").ifPresent(f -> args.addWords(f, "GITLAB_TOFU_INIT_FLAGS"));
            return run(varFile(args), flag(request, "GITLAB_TOFU_IGNORE_INIT_ERRORS", false));
        }

        private ArgList varFile(ArgList args) {
            request.get("GITLAB_TOFU_VAR_FILE").ifPresent(f -> args.add("--var-file=" + f, "--var-file=${GITLAB_TOFU_VAR_FILE}"));
            return args;
        }

        private ArgList chdir() {
            ArgList args = new ArgList();
            root.ifPresent(r -> args.add("-chdir=" + r));
            return args;
        }

        private ArgList user() {
            return chdir().addUser(request, 0);
        }

        private static WrapperPlan.Run run(ArgList args, boolean ignoreFailure) {
            return new WrapperPlan.Run(args.values(), args.display(TOOL), ignoreFailure);
        }
    }
}
