package io.github.apprunnerdjango.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Validations;

/**
 * CDK apps for tests, built with the context and feature flags of the repository's {@code cdk.json},
 * so what a test asserts is what {@code cdk synth} produces.
 */
public final class TestApps {
    private static final Map<String, Object> CDK_JSON_CONTEXT = readCdkJsonContext();

    private TestApps() {
    }

    /** @return the repository root (the folder of {@code cdk.json}) */
    public static Path repoRoot() {
        final String configured = System.getProperty("repo.root");
        Path dir = configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("cdk.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cdk.json not found above " + Paths.get("").toAbsolutePath());
        }
        return dir;
    }

    /** @return the {@code context} object of {@code cdk.json} */
    public static Map<String, Object> cdkJsonContext() {
        return CDK_JSON_CONTEXT;
    }

    /** @return an app with cdk.json's context that skips asset bundling (for assertion tests) */
    public static App app() {
        return app(Map.of(), false);
    }

    /**
     * An app for fixtures. Two warnings that fixtures cause on purpose are acknowledged, so the test
     * output does not repeat them dozens of times: explicit zone names (a test of zone placement)
     * and imported subnets without route table ids (nothing here reads them). The overload with an
     * outdir acknowledges nothing: the demo's tests read its validation report.
     *
     * @param extraContext context on top of cdk.json's (overrides it)
     * @param bundle whether assets are bundled, as {@code cdk synth} does
     * @return an app with cdk.json's context
     */
    public static App app(final Map<String, Object> extraContext, final boolean bundle) {
        final App app = app(extraContext, bundle, null);
        Validations.of(app).acknowledge(
                Acknowledgment.builder().id("CloudFormation-Validate::W3010")
                        .reason("fixtures name their availability zones to test where subnets go").build(),
                Acknowledgment.builder().id("Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId")
                        .reason("fixtures import subnets without route tables; no test reads them").build(),
                Acknowledgment.builder().id("Annotation::apprunner-django:serviceNameIsCreateOnly")
                        .reason("fixtures name their services on purpose; CreateOnlyChangesTest reads the warning").build(),
                Acknowledgment.builder().id("Annotation::apprunner-django:stackTagsAreCreateOnly")
                        .reason("fixtures tag their stacks on purpose; CreateOnlyChangesTest reads the warning").build());
        return app;
    }

    /**
     * @param extraContext context on top of cdk.json's (overrides it)
     * @param bundle whether assets are bundled, as {@code cdk synth} does
     * @param outdir the cloud assembly folder, or null for a temporary one
     * @return an app with cdk.json's context
     */
    public static App app(final Map<String, Object> extraContext, final boolean bundle, final String outdir) {
        final Map<String, Object> context = new HashMap<>(CDK_JSON_CONTEXT);
        context.putAll(extraContext);
        if (!bundle) {
            // the CLI's way to skip bundling: bundle no stack
            context.put("aws:cdk:bundling-stacks", List.of());
        }
        return new App(AppProps.builder().context(context).outdir(outdir).build());
    }

    private static Map<String, Object> readCdkJsonContext() {
        try {
            final Map<String, Object> cdkJson = new ObjectMapper().readValue(
                    repoRoot().resolve("cdk.json").toFile(), new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            final Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return Map.copyOf(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
