package io.github.apprunnerdjango.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import io.github.apprunnerdjango.commands.DjangoCommands;
import io.github.apprunnerdjango.commands.DjangoCommandsProps;
import io.github.apprunnerdjango.commands.ScheduledCommand;
import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoMediaBucketProps;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.express.ExpressServiceStackProps;
import io.github.apprunnerdjango.monitoring.DjangoMonitoring;
import io.github.apprunnerdjango.monitoring.DjangoMonitoringProps;
import io.github.apprunnerdjango.network.Egress;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.IDjangoService;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * The demo: NetworkStack, DataStack and a service wired by cross-stack references. Settings come
 * from the {@code cdk.json} context; no secret is ever read from context. The {@code compute} context
 * picks the service: {@code apprunner} (the default: ServiceStack), {@code express} (ECS Express Mode:
 * ExpressServiceStack, for accounts App Runner no longer admits) or {@code both} (the migration:
 * both services on the one DataStack, the domain's traffic split by two weighted Route 53 records,
 * {@code expressWeight} percent to Express, AWS's documented path
 * https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html). Network and
 * Data keep their names in every mode, so switching modes deploys onto the same database.
 * {@code monitoring=true} adds a {@link DjangoMonitoring} to each service stack ({@code alarmEmail}
 * subscribes an address to its topic); off by default. {@code scheduledCommands=true} adds a
 * {@link DjangoCommands} to each service stack with the nightly {@code clearsessions} (03:00 UTC) and
 * the one-off {@code aws ecs run-task} line as an output (App Runner's tasks run in the isolated subnets,
 * so the network gets the Fargate endpoints); off by default. {@code media=true} makes the media bucket in the
 * Data stack and passes it to each service (the image then stores uploads in S3), with the network's
 * free S3 gateway endpoint so that the App Runner connector's isolated subnets reach S3; off by default.
 * {@code compliance=controltower} gives every
 * stack {@link Compliance#controlTower()} (and the network a NAT gateway, which its handlers in the
 * VPC need); {@code imageSource=ecr} deploys the image CI pushed ({@code ecrRepositoryName}:{@code
 * imageTag}) instead of building it with CodeBuild. With both {@code media=true} and
 * {@code compliance=controltower}, {@code accessLogsBucket} names the bucket of the media bucket's server
 * access logs.
 */
public final class DemoApp {
    /** Prefix of every stack name, so the demo's stacks are easy to find and never collide. */
    public static final String PREFIX = "DjangoAppRunner";
    /** The {@code compute} context's values. */
    public static final List<String> COMPUTES = List.of("apprunner", "express", "both");
    /** The nightly command of {@code scheduledCommands=true}: expired sessions removed at 03:00 UTC. */
    public static final ScheduledCommand CLEARSESSIONS = ScheduledCommand.builder()
            .name("clearsessions")
            .command(List.of("python3", "manage.py", "clearsessions"))
            .schedule("cron(0 3 * * ? *)")
            .build();
    /** The {@code compliance} context's values: none (the default) or controltower. */
    public static final List<String> COMPLIANCES = List.of("none", "controltower");
    /** The {@code imageSource} context's values: build (the default: CodeBuild builds and pushes) or ecr. */
    public static final List<String> IMAGE_SOURCES = List.of("build", "ecr");

    private final String compute;
    private final NetworkStack network;
    private final DataStack data;
    private final @Nullable ServiceStack service;
    private final @Nullable ExpressServiceStack express;

