package dev.lambdarunner.gitlab;

import java.util.Objects;
import java.util.Optional;

/**
 * The runner {@code register} asks GitLab to create (protocol reference §2.1, §2.2). Tags, {@code locked} and
 * {@code run_untagged} are fixed: the runner takes only jobs tagged {@value #TAG}, and stays with its project.
 *
 * @param type           {@code project_type}, {@code group_type} or {@code instance_type}; ignored by the legacy flow,
 *                       where the registration token decides
 * @param scopeId        the project or group id for those types
 * @param accessLevel    {@code not_protected} or {@code ref_protected} (only jobs on protected refs)
 * @param maximumTimeout the longest job GitLab may hand this runner, in seconds
 */
public record NewRunner(Type type, Optional<Long> scopeId, String description, String accessLevel,
                        int maximumTimeout) {

    /** The tag of every job this runner takes. */
    public static final String TAG = "lambda-terraform";

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
        if (!accessLevel.equals("not_protected") && !accessLevel.equals("ref_protected")) {
            throw new IllegalArgumentException("access level must be not_protected or ref_protected, was " + accessLevel);
        }
    }
}
