package io.github.apprunnerdjango.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the inline Lambda handlers shipped in this jar (tested with node under src/test/js). */
final class Handlers {
    private Handlers() {
    }

    /** @return the source of {@code handlers/<name>.js} */
    static String source(final String name) {
        final String path = "handlers/" + name + ".js";
        try (InputStream in = Handlers.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
