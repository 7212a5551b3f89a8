package org.affinityensemble.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.stream.Collectors;

/**
 * Reads and writes every message of the system as JSON. Decoding never throws anything but
 * {@link InvalidEventException}, whose message is the reason a consumer writes to the dead-letter topic.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventCodec() {
    }

    /** The mapper, configured as the codec uses it, for payloads that are not events (manifests). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A value that is not an event (a record kept in a database column) as JSON. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** A value written by {@link #json}. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static String encode(Event event) {
        try {
            return MAPPER.writerFor(Event.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static <T extends Event> T decode(String json, Class<T> expected) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty message");
        }
        Event event;
        try {
            event = MAPPER.readValue(json, Event.class);
        } catch (JsonParseException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage());
        } catch (InvalidTypeIdException e) {
            throw new InvalidEventException(e.getTypeId() == null ? "message has no 'type'"
                    : "unknown message type '" + e.getTypeId() + "'");
        } catch (JsonMappingException e) {
            throw new InvalidEventException(reasonOf(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("unreadable message: " + e.getOriginalMessage());
        }
        if (!expected.isInstance(event)) {
            throw new InvalidEventException("message type '" + typeOf(event) + "' does not belong on this topic");
        }
        return expected.cast(event);
    }

    private static String reasonOf(JsonMappingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException invalid) {
                return invalid.getMessage();
            }
        }
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return (path.isEmpty() ? "" : "field '" + path + "': ") + e.getOriginalMessage();
    }

    private static String typeOf(Event event) {
        try {
            return (String) event.getClass().getField("TYPE").get(null);
        } catch (ReflectiveOperationException e) {
            return event.getClass().getSimpleName();
        }
    }
}
