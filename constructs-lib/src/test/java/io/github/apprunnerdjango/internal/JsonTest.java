package io.github.apprunnerdjango.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The secret templates' JSON: compact, keys sorted, strings escaped. */
class JsonTest {
    @Test
    void rendersCompactWithSortedKeys() {
        assertEquals("{\"password\":\"\",\"username\":\"django\"}",
                Json.object(Map.of("username", "django", "password", "")));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("{\"k\":\"a\\\"b\\\\c\\nd\\te\\u0001\"}", Json.object(Map.of("k", "a\"b\\c\nd\te\u0001")));
    }
}
