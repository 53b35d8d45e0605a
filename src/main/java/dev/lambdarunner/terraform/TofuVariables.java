package dev.lambdarunner.terraform;

import dev.lambdarunner.sensitive.Secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the OpenTofu CI/CD component's {@code gitlab-tofu} script reads before its subcommand: its own variables
 * ({@code GITLAB_TOFU_STATE_NAME} default {@code default}, {@code GITLAB_TOFU_STATE_ADDRESS},
 * {@code GITLAB_TOFU_ROOT_DIR}, {@code GITLAB_TOFU_PLAN_NAME}/{@code _CACHE}/{@code _JSON}) with the deprecated
 * {@code TF_STATE_NAME}/{@code TF_ADDRESS}/{@code TF_ROOT} as fallbacks; the backend always uses
 * {@code gitlab-ci-token}/{@code CI_JOB_TOKEN} unless {@code TF_HTTP_USERNAME}/{@code TF_HTTP_PASSWORD} are set.
 * {@code GITLAB_TOFU_AUTO_ENCRYPTION} sets OpenTofu's {@code TF_ENCRYPTION} (pbkdf2 + aes_gcm for state and plan,
 * with the unencrypted fallback when migrating), which only a tofu binary reads. Followed: component 0.50.0.
 */
final class TofuVariables {

    private TofuVariables() {
    }

    /** @throws IllegalArgumentException for a root outside the project or an unsupported encryption setting */
    static WrapperSetup read(WrapperRequest request) {
        boolean encryption = flag(request, "GITLAB_TOFU_AUTO_ENCRYPTION");
        String passphrase = request.get("GITLAB_TOFU_AUTO_ENCRYPTION_PASSPHRASE").orElse("");
        boolean migration = flag(request, "GITLAB_TOFU_AUTO_ENCRYPTION_ENABLE_MIGRATION_FROM_UNENCRYPTED");
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
        List<Secret> secrets = new ArrayList<>(env.secrets());
        if (encryption) {
            environment.put("TF_ENCRYPTION", TofuEncryption.config(passphrase, migration));
            secrets.add(Secret.of(passphrase));
        }
        return new WrapperSetup(root, cache, json, environment, secrets, notes);
    }

    /** {@code GITLAB_TOFU_*} first, then the deprecated name with gitlab-tofu's warning. */
    private static Optional<String> setting(WrapperRequest request, String name, String deprecated, List<String> notes) {
        Optional<String> old = request.get(deprecated);
        old.ifPresent(v -> notes.add("WARNING: you have manually set the deprecated " + deprecated
                + " environment variable. Please use the " + name + " environment variable instead."));
        return request.get(name).or(() -> old);
    }

    private static boolean flag(WrapperRequest request, String name) {
        return request.get(name).map("true"::equals).orElse(false);
    }
}
