package io.github.apprunnerdjango.demo;

import java.nio.file.Path;
import java.nio.file.Paths;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;

/**
 * The demo: NetworkStack, DataStack and ServiceStack wired by cross-stack references. Settings come
 * from the {@code cdk.json} context; no secret is ever read from context.
 */
public final class DemoApp {
    /** Prefix of every stack name, so the demo's stacks are easy to find and never collide. */
    public static final String PREFIX = "DjangoAppRunner";

    private final NetworkStack network;
    private final DataStack data;
    private final ServiceStack service;

    private DemoApp(final App app, final Path imageDirectory, final Environment env) {
        this.network = new NetworkStack(app, PREFIX + "-Network", NetworkStackProps.builder()
                .env(env)
                .build());
        this.data = new DataStack(app, PREFIX + "-Data", DataStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .build());
        final String domain = context(app, "domain", "");
        this.service = new ServiceStack(app, PREFIX + "-Service", ServiceStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .vpcSubnets(network.getServiceSubnets())
                .database(data)
                .image(ImageSource.buildAndPush(imageDirectory.toString(),
                        context(app, "ecrRepositoryName", ImageSource.DEFAULT_REPOSITORY_NAME),
                        context(app, "imageTag", ImageSource.DEFAULT_TAG)))
                .domainName(domain.isEmpty() ? null : domain)
                .build());
    }

    private static String context(final App app, final String key, final String fallback) {
        final Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    /**
     * The CLI sets the region even without credentials; a half-known environment would make
     * same-account references look cross-account, so the stacks stay environment-agnostic until
     * both account and region are known.
     */
    static Environment environment(final String account, final String region) {
        if (account == null || account.isBlank() || region == null || region.isBlank()) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }

    /**
     * Adds the demo's stacks to an app.
     *
     * @param app the CDK app, with the context of {@code cdk.json}
     * @param imageDirectory the Django image's build context ({@code django-image/})
     * @return the demo, with its stacks
     */
    public static DemoApp build(final App app, final Path imageDirectory) {
        return build(app, imageDirectory,
                environment(System.getenv("CDK_DEFAULT_ACCOUNT"), System.getenv("CDK_DEFAULT_REGION")));
    }

    /**
     * Adds the demo's stacks to an app, in a given environment.
     *
     * @param app the CDK app, with the context of {@code cdk.json}
     * @param imageDirectory the Django image's build context ({@code django-image/})
     * @param env the account and region of every stack, or null for environment-agnostic stacks
     * @return the demo, with its stacks
     */
    public static DemoApp build(final App app, final Path imageDirectory, final Environment env) {
        return new DemoApp(app, imageDirectory, env);
    }

    /** @return the network stack */
    public NetworkStack network() {
        return network;
    }

    /** @return the data stack */
    public DataStack data() {
        return data;
    }

    /** @return the service stack */
    public ServiceStack service() {
        return service;
    }

    /**
     * Synthesizes the demo into {@code cdk.out} (the CDK CLI sets the output folder and context).
     *
     * @param args unused
     */
    public static void main(final String[] args) {
        final App app = new App(AppProps.builder().build());
        build(app, Paths.get("django-image"));
        app.synth();
    }
}
