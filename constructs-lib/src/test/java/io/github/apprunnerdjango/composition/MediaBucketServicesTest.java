package io.github.apprunnerdjango.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoAuroraDatabase;
import io.github.apprunnerdjango.data.DjangoMediaBucket;
import io.github.apprunnerdjango.data.DjangoMediaBucketProps;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.express.ExpressServiceStackProps;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.AppRunnerDjangoService;
import io.github.apprunnerdjango.service.IDjangoService;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceEnvironment;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.apprunnerdjango.testing.NagFindings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.kms.Key;

/**
 * The media bucket wired to both services, as one app would wire it: a DataStack that makes the
 * bucket, App Runner and Express services that get its name and Region and may use its objects,
 * nothing more. Environment-agnostic and environment-specific, with S3-managed and KMS encryption.
 * cdk-nag's AwsSolutions pack and CloudFormation Validate report nothing
 * (https://github.com/cdklabs/cdk-nag/blob/main/RULES.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaBucketServicesTest {
    /** The apps: one per environment mode and encryption; each has an App Runner and an Express service. */
    private final Map<String, Apps> apps = new LinkedHashMap<>();

    /** One app's stacks. */
    private record Apps(DataStack data, ServiceStack appRunner, ExpressServiceStack express) {
        List<Stack> all() {
            return List.of(data, appRunner, express);
        }
    }

    @BeforeAll
    void synthesize() {
        apps.put("agnostic", build(null, false));
        apps.put("env-specific", build(Environment.builder().account("123456789012").region("eu-west-1").build(), false));
        apps.put("kms-env", build(Environment.builder().account("123456789012").region("us-east-1").build(), true));
    }

    private static Apps build(final Environment env, final boolean kms) {
        final App app = TestApps.app();
        // App Runner's connector in isolated subnets reaches S3 through the gateway endpoint; Express's
        // public tasks through the internet gateway
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .env(env).s3GatewayEndpoint(true).publicIngress(true).build());
        final DjangoMediaBucketProps.Builder media = DjangoMediaBucketProps.builder();
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .mediaBucket((kms ? media.encryptionKey(new Key(new Stack(app, "Keys",
                        software.amazon.awscdk.StackProps.builder().env(env).build()), "MediaKey",
                        software.amazon.awscdk.services.kms.KeyProps.builder().enableKeyRotation(true).build()))
                        : media).build())
                .build());
        final ImageSource image = ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo", "team/django"),
                "latest");
        final ServiceStack appRunner = new ServiceStack(app, "AppRunner", ServiceStackProps.builder()
                .env(env).vpc(network.getVpc()).vpcSubnets(network.getServiceSubnets()).database(data).image(image)
                .mediaBucket(data.getMediaBucket()).build());
        final ExpressServiceStack express = new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder()
                .env(env).vpc(network.getVpc()).database(data).image(image)
                .mediaBucket(data.getMediaBucket()).build());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
        return new Apps(data, appRunner, express);
    }

    Stream<String> names() {
        return apps.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void cdkNagAwsSolutionsReportsNothing(final String name) {
        NagFindings.assertNone(name, apps.get(name).all());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void cloudFormationValidateReportsNothing(final String name) {
        final List<String> warnings = new ArrayList<>();
        for (final Stack stack : apps.get(name).all()) {
            Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp(".*CloudFormation Validate.*"))
                    .stream().map(m -> m.getId() + " " + m.getEntry().getData()).forEach(warnings::add);
        }
        assertEquals(List.of(), warnings, name);
    }

    /** @return the plain variables of a service stack's service, by name */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(final Stack stack) {
        final Template t = Template.fromStack(stack);
        final Map<String, Object> variables = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> apprunner = (Map<String, Map<String, Object>>) (Map<String, ?>)
                t.findResources("AWS::AppRunner::Service");
        final Map<String, Map<String, Object>> express = (Map<String, Map<String, Object>>) (Map<String, ?>)
                t.findResources("AWS::ECS::ExpressGatewayService");
        final List<Map<String, Object>> pairs;
        if (!apprunner.isEmpty()) {
            final Map<String, Object> props = (Map<String, Object>) apprunner.values().iterator().next().get("Properties");
            pairs = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    props.get("SourceConfiguration")).get("ImageRepository")).get("ImageConfiguration"))
                    .get("RuntimeEnvironmentVariables");
        } else {
            final Map<String, Object> props = (Map<String, Object>) express.values().iterator().next().get("Properties");
            pairs = (List<Map<String, Object>>) ((Map<String, Object>) props.get("PrimaryContainer")).get("Environment");
        }
        pairs.forEach(p -> variables.put(String.valueOf(p.containsKey("Name") ? p.get("Name") : p.get("name")),
                p.containsKey("Value") ? p.get("Value") : p.get("value")));
        return variables;
    }

    /** @return the statements of the service stack's policies, by policy logical id */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Map<String, Object>>> statements(final Stack stack) {
        final Map<String, List<Map<String, Object>>> statements = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) (Map<String, ?>) Template.fromStack(stack).findResources("AWS::IAM::Policy"))
                .forEach((id, r) -> statements.put(id, (List<Map<String, Object>>) ((Map<String, Object>)
                        ((Map<String, Object>) r.get("Properties")).get("PolicyDocument")).get("Statement")));
        return statements;
    }

    private static List<Stack> services(final Apps a) {
        return List.of(a.appRunner(), a.express());
    }

    /**
     * Both services pass the bucket's name and Region to the image, the two names agreed with it; the
     * name is the bucket's Ref, the Region the bucket's stack's (a literal in an environment-specific app).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void bothServicesPassTheBucketNameAndRegion(final String name) {
        final Apps a = apps.get(name);
        final String region = a.data().getRegion();
        for (final Stack stack : services(a)) {
            final Map<String, Object> vars = variables(stack);
            final String bucketName = String.valueOf(vars.get(ServiceEnvironment.DJANGO_MEDIA_BUCKET));
            assertTrue(bucketName.contains("ExportsOutputRef" + "MediaBucket4022EBBF"), stack + ": " + bucketName);
            final Object shownRegion = vars.get(ServiceEnvironment.DJANGO_MEDIA_REGION);
            assertEquals(name.equals("agnostic") ? Map.of("Ref", "AWS::Region") : region, shownRegion, stack.toString());
        }
    }

    /**
     * The role the app runs with may get, put, delete the bucket's objects and abort their multipart
     * uploads, and list this bucket's keys (without s3:ListBucket S3 answers 403 for a missing key:
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html), in a policy of its own; with
     * a KMS key, Decrypt and GenerateDataKey on that key
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html). No other
     * statement of the service stacks names an S3 or KMS action.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    @SuppressWarnings("unchecked")
    void theRoleMayUseTheBucketsObjectsAndNothingBroader(final String name) {
        final Apps a = apps.get(name);
        for (final Stack stack : services(a)) {
            final Map<String, List<Map<String, Object>>> all = statements(stack);
            final List<String> media = all.keySet().stream().filter(id -> id.startsWith("MediaBucketAccess")).toList();
            assertEquals(1, media.size(), stack + ": " + all.keySet());
            final List<Map<String, Object>> statements = all.get(media.get(0));
            assertEquals(name.startsWith("kms") ? 3 : 2, statements.size(), stack + ": " + statements);
            final Map<String, Object> objects = statements.get(0);
            assertEquals(List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
                    objects.get("Action"));
            final Map<String, Object> list = statements.get(1);
            assertEquals("s3:ListBucket", list.get("Action"));
            final Object bucketArn = list.get("Resource");
            assertTrue(String.valueOf(bucketArn).contains("MediaBucket4022EBBFArn"), String.valueOf(bucketArn));
            assertEquals(Map.of("Fn::Join", List.of("", List.of(bucketArn, "/*"))), objects.get("Resource"));
            if (name.startsWith("kms")) {
                assertEquals(List.of("kms:Decrypt", "kms:GenerateDataKey"), statements.get(2).get("Action"));
                assertTrue(String.valueOf(statements.get(2).get("Resource")).contains("MediaKey"));
            }
            all.forEach((id, list2) -> {
                if (!media.contains(id)) {
                    list2.forEach(st -> assertFalse(String.valueOf(st.get("Action")).matches("(?s).*\\b(s3|kms):.*"),
                            stack + "/" + id + " " + st));
                }
            });
        }
    }

    /**
     * The service is created after its media policy (the app may upload from its first request), and
     * the bucket is readable from the construct for a task built beside it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    @SuppressWarnings("unchecked")
    void serviceWaitsForItsMediaPolicyAndExposesTheBucket(final String name) {
        final Apps a = apps.get(name);
        for (final Stack stack : services(a)) {
            final Template t = Template.fromStack(stack);
            final Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) (Map<String, ?>)
                    t.findResources(stack instanceof ServiceStack ? "AWS::AppRunner::Service" : "AWS::ECS::ExpressGatewayService");
            final Object dependsOn = services.values().iterator().next().get("DependsOn");
            assertTrue(String.valueOf(dependsOn).contains("MediaBucketAccess"), stack + ": " + dependsOn);
        }
        final IDjangoService appRunner = a.appRunner().getDjangoService();
        final IDjangoService express = a.express().getDjangoService();
        assertSame(a.data().getMediaBucket(), appRunner.getMediaBucket());
        assertSame(a.data().getMediaBucket(), express.getMediaBucket());
    }

    /** Without mediaBucket nothing changes: no variable, no policy, no bucket (snapshots stay as they are). */
    @Test
    void withoutMediaBucketNothingIsAdded() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder().publicIngress(true).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint()).build());
        final ImageSource image = ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo", "team/django"), "latest");
        final ServiceStack appRunner = new ServiceStack(app, "AppRunner", ServiceStackProps.builder()
                .vpc(network.getVpc()).vpcSubnets(network.getServiceSubnets()).database(data).image(image).build());
        final ExpressServiceStack express = new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder()
                .vpc(network.getVpc()).database(data).image(image).build());
        for (final Stack stack : List.of(appRunner, express)) {
            final Map<String, Object> vars = variables(stack);
            ServiceEnvironment.MEDIA_NAMES.forEach(n -> assertFalse(vars.containsKey(n), stack + ": " + n));
            assertTrue(statements(stack).keySet().stream().noneMatch(id -> id.startsWith("MediaBucketAccess")));
        }
        assertNull(appRunner.getDjangoService().getMediaBucket());
        assertNull(express.getDjangoService().getMediaBucket());
    }

    /** The constructs in a team's one stack: the bucket is referenced directly, no export. */
    @Test
    void constructsInOneStack() {
        final Stack stack = new Stack(TestApps.app(), "Team");
        final DjangoNetwork network = new DjangoNetwork(stack, "Network", NetworkStackProps.builder()
                .s3GatewayEndpoint(true).build());
        final DjangoAuroraDatabase database = new DjangoAuroraDatabase(stack, "Database",
                DataStackProps.builder().vpc(network.getVpc()).build());
        final DjangoMediaBucket media = new DjangoMediaBucket(stack, "Media", null);
        final AppRunnerDjangoService service = new AppRunnerDjangoService(stack, "Service", ServiceStackProps.builder()
                .vpc(network.getVpc()).vpcSubnets(network.getServiceSubnets()).database(database)
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(stack, "Repo", "team/django"), "latest"))
                .mediaBucket(media.getBucket()).build());
        assertSame(media.getBucket(), service.getMediaBucket());
        final Map<String, Object> vars = variables(stack);
        final String bucketId = stack.resolve(((software.amazon.awscdk.services.s3.Bucket) media.getBucket())
                .getNode().getDefaultChild() instanceof software.amazon.awscdk.CfnResource r ? r.getLogicalId() : null)
                .toString();
        assertEquals(Map.of("Ref", bucketId), vars.get(ServiceEnvironment.DJANGO_MEDIA_BUCKET));
        assertEquals(Map.of("Ref", "AWS::Region"), vars.get(ServiceEnvironment.DJANGO_MEDIA_REGION));
    }
}
