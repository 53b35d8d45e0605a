package dev.lambdarunner.credentials;

import java.util.Map;
import java.util.Set;

/**
 * Environment entries one source grants one job. Every value is treated as secret: it is masked in the
 * trace, and {@link #toString()} names only the variables.
 *
 * @param source      what granted them, for the job log (e.g. {@code "keyless AWS (plan role)"})
 * @param environment variable name to value
 */
public record JobCredentials(String source, Map<String, String> environment) {

    public JobCredentials {
        environment = Map.copyOf(environment);
    }

    public static JobCredentials none(String source) {
        return new JobCredentials(source, Map.of());
    }

    public boolean isEmpty() {
        return environment.isEmpty();
    }

    public Set<String> names() {
        return environment.keySet();
    }

    @Override
    public String toString() {
        return "JobCredentials[source=" + source + ", names=" + names() + "]";
    }
}
