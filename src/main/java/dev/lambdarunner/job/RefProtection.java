package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.JobVariable;

/**
 * Whether a job runs on a protected ref, decided so that a job cannot claim it: {@code git_info.protected}
 * when GitLab sends it; otherwise {@code CI_COMMIT_REF_PROTECTED}, but only when every occurrence of it in
 * the payload says {@code true}, because a variable defined in {@code .gitlab-ci.yml} with the same name is
 * sent too and could otherwise override GitLab's own value.
 */
final class RefProtection {

    private RefProtection() {
    }

    static boolean isProtected(JobResponse job) {
        if (job.gitInfo() != null && job.gitInfo().isProtected() != null) {
            return job.gitInfo().isProtected();
        }
        boolean seen = false;
        for (JobVariable v : job.variables()) {
            if ("CI_COMMIT_REF_PROTECTED".equals(v.key())) {
                if (!"true".equals(v.value())) {
                    return false;
                }
                seen = true;
            }
        }
        return seen;
    }
}
