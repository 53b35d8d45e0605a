package dev.lambdarunner.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a secret document may use: credential set names, and the environment variables a set hands to
 * Terraform. A set must not define a variable the sandbox or GitLab owns ({@code PATH}, {@code HOME},
 * {@code TF_*}, {@code CI_*}, {@code AWS_*}, ...): the job engine adds credentials after it built the job's
 * environment, so such a name would silently override the sandbox. {@code TF_VAR_<name>} is allowed: it only
 * sets a Terraform input variable, a common way to hand a provider its key.
 */
final class SecretNames {

    private static final Pattern SET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Compared in upper case: a set should not play with {@code Path} next to {@code PATH} either. */
    private static final Set<String> RESERVED = Set.of("PATH", "HOME", "TMPDIR", "TMP", "TEMP", "USER", "LOGNAME",
            "SHELL", "PWD", "OLDPWD", "IFS", "ENV", "BASH_ENV", "LANG", "LANGUAGE", "TZ", "TERM", "HOSTNAME",
            "CHECKPOINT_DISABLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE");
    private static final List<String> RESERVED_PREFIXES = List.of("TF_", "CI_", "GITLAB_", "AWS_", "RUNNER_",
            "FF_", "GIT_", "LD_", "DYLD_", "LC_", "JAVA_", "_");
    private static final String TERRAFORM_VARIABLE = "TF_VAR_";

    private SecretNames() {
    }

    /**
     * Why {@code name} cannot name a credential set, or empty when it can. A name that breaks the syntax is not
     * repeated in the message: it may be anything, even a value pasted into the wrong place.
     */
    static Optional<String> setNameProblem(String name) {
        if (SET_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("a credential set name must be 1-64 characters of a-z, 0-9, '_' and '-', starting"
                + " with a letter or digit");
    }

    /**
     * Why a credential set cannot define the variable {@code name}, or empty when it can. Only a reserved name
     * (a well-formed one) is repeated in the message.
     */
    static Optional<String> variableNameProblem(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            return Optional.of("a variable name must be letters, digits and '_', not starting with a digit, at most"
                    + " 128 characters");
        }
        if (name.startsWith(TERRAFORM_VARIABLE) && name.length() > TERRAFORM_VARIABLE.length()) {
            return Optional.empty();
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (RESERVED.contains(upper)) {
            return Optional.of("'" + name + "' is reserved: the sandbox sets it for every job");
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (upper.startsWith(prefix)) {
                return Optional.of("'" + name + "' is reserved: names starting with " + prefix
                        + " belong to the sandbox, GitLab or the runner (TF_VAR_<name> is allowed)");
            }
        }
        return Optional.empty();
    }
}