    private DemoApp(final App app, final Path imageDirectory, final Environment env) {
        this.compute = context(app, "compute", "apprunner").toLowerCase(Locale.ROOT);
        if (!COMPUTES.contains(compute)) {
            throw new IllegalArgumentException("Invalid demo context:\n  - compute: got \"" + compute
                    + "\"; allowed: one of " + COMPUTES);
        }
        final Compliance compliance = compliance(app);
        final String imageSource = choice(app, "imageSource", IMAGE_SOURCES);
        final boolean appRunner = !compute.equals("express");
        final boolean onExpress = !compute.equals("apprunner");
        final String domain = context(app, "domain", "").toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        final HostedZoneAttributes zone = zone(app);
        final boolean media = "true".equalsIgnoreCase(context(app, "media", "false"));
        // the migration weighs the two services' records; an Express service keeps its weighted record
        // after the migration when the weight is still given
        final Integer expressWeight = compute.equals("both") || app.getNode().tryGetContext("expressWeight") != null
                ? expressWeight(app) : null;
        if (compute.equals("both") && (domain.isEmpty() || zone == null)) {
            throw new IllegalArgumentException("Invalid demo context:\n  - compute: got \"both\"; the migration moves a"
                    + " domain's traffic with weighted records: also pass -c domain=app.example.com"
                    + " -c hostedZoneId=Z... -c hostedZoneName=example.com");
        }
        final boolean scheduledCommands = "true".equalsIgnoreCase(context(app, "scheduledCommands", "false"));
        // Express puts its load balancer and its tasks in public subnets for an internet-facing service;
        // App Runner's command tasks run in the isolated subnets, where they pull, log and read secrets
        // through endpoints
        this.network = new NetworkStack(app, PREFIX + "-Network", NetworkStackProps.builder()
                .env(env)
                .publicIngress(onExpress ? true : null)
                .fargateEndpoints(scheduledCommands && appRunner ? true : null)
                .s3GatewayEndpoint(media ? true : null)
                .egress(compliance == null ? null : Egress.natGateway())
                // the /24 holds the NAT's subnets beside Express's public ingress ones with /28s for the
                // handlers and /27s (a load balancer's smallest) for ingress; the database's subnets stay
                .egressSubnetCidrMask(compliance != null && onExpress ? 28 : null)
                .ingressSubnetCidrMask(compliance != null && onExpress ? 27 : null)
                .compliance(compliance)
                .build());
        this.data = new DataStack(app, PREFIX + "-Data", DataStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .mediaBucket(media ? mediaBucket(app, compliance) : null)
                .compliance(compliance)
                .build());
        if (data.getMediaBucket() != null && !context(app, "accessLogsBucket", "").isEmpty()) {
            // CDK cannot add the logging service's permission to an imported bucket's policy: the organisation's
            // logging bucket admits it already (docs/security.md, "The profile")
            Annotations.of(data.getMediaBucket()).acknowledgeWarning("@aws-cdk/aws-s3:accessLogsPolicyNotAdded",
                    "the accessLogsBucket's own policy admits S3 server access logging (logging.s3.amazonaws.com)");
        }
        final String repositoryName = context(app, "ecrRepositoryName", ImageSource.DEFAULT_REPOSITORY_NAME);
        final String tag = context(app, "imageTag", ImageSource.DEFAULT_TAG);
        final ImageSource image = imageSource.equals("ecr") ? ImageSource.fromEcrRepositoryName(repositoryName, tag)
                : ImageSource.buildAndPush(imageDirectory.toString(), repositoryName, tag);
        this.service = !appRunner ? null : new ServiceStack(app, PREFIX + "-Service", ServiceStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .vpcSubnets(network.getServiceSubnets())
                .database(data)
                .image(image)
                .domainName(domain.isEmpty() ? null : domain)
                .hostedZoneAttributes(domain.isEmpty() ? null : zone)
                .domainRecordWeight(expressWeight == null || domain.isEmpty() ? null : 100 - expressWeight)
                .mediaBucket(data.getMediaBucket())
                .compliance(compliance)
                .build());
        this.express = !onExpress ? null : new ExpressServiceStack(app, PREFIX + "-Express",
                ExpressServiceStackProps.builder()
                        .env(env)
                        .vpc(network.getVpc())
                        .database(data)
                        .image(image)
                        .domainName(domain.isEmpty() ? null : domain)
                        .hostedZoneAttributes(domain.isEmpty() ? null : zone)
                        .domainRecordWeight(expressWeight == null || domain.isEmpty() ? null : expressWeight)
                        .mediaBucket(data.getMediaBucket())
                        .compliance(compliance)
                        .build());
        final DjangoCommands serviceCommands = scheduledCommands && service != null
                ? commands(service, service.getDjangoService(), compliance) : null;
        final DjangoCommands expressCommands = scheduledCommands && express != null
                ? commands(express, express.getDjangoService(), compliance) : null;
        if ("true".equalsIgnoreCase(context(app, "monitoring", "false"))) {
            final String email = context(app, "alarmEmail", "");
            if (service != null) {
                monitoring(service, service.getDjangoService(), email, serviceCommands, compliance);
            }
            if (express != null) {
                monitoring(express, express.getDjangoService(), email, expressCommands, compliance);
            }
        }
        if (service != null && express != null) {
            // Route 53 refuses a weighted record beside a simple one of the same name: App Runner's record
            // becomes weighted (in place) before Express adds its own
            express.addDependency(service, "the App Runner record is weighted before the Express record exists");
        }
    }

