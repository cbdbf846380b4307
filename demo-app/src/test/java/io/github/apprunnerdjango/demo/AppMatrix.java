package io.github.apprunnerdjango.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apprunnerdjango.internal.CreateOnlyWarnings;
import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.RotationStrategy;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.express.ExpressServiceStackProps;
import io.github.apprunnerdjango.express.ScalingMetric;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceSecret;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * The apps every AWS rule and every security check runs over: the demo and two apps with options
 * off their defaults, environment-agnostic and environment-specific (account and region set, as in
 * every production app), public and private, each image source, each rotation strategy. Each app is
 * built with cdk.json's context and cdk-nag's AwsSolutions pack, and synthesized once per test JVM.
 */
final class AppMatrix {
    /** An account id for environment-specific apps (never deployed). */
    static final String ACCOUNT = "123456789012";
    private static final Path ROOT = Paths.get("target", "cdk.out-matrix").toAbsolutePath();
    private static final Map<String, Built> BUILT = new LinkedHashMap<>();

    /** One synthesized app of the matrix. */
    static final class Built {
        final String name;
        /** The compute the app runs on: apprunner, express or both. */
        final String compute;
        final App app;
        final List<Stack> stacks;
        final CloudAssembly assembly;
        final String failure;
        final Path outdir;

        Built(final String name, final App app, final List<Stack> stacks, final CloudAssembly assembly,
              final String failure, final Path outdir) {
            this.name = name;
            this.compute = name.startsWith("express") ? "express"
                    : name.startsWith("migration") || name.startsWith("media") ? "both" : "apprunner";
            this.app = app;
            this.stacks = stacks;
            this.assembly = assembly;
            this.failure = failure;
            this.outdir = outdir;
        }

        /** @return the assembly; fails the calling test with the findings when synthesis failed */
        CloudAssembly assembly() {
            if (failure != null) {
                throw new AssertionError(name + ": synthesis failed:\n" + failure);
            }
            return assembly;
        }

        /** @return every stack's template, by stack name */
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> templates() {
            final Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
            for (final Stack stack : stacks) {
                templates.put(stack.getStackName(),
                        (Map<String, Object>) assembly().getStackByName(stack.getStackName()).getTemplate());
            }
            return templates;
        }

