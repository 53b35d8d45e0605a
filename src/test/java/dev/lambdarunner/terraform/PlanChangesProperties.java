package dev.lambdarunner.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** For any plan's resource changes, the counts are exactly the occurrences of each action, as GitLab's jq filter. */
class PlanChangesProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<List<List<String>>> changes() {
        return Arbitraries.of("create", "update", "delete", "no-op", "read", "forget").list().ofMaxSize(3)
                .list().ofMaxSize(30);
    }

    @Property(tries = 300)
    void countsAreTheOccurrencesOfEachAction(@ForAll("changes") List<List<String>> changes) throws IOException {
        ObjectNode show = JSON.createObjectNode().put("format_version", "1.2");
        show.putObject("prior_state").putArray("resource_changes").addObject().putArray("actions").add("create");
        ArrayNode list = show.putArray("resource_changes");
        changes.forEach(actions -> actions.forEach(list.addObject().put("address", "x").putObject("change")
                .putArray("actions")::add));

        PlanChanges counted = PlanChanges.read(new ByteArrayInputStream(JSON.writeValueAsBytes(show)));

        assertThat(counted).isEqualTo(new PlanChanges(count(changes, "create"), count(changes, "update"),
                count(changes, "delete")));
    }

    private static int count(List<List<String>> changes, String action) {
        return (int) changes.stream().flatMap(List::stream).filter(action::equals).count();
    }
}