    /**
     * The {@code monitoring=true} context: alarms and a dashboard of the service and the database in the
     * service's stack, to a created topic ({@code alarmEmail} subscribes an address to it).
     */
    private void monitoring(final Stack stack, final IDjangoService djangoService, final String email,
                            final @Nullable DjangoCommands commands,
                            final @Nullable Compliance compliance) {
        new DjangoMonitoring(stack, "Monitoring", DjangoMonitoringProps.builder()
                .service(djangoService)
                .database(data)
                .alarmEmail(email.isEmpty() ? null : email)
                .commands(commands == null ? null : List.of(commands))
                .compliance(compliance)
                .build());
    }

    /** The {@code scheduledCommands=true} context: the nightly clearsessions and the one-off line, in the service's stack. */
    private static DjangoCommands commands(final Stack stack, final IDjangoService djangoService,
                                           final @Nullable Compliance compliance) {
        return new DjangoCommands(stack, "Commands", DjangoCommandsProps.builder()
                .service(djangoService)
                .schedules(List.of(CLEARSESSIONS))
                .compliance(compliance)
                .build());
    }

    /**
     * @return the {@code media=true} bucket's props; under the compliance profile its server access logs go
     *     to the organisation's logging bucket named by {@code accessLogsBucket} (required then)
     */
    private DjangoMediaBucketProps mediaBucket(final App app, final @Nullable Compliance compliance) {
        final String logs = context(app, "accessLogsBucket", "");
        if (compliance != null && logs.isEmpty()) {
            throw new IllegalArgumentException("Invalid demo context:\n  - accessLogsBucket: got none; with"
                    + " media=true and compliance=controltower, the name of the bucket that receives the media"
                    + " bucket's server access logs (CT.S3.PR.2), e.g. your Log Archive's");
        }
        final IBucket logsBucket = logs.isEmpty() ? null : Bucket.fromBucketName(network, "AccessLogsBucket", logs);
        return DjangoMediaBucketProps.builder()
                .serverAccessLogsBucket(logsBucket)
                .build();
    }

    /** @return the {@code compliance} context's profile, or null without one */
    private static @Nullable Compliance compliance(final App app) {
        return choice(app, "compliance", COMPLIANCES).equals("controltower") ? Compliance.controlTower() : null;
    }

    /** @return a context value among the allowed ones (the first is the default), or an error naming the key */
    private static String choice(final App app, final String key, final List<String> allowed) {
        final String value = context(app, key, allowed.get(0)).toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("Invalid demo context:\n  - " + key + ": got \"" + value
                    + "\"; allowed: one of " + allowed);
        }
        return value;
    }

    private static String context(final App app, final String key, final String fallback) {
        final Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    /** @return the hosted zone of the {@code hostedZoneId} and {@code hostedZoneName} context, or null */
    private static @Nullable HostedZoneAttributes zone(final App app) {
        final String id = context(app, "hostedZoneId", "");
        final String name = context(app, "hostedZoneName", "");
        return id.isEmpty() || name.isEmpty() ? null
                : HostedZoneAttributes.builder().hostedZoneId(id).zoneName(name).build();
    }

    /** @return the {@code expressWeight} context: the share of the domain's traffic on Express, 0 to 100 */
    private static int expressWeight(final App app) {
        final String raw = context(app, "expressWeight", "0");
        try {
            final int weight = Integer.parseInt(raw.trim());
            if (weight >= 0 && weight <= 100) {
                return weight;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid demo context:\n  - expressWeight: got \"" + raw
                + "\"; allowed: a percentage, 0 to 100 (App Runner gets the rest)");
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

    /** @return the {@code compute} context: apprunner, express or both */
    public String compute() {
        return compute;
    }

    /** @return the network stack */
    public NetworkStack network() {
        return network;
    }

    /** @return the data stack */
    public DataStack data() {
        return data;
    }

    /** @return the App Runner service stack, or null with {@code compute=express} */
    public @Nullable ServiceStack service() {
        return service;
    }

    /** @return the Express Mode service stack, or null with {@code compute=apprunner} */
    public @Nullable ExpressServiceStack express() {
        return express;
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