        /** @return the text of a stack's template file as written to the cloud assembly */
        String templateText(final Stack stack) {
            try {
                return Files.readString(outdir.resolve(stack.getTemplateFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return the Docker image assets of every stack's asset manifest */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> dockerImages() {
            final List<Map<String, Object>> images = new ArrayList<>();
            assembly();
            for (final Stack stack : stacks) {
                final Path manifest = outdir.resolve(stack.getArtifactId() + ".assets.json");
                try {
                    final Map<String, Object> json = new ObjectMapper().readValue(manifest.toFile(), Map.class);
                    final Map<String, Object> docker = (Map<String, Object>) json.getOrDefault("dockerImages", Map.of());
                    docker.values().forEach(i -> images.add((Map<String, Object>) i));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return images;
        }

        /** @return whether the app has an App Runner service */
        boolean hasAppRunner() {
            return !compute.equals("express");
        }

        /** @return the app's service stacks: App Runner's and Express Mode's */
        List<Stack> serviceStacks() {
            return stacks.stream().filter(s -> s instanceof ServiceStack || s instanceof ExpressServiceStack).toList();
        }

        /** @return the Express Mode service stacks */
        List<ExpressServiceStack> expressStacks() {
            return stacks.stream().filter(s -> s instanceof ExpressServiceStack).map(s -> (ExpressServiceStack) s).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private AppMatrix() {
    }

    /** @return the names of the matrix's apps */
    static List<String> names() {
        return List.of("demo", "demo-env", "max-private-env", "public-ecr", "express", "express-max-env", "migration-env",
                "media", "media-env",

                "demo-ct", "demo-ct-ecr-env", "express-ct-ecr", "express-ct-env", "migration-ct-ecr-env");
    }

    /** @return every app of the matrix, synthesized */
    static List<Built> all() {
        final List<Built> all = new ArrayList<>();
        for (final String name : names()) {
            all.add(get(name));
        }
        return all;
    }

    static synchronized Built get(final String name) {
        return BUILT.computeIfAbsent(name, n -> n.equals("demo") ? fromDemoAssembly("demo", DemoAssembly.get(), DemoAssembly.OUTDIR)
                : n.equals("express") ? fromDemoAssembly("express", DemoAssembly.express(), DemoAssembly.EXPRESS_OUTDIR)
                : build(n, ROOT.resolve(n)));
    }

    /** A demo app of the other demo tests, synthesized once for all of them. */
    private static Built fromDemoAssembly(final String name, final DemoAssembly demo, final Path outdir) {
        return new Built(name, demo.app, stacksOf(demo.demo), demo.assembly, demo.failure, outdir);
    }

    /**
     * Builds and synthesizes one app of the matrix into a given folder (a second build of the same
     * app into another folder shows whether synthesis is reproducible).
     */
    static Built build(final String name, final Path outdir) {
        final App app = TestApps.app(context(name), false, outdir.toString());
        final BiFunction<App, String, List<Stack>> builder = switch (name) {
            case "demo", "express", "demo-ct", "express-ct-ecr" -> (a, n) -> demo(a, null);
            case "demo-env", "demo-ct-ecr-env", "express-ct-env", "migration-ct-ecr-env" -> (a, n) -> demo(a, env("eu-west-1"));
            case "max-private-env" -> AppMatrix::maxPrivate;
            case "public-ecr" -> AppMatrix::publicEcr;
            case "express-max-env" -> AppMatrix::expressMaxPrivate;
            case "migration-env" -> (a, n) -> demo(a, env("eu-west-1"));
            case "media" -> (a, n) -> demo(a, null);
            case "media-env" -> (a, n) -> demo(a, env("eu-west-1"));
            default -> throw new IllegalArgumentException(name);
        };
        final List<Stack> stacks = builder.apply(app, name);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        CloudAssembly assembly = null;
        String failure = null;
        try {
            assembly = app.synth();
        } catch (RuntimeException e) {
            failure = e.getMessage() + "\n" + ValidationReport.describe(outdir.resolve("validation-report.json"));
        }
        return new Built(name, app, stacks, assembly, failure, outdir);
    }

    /** The zone of the apps with a domain (never deployed). */
    /** A name given on purpose: its create-only warning is acknowledged, as a user who settled it would. */
    private static void settledName(final Stack stack) {
        software.amazon.awscdk.Annotations.of(stack).acknowledgeWarning(CreateOnlyWarnings.SERVICE_NAME_ID,
                "the matrix's service name is settled");
    }

    static final HostedZoneAttributes ZONE = HostedZoneAttributes.builder()
            .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build();

    /**
     * @return the context of an app on top of cdk.json's: the demo's compute and, for the migration, a
     *     domain; a name with {@code -ct} adds the Control Tower profile (the migration's with every opt-in
     *     feature), with {@code -ecr} an image from ECR
     */
    static Map<String, Object> context(final String name) {
        if (name.equals("migration-env")) {
            // with the management commands of both services: every AWS rule runs over them too
            return withCommands(migrationContext(40));
        }
        if (name.startsWith("media")) {
            return mediaContext();
        }
        final Map<String, Object> context = new java.util.TreeMap<>(
                name.startsWith("express") ? Map.of("compute", "express")
                : name.startsWith("migration") ? migrationContext(40) : Map.of());
        if (name.contains("-ct")) {
            context.put("compliance", "controltower");
        }
        if (name.startsWith("migration-ct")) {
            // the monitoring's alarms and topic, the management commands and the media bucket in the
            // profile too (the bucket's access logs to an organisation's logging bucket)
            context.put("monitoring", "true");
            context.putAll(withCommands(mediaContext()));
            context.put("accessLogsBucket", "org-access-logs-111111111111");
        }
        if (name.contains("-ecr-") || name.endsWith("-ecr")) {
            context.put("imageSource", "ecr");
        }
        return context;
    }

    private static Map<String, Object> withCommands(final Map<String, Object> context) {
        final Map<String, Object> out = new java.util.TreeMap<>(context);
        out.put("scheduledCommands", "true");
        return out;
    }

    /** @return the demo's context for the migration: both services, a domain in a zone, a weight on Express */
    static Map<String, Object> migrationContext(final int expressWeight) {
        return new java.util.TreeMap<>(Map.of("compute", "both", "domain", "app.example.com",
                "hostedZoneId", ZONE.getHostedZoneId(), "hostedZoneName", ZONE.getZoneName(),
                "expressWeight", String.valueOf(expressWeight)));
    }

    /**
     * @return the demo's context with {@code media=true} and both services (the migration's context):
     *     the media bucket in the Data stack, passed to App Runner's and Express's service
     */
    static Map<String, Object> mediaContext() {
        final Map<String, Object> context = new java.util.TreeMap<>(migrationContext(40));
        context.put("media", "true");
        return context;
    }

    static Environment env(final String region) {
        return Environment.builder().account(ACCOUNT).region(region).build();
    }

    private static List<Stack> demo(final App app, final Environment env) {
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), env);
        return stacksOf(demo);
    }

    /** @return the demo's stacks: Network, Data, then App Runner's and Express's, those the mode has */
    static List<Stack> stacksOf(final DemoApp demo) {
        final List<Stack> stacks = new ArrayList<>(List.of(demo.network(), demo.data()));
        for (final Stack stack : new Stack[] {demo.service(), demo.express()}) {
            if (stack != null) {
                stacks.add(stack);
            }
        }
        return stacks;
    }

    /**
     * Express, env-specific, every option: private (an internal load balancer in isolated subnets with
     * the endpoints Fargate needs), 3 zones, alternating users, a CDK asset image, the default web ACL,
     * a domain in a zone, a fixed name, size, scaling, and the app's own variables, secrets and permissions.
     */
    private static List<Stack> expressMaxPrivate(final App app, final String name) {
        final Environment env = env("us-east-1");
        final NetworkStack network = new NetworkStack(app, "ExpNetwork", NetworkStackProps.builder()
                .env(env).cidr("10.0.0.0/23").maxAzs(3).fargateEndpoints(true).build());
        final DataStack data = new DataStack(app, "ExpData", DataStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS)
                .build());
        // an existing secret of the app's own, by its complete ARN
        final ISecret apiKey = Secret.fromSecretCompleteArn(data, "ApiKey",
                "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:django/api-key-AbCdEf");
        final ExpressServiceStack service = new ExpressServiceStack(app, "ExpService", ExpressServiceStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .database(data)
                .image(ImageSource.fromAsset(TestApps.repoRoot().resolve("django-image").toString()))
                .privateEndpoint(true)
                .serviceName("django-max")
                .cpu(1024).memory(2048)
                .port(8000)
                .minTasks(2).maxTasks(6)
                .scalingMetric(ScalingMetric.REQUEST_COUNT_PER_TARGET).scalingTarget(300)
                .defaultWebAcl(true)
                .domainName("app.example.com")
                .hostedZoneAttributes(ZONE)
                .environment(Map.of("FEATURE_FLAGS", "a"))
                .secrets(Map.of("API_KEY", ServiceSecret.fromSecretsManager(apiKey)))
                .taskRolePolicyStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject")).resources(List.of("arn:aws:s3:::media-bucket/robots.txt")).build()))
                .build());
        settledName(service);
        return List.of(network, data, service);
    }

    /** Private, env-specific, every option: alternating users, a CDK asset image, tracing, WAF, a domain in a zone. */
    private static List<Stack> maxPrivate(final App app, final String name) {
        final Environment env = env("us-east-1");
        final NetworkStack network = new NetworkStack(app, "MaxNetwork", NetworkStackProps.builder()
                .env(env).maxAzs(3).build());
        final DataStack data = new DataStack(app, "MaxData", DataStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .readers(1)
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS)
                .minCapacity(0)
                .maxCapacity(4)
                .cloudwatchLogsExports(List.of("postgresql", "iam-db-auth-error"))
                .build());
        final ServiceStack service = new ServiceStack(app, "MaxService", ServiceStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .database(data)
                .image(ImageSource.fromAsset(TestApps.repoRoot().resolve("django-image").toString()))
                .serviceName("django-max")
                .cpu(Cpu.ONE_VCPU)
                .memory(Memory.TWO_GB)
                .port(8000)
                .tracing(true)
                .defaultWebAcl(true)
                .privateEndpoint(true)
                .domainName("app.example.com")
                .hostedZone(HostedZone.fromHostedZoneAttributes(network, "Zone", HostedZoneAttributes.builder()
                        .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build()))
                .build());
        settledName(service);
        return List.of(network, data, service);
    }

    /** Public, env-agnostic: an image CI pushed, a domain without a zone, the default web ACL. */
    private static List<Stack> publicEcr(final App app, final String name) {
        final NetworkStack network = new NetworkStack(app, "PubNetwork", null);
        final DataStack data = new DataStack(app, "PubData", DataStackProps.builder()
                .vpc(network.getVpc())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .build());
        final ServiceStack service = new ServiceStack(app, "PubService", ServiceStackProps.builder()
                .vpc(network.getVpc())
                .database(data)
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo", "team/django"),
                        "sha256:" + "a".repeat(64)))
                .defaultWebAcl(true)
                .domainName("www.example.org")
                .build());
        return List.of(network, data, service);
    }
}
