package dev.lambdarunner.terraform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;

/**
 * The counts GitLab's merge-request widget shows for an {@code artifacts:reports:terraform} file (protocol
 * reference §11.2): every {@code "create"}, {@code "update"} and {@code "delete"} among the
 * {@code resource_changes[].change.actions} of {@code terraform show -json <plan>}. This is what GitLab's wrapper
 * computes with jq; a replace counts as one create and one delete, {@code no-op} and {@code read} not at all.
 * The plan is read as a stream, one resource change at a time, so a large plan does not have to fit in memory.
 */
public record PlanChanges(int create, int update, int delete) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @throws IOException when the input is not the JSON object {@code terraform show -json} prints */
    public static PlanChanges read(InputStream showJson) throws IOException {
        int create = 0;
        int update = 0;
        int delete = 0;
        try (JsonParser parser = new JsonFactory(MAPPER).createParser(showJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("terraform show -json did not print a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("resource_changes") || value != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode change = parser.readValueAsTree();
                    for (JsonNode action : change == null ? MAPPER.createArrayNode()
                            : change.path("change").path("actions")) {
                        switch (action.asText()) {
                            case "create" -> create++;
                            case "update" -> update++;
                            case "delete" -> delete++;
                            default -> { }
                        }
                    }
                }
            }
        }
        return new PlanChanges(create, update, delete);
    }

    /** The report file: {@code {"create":N,"update":N,"delete":N}} and a newline. */
    public String toReportJson() {
        return "{\"create\":" + create + ",\"update\":" + update + ",\"delete\":" + delete + "}\n";
    }
}
