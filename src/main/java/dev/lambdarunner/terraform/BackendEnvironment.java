package dev.lambdarunner.terraform;

import dev.lambdarunner.sensitive.Secret;

import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment GitLab's wrappers export before running Terraform: the HTTP backend on GitLab-managed state
 * ({@code TF_HTTP_*}, each only where the job did not set it), GitLab's values as {@code TF_VAR_CI_*}, automation
 * mode, the CLI configuration in {@code $HOME/.terraformrc}, and the job token for GitLab's module and provider
 * registry ({@code TF_TOKEN_<host>}). It reaches Terraform only through the built environment of the line's
 * processes, never the runner's own.
 */
final class BackendEnvironment {

    private static final List<String> CI_VARIABLES = List.of("CI_JOB_ID", "CI_COMMIT_SHA", "CI_JOB_STAGE",
            "CI_PROJECT_ID", "CI_PROJECT_NAME", "CI_PROJECT_NAMESPACE", "CI_PROJECT_PATH", "CI_PROJECT_URL");

    private final Map<String, String> env;
    /** Values, in order and once each: they become {@link Secret}s as they leave. */
    private final Set<String> secrets = new LinkedHashSet<>();

    BackendEnvironment(WrapperRequest request) {
        this.env = new LinkedHashMap<>(request.environment());
    }

    /**
     * The {@code TF_HTTP_*} defaults for {@code address}; with no address only the methods, credentials and retry
     * wait (GitLab's script would set {@code TF_HTTP_LOCK_ADDRESS=/lock}; an unset one gives Terraform's clearer
     * error).
     */
    BackendEnvironment backend(Optional<String> address, String username, String password) {
        address.ifPresent(a -> {
            defaultTo("TF_HTTP_ADDRESS", a);
            defaultTo("TF_HTTP_LOCK_ADDRESS", a + "/lock");
            defaultTo("TF_HTTP_UNLOCK_ADDRESS", a + "/lock");
        });
        defaultTo("TF_HTTP_LOCK_METHOD", "POST");
        defaultTo("TF_HTTP_UNLOCK_METHOD", "DELETE");
        defaultTo("TF_HTTP_USERNAME", username);
        defaultTo("TF_HTTP_PASSWORD", password);
        defaultTo("TF_HTTP_RETRY_WAIT_MIN", "5");
        secret(env.get("TF_HTTP_PASSWORD"));
        return this;
    }

    /** {@code TF_VAR_CI_JOB_ID} and the rest; also the lower-case {@code TF_VAR_ci_job_id} forms when asked. */
    BackendEnvironment ciVariables(boolean lowerCaseToo) {
        for (String name : CI_VARIABLES) {
            String value = env.getOrDefault(name, "");
            defaultTo("TF_VAR_" + name, value);
            if (lowerCaseToo) {
                defaultTo("TF_VAR_" + name.toLowerCase(Locale.ROOT), value);
            }
        }
        return this;
    }

    /** Automation mode, and {@code $HOME/.terraformrc} as the CLI configuration when none is set and it exists. */
    BackendEnvironment automation() {
        env.put("TF_IN_AUTOMATION", "true");
        String home = env.get("HOME");
        if (isEmpty("TF_CLI_CONFIG_FILE") && home != null && Files.isRegularFile(Path.of(home, ".terraformrc"))) {
            env.put("TF_CLI_CONFIG_FILE", Path.of(home, ".terraformrc").toString());
        }
        return this;
    }

    /**
     * {@code TF_TOKEN_<host>=$CI_JOB_TOKEN} for an https GitLab (host in punycode, {@code .} as {@code _},
     * {@code -} as {@code __}), unless the job set it.
     */
    BackendEnvironment registryToken() {
        String host = env.getOrDefault("CI_SERVER_HOST", "");
        if ("https".equals(env.get("CI_SERVER_PROTOCOL")) && !host.isEmpty()) {
            String name = "TF_TOKEN_" + IDN.toASCII(host).replace("-", "__").replace(".", "_");
            defaultTo(name, env.getOrDefault("CI_JOB_TOKEN", ""));
            secret(env.get(name));
        }
        return this;
    }

    Map<String, String> environment() {
        return env;
    }

    List<Secret> secrets() {
        return secrets.stream().map(Secret::of).toList();
    }

    private void defaultTo(String name, String value) {
        if (isEmpty(name)) {
            env.put(name, value);
        }
    }

    private boolean isEmpty(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty();
    }

    /** Masked from 8 characters, GitLab's minimum for masked variables: a shorter value would mask common text. */
    private void secret(String value) {
        if (value != null && value.length() >= 8) {
            secrets.add(value);
        }
    }
}
