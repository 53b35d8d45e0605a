package dev.lambdarunner.credentials;

import dev.lambdarunner.sensitive.Secret;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Environment entries one source grants one job. Every value of {@code environment} is a {@link Secret}: it is
 * masked in the trace and never printed. {@code defaults} are settings that
 * are not secret and that the job may already have chosen itself (e.g. {@code AWS_REGION}): they are set only
 * where the job's environment has no such variable, and not masked (a masked region would blank every ARN in
 * Terraform's output). {@code consumed} names job variables the source used up and Terraform must not see (the
 * ID token keyless AWS exchanged: left in place, the job could exchange it itself for a role the runner refused).
 *
 * @param source      what granted them, for the job log (e.g. {@code "keyless AWS (plan role)"})
 * @param environment variable name to secret value, in the order given
 * @param defaults    variable name to non-secret value, set only when absent
 * @param consumed    job variables removed from the job's environment (their values stay masked)
 */
public record JobCredentials(String source, Map<String, Secret> environment, Map<String, String> defaults,
                             Set<String> consumed) {

    public JobCredentials {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        consumed = Set.copyOf(consumed);
    }

    public JobCredentials(String source, Map<String, Secret> environment) {
        this(source, environment, Map.of(), Set.of());
    }

    public static JobCredentials none(String source) {
        return new JobCredentials(source, Map.of());
    }

    public boolean isEmpty() {
        return environment.isEmpty() && defaults.isEmpty() && consumed.isEmpty();
    }

    /** Every variable name granted, secret ones first. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(environment.keySet());
        names.addAll(defaults.keySet());
        return Collections.unmodifiableSet(names);
    }
}
