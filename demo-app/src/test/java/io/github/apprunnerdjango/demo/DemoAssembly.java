package io.github.apprunnerdjango.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.apprunnerdjango.testing.TestApps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The demo, built and synthesized once per test JVM (synthesis is the slow part) with cdk.json's
 * context and cdk-nag's AwsSolutions pack applied, as every test class asserts on the same output.
 */
final class DemoAssembly {
    /** Where the demo is synthesized; its validation-report.json explains a failed synth. */
    static final Path OUTDIR = Paths.get("target", "cdk.out-test").toAbsolutePath();
    /** Where the demo with {@code -c compute=express} is synthesized. */
    static final Path EXPRESS_OUTDIR = Paths.get("target", "cdk.out-test-express").toAbsolutePath();
    private static DemoAssembly instance;
    private static DemoAssembly expressInstance;

    final App app;
    final DemoApp demo;
    final CloudAssembly assembly;
    /** Why synthesis failed (the validation report's findings), or null when it succeeded. */
    final String failure;

    private DemoAssembly(final Map<String, Object> context, final Path outdir) {
        this.app = TestApps.app(context, false, outdir.toString());
        this.demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        CloudAssembly synthesized = null;
        String error = null;
        try {
            synthesized = app.synth();
        } catch (RuntimeException e) {
            error = e.getMessage() + "\n" + ValidationReport.describe(outdir.resolve("validation-report.json"));
        }
        this.assembly = synthesized;
        this.failure = error;
    }

    /** @return the cloud assembly; fails the calling test with the findings when synthesis failed */
    CloudAssembly assembly() {
        if (failure != null) {
            throw new AssertionError("synthesis failed:\n" + failure);
        }
        return assembly;
    }

    static synchronized DemoAssembly get() {
        if (instance == null) {
            instance = new DemoAssembly(Map.of(), OUTDIR);
        }
        return instance;
    }

    /** @return the demo as {@code cdk synth -c compute=express} builds it, synthesized once per test JVM */
    static synchronized DemoAssembly express() {
        if (expressInstance == null) {
            expressInstance = new DemoAssembly(Map.of("compute", "express"), EXPRESS_OUTDIR);
        }
        return expressInstance;
    }
}
