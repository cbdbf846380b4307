package io.github.apprunnerdjango.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import software.amazon.awscdk.services.lambda.Runtime;

/**
 * Loads the inline Lambda handlers shipped in this jar ({@code internal/handlers/*.js}, each small
 * enough for CloudFormation's {@code Code.ZipFile}; tested with node under {@code src/test/js}).
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class InlineHandlers {
    /** The runtime every inline handler runs on: its SDK v3 clients ship with it. */
    public static final Runtime RUNTIME = Runtime.NODEJS_24_X;

    private InlineHandlers() {
    }

    /**
     * @param name the handler's file name without {@code .js}
     * @return its source
     */
    public static String source(final String name) {
        final String path = "handlers/" + name + ".js";
        try (InputStream in = InlineHandlers.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
