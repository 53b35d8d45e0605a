package dev.lambdarunner.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Environment names only the runner decides: a job's variables and its {@code export} lines never set them. The
 * one list for both. With them a job could move Terraform out of its workspace, load code into every process it
 * starts (the dynamic linker reads every {@code LD_*} name), replace the runner's Terraform CLI configuration, or
 * let Terraform take providers from the shared plugin cache that no lock file checksum vouches for.
 */
public final class RunnerOwnedNames {

    private static final String SET_BY_THE_RUNNER = "it is set by the runner";
    private static final Map<String, String> EXACT = exact();

    private RunnerOwnedNames() {
    }

    /** Why a job may not set {@code name}, or empty when it may. Names are exact and case-sensitive, as in Linux. */
    public static Optional<String> reason(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.startsWith("LD_")) {
            return Optional.of("it is read by the dynamic linker: it would load code into Terraform's processes");
        }
        return Optional.ofNullable(EXACT.get(name));
    }

    /** Splits {@code env} into what a job may set and what it may not (name to reason), both in input order. */
    public static Split split(Map<String, String> env) {
        Map<String, String> allowed = new LinkedHashMap<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        env.forEach((name, value) -> reason(name).ifPresentOrElse(why -> dropped.put(name, why),
                () -> allowed.put(name, value)));
        return new Split(Collections.unmodifiableMap(allowed), Collections.unmodifiableMap(dropped));
    }

    /**
     * @param allowed the entries a job may set, with their values
     * @param dropped the runner-owned names that were asked for, each with why it was refused; never a value
     */
    public record Split(Map<String, String> allowed, Map<String, String> dropped) {
    }

    private static Map<String, String> exact() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String name : new String[] {"PATH", "HOME", "TMPDIR", "TF_PLUGIN_CACHE_DIR", "TF_IN_AUTOMATION",
                "TF_INPUT", "TF_CLI_CONFIG_FILE", "CHECKPOINT_DISABLE", "CI_PROJECT_DIR", "CI_BUILDS_DIR"}) {
            names.put(name, SET_BY_THE_RUNNER);
        }
        names.put("TERRAFORM_CONFIG", "it is an old name of TF_CLI_CONFIG_FILE, which is set by the runner");
        names.put("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE",
                "it would let Terraform use providers from the shared plugin cache without a lock file checksum");
        return Collections.unmodifiableMap(names);
    }
}
