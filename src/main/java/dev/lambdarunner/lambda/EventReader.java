package dev.lambdarunner.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the bytes Lambda hands over as an event into the JSON object {@link LambdaEvent#parse} understands. Whatever
 * else arrives (not JSON, a JSON array or scalar, nesting deeper than {@link #MAX_DEPTH}) fails with the documented
 * {@code reading the Lambda event: ...} message, which names no part of the event's content.
 */
final class EventReader {

    /** Far deeper than any event the function understands (a Function URL request is 4 levels deep). */
    static final int MAX_DEPTH = 64;

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build());

    /** @throws UnknownEventException when the bytes are no JSON object; the message names no content */
    Map<String, Object> read(byte[] event) {
        JsonNode node;
        try {
            node = mapper.readTree(event);
        } catch (StreamConstraintsException e) {
            throw refused("it is nested deeper than " + MAX_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw refused("it is not JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the Lambda event: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw refused("it is empty");
        }
        if (!node.isObject()) {
            throw refused("it is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
        }
        return mapper.convertValue(node, OBJECT);
    }

    private static UnknownEventException refused(String why) {
        return new UnknownEventException("reading the Lambda event: " + why + "; " + LambdaEvent.EXPECTED);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
