package io.github.apprunnerdjango;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;

/**
 * Templates are byte-identical from JVM to JVM. {@code Map.of} with two or more entries iterates in
 * an order salted per JVM, and a map handed to a construct is rendered in iteration order, so the
 * template text would change between two runs of {@code cdk synth}: every such map in the library is
 * sorted ({@code new TreeMap<>(Map.of(...))}) or is not rendered (listed here with why). A test in
 * one JVM cannot see the salt change, hence this check on the sources.
 */
class OrderedMapsTest {
    /** Maps of two or more entries that never reach a template. */
    private static final Set<String> NOT_RENDERED = Set.of(
            "ServiceValidation.java", // CPU/memory table, read by validation only
            "NagSuppressions.java"); // rule to resource types, read when suppressing

    @Test
    void noUnsortedMultiEntryMapOfReachesATemplate() throws IOException {
        final Path main = TestApps.repoRoot().resolve("constructs-lib/src/main/java");
        final List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (final Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                if (NOT_RENDERED.contains(file.getFileName().toString())) {
                    continue;
                }
                final String src = Files.readString(file);
                int at = src.indexOf("Map.of(");
                while (at >= 0) {
                    final String before = src.substring(Math.max(0, at - 20), at);
                    // Json.object renders with sorted keys
                    final boolean sorted = before.contains("new TreeMap<>(") || before.contains("Json.object(");
                    if (!sorted && topLevelArguments(src, at + "Map.of(".length()) > 2) {
                        found.add(main.relativize(file) + ":" + (src.substring(0, at).split("\n", -1).length));
                    }
                    at = src.indexOf("Map.of(", at + 1);
                }
            }
        }
        assertEquals(List.of(), found, "Map.of with 2+ entries: sort it (new TreeMap<>(Map.of(...)))");
    }

    /** Counts the comma-separated arguments of the call whose argument list starts at {@code from}. */
    private static int topLevelArguments(final String src, final int from) {
        int depth = 0;
        int args = 1;
        for (int i = from; i < src.length(); i++) {
            final char c = src.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return src.substring(from, i).isBlank() ? 0 : args;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args++;
            } else if (c == '"') {
                i = src.indexOf('"', i + 1);
            }
        }
        return args;
    }
}
