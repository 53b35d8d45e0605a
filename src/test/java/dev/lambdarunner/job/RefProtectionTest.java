package dev.lambdarunner.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarunner.gitlab.dto.JobResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefProtectionTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static JobResponse job(String gitInfo, String variables) throws Exception {
        return JSON.readValue("{\"id\":1,\"token\":\"t\",\"git_info\":" + gitInfo + ",\"variables\":[" + variables + "]}",
                JobResponse.class);
    }

    private static String var(String value) {
        return "{\"key\":\"CI_COMMIT_REF_PROTECTED\",\"value\":\"" + value + "\",\"public\":true}";
    }

    @Test
    void gitInfoProtectedIsTheAnswerWhenGitLabSendsIt() throws Exception {
        assertThat(RefProtection.isProtected(job("{\"protected\":true}", var("false")))).isTrue();
        assertThat(RefProtection.isProtected(job("{\"protected\":false}", var("true")))).isFalse();
    }

    @Test
    void withoutGitInfoEveryOccurrenceOfTheVariableMustSayTrue() throws Exception {
        assertThat(RefProtection.isProtected(job("{}", var("true")))).isTrue();
        // GitLab's value first, then a same-named variable from .gitlab-ci.yml trying to claim protection
        assertThat(RefProtection.isProtected(job("{}", var("false") + "," + var("true")))).isFalse();
        assertThat(RefProtection.isProtected(job("{}", ""))).isFalse();
    }
}
