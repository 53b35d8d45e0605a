package dev.lambdarunner.terraform;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanChangesTest {

    @Test
    void countsActionsLikeGitLabsJqFilter() throws IOException {
        String show = """
                {"format_version":"1.2","planned_values":{"root_module":{}},
                 "resource_changes":[
                  {"address":"a","change":{"actions":["create"],"after":{"resource_changes":[]}}},
                  {"address":"b","change":{"actions":["update"]}},
                  {"address":"c","change":{"actions":["delete","create"]}},
                  {"address":"d","change":{"actions":["create","delete"]}},
                  {"address":"e","change":{"actions":["no-op"]}},
                  {"address":"f","change":{"actions":["read"]}},
                  {"address":"g","change":{"actions":["delete"]}},
                  {"address":"h"}],
                 "configuration":{"resource_changes":"not this one"}}""";

        PlanChanges changes = PlanChanges.read(in(show));

        assertThat(changes).isEqualTo(new PlanChanges(3, 1, 3));
        assertThat(changes.toReportJson()).isEqualTo("{\"create\":3,\"update\":1,\"delete\":3}\n");
    }

    @Test
    void aPlanWithoutChangesCountsZero() throws IOException {
        assertThat(PlanChanges.read(in("{\"format_version\":\"1.2\"}"))).isEqualTo(new PlanChanges(0, 0, 0));
    }

    @Test
    void somethingElseThanTheJsonObjectIsAnError() {
        assertThatThrownBy(() -> PlanChanges.read(in("Error: Failed to read the given file as a state or plan file")))
                .isInstanceOf(IOException.class);
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
