package dev.lambdarunner.gitlab;

import java.util.Objects;
import java.util.Optional;

/**
 * The runner {@code register} asks GitLab to create (protocol reference §2.1, §2.2). {@code locked} and
 * {@code run_untagged} are fixed: the runner takes only jobs with its one tag, and stays with its project.
 *
 * @param type           {@code project_type}, {@code group_type} or {@code instance_type}; ignored by the legacy flow,
 *                       where the registration token decides
 * @param scopeId        the project or group id for those types
 * @param tag            the one tag of the jobs it takes: {@value #TAG} for a plan runner, {@value #APPLY_TAG} for
 *                       the deployment's apply runner, which must be {@code ref_protected}
 * @param accessLevel    {@code not_protected} or {@code ref_protected} (only jobs on protected refs)
 * @param maximumTimeout the longest job GitLab may hand this runner, in seconds
 */
public record NewRunner(Type type, Optional<Long> scopeId, String description, String tag, String accessLevel,
                        int maximumTimeout) {

    /** The tag of the jobs a plan runner takes (the default). */
    public static final String TAG = "lambda-terraform";
    /** The tag of the jobs the deployment's apply runner takes; only a {@code ref_protected} runner may carry it. */
    public static final String APPLY_TAG = "lambda-terraform-apply";
    /** GitLab's {@code access_level} for a runner that takes only jobs of protected branches and tags. */
    public static final String REF_PROTECTED = "ref_protected";

    /** GitLab's {@code runner_type}. */
    public enum Type {
        PROJECT("project_type", "project_id"), GROUP("group_type", "group_id"), INSTANCE("instance_type", null);

        private final String wireName;
        private final String idParameter;

        Type(String wireName, String idParameter) {
            this.wireName = wireName;
            this.idParameter = idParameter;
        }

        public String wireName() {
            return wireName;
        }

        /** {@code project_id}/{@code group_id}, or {@code null} for instance runners. */
        String idParameter() {
            return idParameter;
        }
    }

    public NewRunner {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scopeId, "scopeId");
        Objects.requireNonNull(description, "description");
        if (!accessLevel.equals("not_protected") && !accessLevel.equals(REF_PROTECTED)) {
            throw new IllegalArgumentException("access level must be not_protected or ref_protected, was " + accessLevel);
        }
        if (tag == null || !tag.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("tag must be letters, digits, '.', '_' and '-', was " + tag);
        }
        if (tag.equals(APPLY_TAG) && !accessLevel.equals(REF_PROTECTED)) {
            throw new IllegalArgumentException("tag " + APPLY_TAG + " is the apply runner's and needs access level "
                    + REF_PROTECTED + ": jobs of unprotected refs must never reach it");
        }
    }
}
