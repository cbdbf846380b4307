package io.github.apprunnerdjango.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders flat JSON objects of strings, with sorted keys so templates are stable.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class Json {
    private Json() {
    }

    /**
     * @param fields the object's keys and string values
     * @return the JSON text
     */
    public static String object(final Map<String, String> fields) {
        return new TreeMap<>(fields).entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * @param value any string
     * @return the value as a JSON string literal
     */
    public static String quote(final String value) {
        final StringBuilder out = new StringBuilder("\"");
        for (final char c : value.toCharArray()) {
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
