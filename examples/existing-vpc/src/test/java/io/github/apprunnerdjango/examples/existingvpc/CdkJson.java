package io.github.apprunnerdjango.examples.existingvpc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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

    /** @return a subnet list of the existingVpc context */
    @SuppressWarnings("unchecked")
    static List<String> vpc(final String key) {
        return (List<String>) existingVpc().get(key);
    }

    /** @return the VPC id of the existingVpc context */
    static String vpcId() {
        return (String) existingVpc().get("vpcId");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> existingVpc() {
        return (Map<String, Object>) context().get(ExistingVpcApp.Context.EXISTING_VPC);
    }

    /** @return a string of the context */
    static String string(final String key) {
        return (String) context().get(key);
    }

    /** @return a CDK app with cdk.json's context that synthesizes into {@code outdir} */
    static App app(final Path outdir) {
        return new App(AppProps.builder().context(context()).outdir(outdir.toString()).build());
    }
}
