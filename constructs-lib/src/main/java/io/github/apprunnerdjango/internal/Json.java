package io.github.apprunnerdjango.internal;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders JSON: flat objects of strings, compact and with sorted keys so templates are stable, and
 * plain values of maps and lists.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * @param fields the object's keys and string values
     * @return the JSON text
     */
    public static String object(final Map<String, String> fields) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always renders as JSON", e);
        }
    }

    /**
     * @param value maps, lists and strings (a map keeps its order)
     * @return the compact JSON text
     */
    public static String value(final Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not renderable as JSON: " + value, e);
        }
    }
}
