package io.github.apprunnerdjango.examples.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The app as {@code cdk synth} builds it: this project's {@code cdk.json} context and feature flags. */
final class CdkJson {
    private CdkJson() {
    }

    /** @return the {@code context} of cdk.json */
    @SuppressWarnings("unchecked")
    static Map<String, Object> context() {
        try {
            final Map<String, Object> cdkJson = new ObjectMapper().readValue(new File("cdk.json"),
                    new TypeReference<Map<String, Object>>() { });
            return new HashMap<>((Map<String, Object>) cdkJson.get("context"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a CDK app with {@code context} that synthesizes into {@code outdir} */
    static App app(final Map<String, Object> context, final Path outdir) {
        return new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
    }

    /** @return a CDK app with cdk.json's context that synthesizes into {@code outdir} */
    static App app(final Path outdir) {
        return app(context(), outdir);
    }
}
