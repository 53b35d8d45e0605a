package dev.lambdarunner.sandbox;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The only way the runner's own environment reaches a job: an explicit list of names. Everything else (the Lambda
 * role's {@code AWS_SESSION_TOKEN}, the runner's configuration) stays out.
 */
public final class EnvAllowlist {

    private EnvAllowlist() {
    }

    /** Picks from the runner's environment only the listed names (exact names; no patterns), skipping absent ones. */
    public static Map<String, String> passThrough(Map<String, String> runnerEnv, Collection<String> allowedNames) {
        Map<String, String> picked = new LinkedHashMap<>();
        for (String name : allowedNames) {
            // Null checks first: Map.of-style maps throw on get(null).
            String value = name == null ? null : runnerEnv.get(name);
            if (value != null) {
                picked.put(name, value);
            }
        }
        return Collections.unmodifiableMap(picked);
    }
}
