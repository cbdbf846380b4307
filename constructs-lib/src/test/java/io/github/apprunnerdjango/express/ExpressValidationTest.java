package io.github.apprunnerdjango.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/** Every rule of ExpressValidation: the prop, the value received and what is allowed, all in one exception, before any resource. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressValidationTest {
    private static final HostedZoneAttributes ZONE = HostedZoneAttributes.builder()
            .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build();

    private ExpressFixture fixture;
    private ExpressFixture isolatedOnly;
    private NetworkStack otherNetwork;
    private DataStack otherData;
    private ICertificate certificate;

    @BeforeAll
    void prerequisites() {
        fixture = new ExpressFixture();
        isolatedOnly = new ExpressFixture(NetworkStackProps.builder().build());
        otherNetwork = new NetworkStack(fixture.app, "OtherNetwork", NetworkStackProps.builder().publicIngress(true).build());
        otherData = new DataStack(fixture.app, "OtherData", DataStackProps.builder().vpc(otherNetwork.getVpc()).build());
        certificate = Certificate.fromCertificateArn(fixture.network, "Cert",
                "arn:aws:acm:us-east-1:123456789012:certificate/0b2f1e7e-1111-2222-3333-444455556666");
    }

    private static String failure(final ExpressFixture f, final UnaryOperator<ExpressServiceStackProps.Builder> options) {
        final ExpressServiceStackProps props = options.apply(f.props()).build();
        final int before = f.app.getNode().getChildren().size();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExpressServiceStack(f.app, "Invalid", props));
        assertTrue(e.getMessage().startsWith("Invalid ExpressServiceStack props:\n  - "), e.getMessage());
        assertEquals(before, f.app.getNode().getChildren().size(), "a stack was added despite the failure");
        assertNull(f.app.getNode().tryFindChild("Invalid"));
        return e.getMessage();
    }

    private static void assertMentions(final String message, final String... fragments) {
        for (final String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected <" + fragment + "> in:\n" + message);
        }
    }

    private static Arguments c(final String name, final UnaryOperator<ExpressServiceStackProps.Builder> options,
                               final String... fragments) {
        return Arguments.of(name, options, fragments);
    }

    Stream<Arguments> invalid() {
        final Map<String, String> libraryName = new HashMap<>();
        libraryName.put("DB_HOST", "x");
        return Stream.of(
                c("no vpc", b -> b.vpc(null), "vpc: got null; required (or vpcAttributes)"),
                c("vpc twice", b -> b.vpcAttributes(VpcAttributes.builder().vpcId("vpc-1")
                        .availabilityZones(List.of("us-east-1a")).build()), "vpcAttributes: got \"VPC attributes\"; not with vpc"),
                c("no database", b -> b.database(null), "database: got null; required"),
                c("database twice", b -> b.databaseAttributes(DjangoDatabaseAttributes.builder().build()),
                        "database: got \"2 database sources\"; give exactly one of database or databaseAttributes"),
                c("no image", b -> b.image(null), "image: got null; required"),
                c("bad tag", b -> b.image(ImageSource.fromEcr(fixture.repository, "-x")), "image.tagOrDigest: got \"-x\""),
                c("service name with a space", b -> b.serviceName("my app"),
                        "serviceName: got \"my app\"; allowed: 1 to 255 of letters, digits, - and _"),
                c("service name too long", b -> b.serviceName("a".repeat(256)), "serviceName: got \"" + "a".repeat(256)),
                c("cpu Fargate lacks", b -> b.cpu(300), "cpu: got 300; allowed: CPU units [256, 512, 1024, 2048, 4096]"),
                c("memory too large for the default cpu", b -> b.memory(4096),
                        "memory: got 4096 with the default cpu 256; allowed with it: [512, 1024, 2048] MiB"),
                c("cpu with the default memory", b -> b.cpu(4096),
                        "cpu: got 4096 with the default memory 512; set memory to one of [8192] MiB"),
                c("memory beyond Express's range", b -> b.cpu(4096).memory(16384),
                        "memory: got 16384; allowed with cpu 4096: [8192] MiB"),
                c("port 0", b -> b.port(0), "port: got 0; allowed: 1 to 65535"),
                c("empty command", b -> b.command(List.of()), "command: got []; allowed: at least one argument"),
                c("health check path without /", b -> b.healthCheckPath("healthz"),
                        "healthCheckPath: got \"healthz\"; allowed: a path starting with /"),
                c("health check path with a space", b -> b.healthCheckPath("/a b"), "healthCheckPath: got \"/a b\""),
                c("health check path too long", b -> b.healthCheckPath("/" + "a".repeat(1024)), "at most 1024 characters"),
                c("no task", b -> b.minTasks(0), "minTasks: got 0; allowed: 1 or more"),
                c("min above max", b -> b.minTasks(5).maxTasks(4), "minTasks: got 5; must not exceed maxTasks (4)"),
                c("min above the default max", b -> b.minTasks(5), "minTasks: got 5; must not exceed the default maxTasks 3"),
                c("cpu target above 100", b -> b.scalingTarget(101),
                        "scalingTarget: got 101; allowed with AVERAGE_CPU: a percentage, 1 to 100"),
                c("request target 0", b -> b.scalingMetric(ScalingMetric.REQUEST_COUNT_PER_TARGET).scalingTarget(0),
                        "scalingTarget: got 0; allowed with REQUEST_COUNT_PER_TARGET: requests per target, 1 or more"),
                c("bad domain", b -> b.domainName("a..b.com").hostedZoneAttributes(ZONE), "domainName: got \"a..b.com\""),
                c("domain without zone or certificate", b -> b.domainName("app.example.com"),
                        "domainName: got \"app.example.com\"; needs a hosted zone"),
                c("certificate and zone", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE).certificate(certificate),
                        "certificate: got \"a certificate\"; not with a hosted zone"),
                c("certificate without domain", b -> b.certificate(certificate),
                        "certificate: got \"a certificate\"; only allowed together with domainName"),
                c("domain outside the zone", b -> b.domainName("app.example.org").hostedZoneAttributes(ZONE),
                        "must be the hosted zone example.com or a sub-domain inside it"),
                c("weight without zone", b -> b.domainName("app.example.com").certificate(certificate).domainRecordWeight(1),
                        "domainRecordWeight: got 1; only allowed together with domainName and a hosted zone"),
                c("weight above 255", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE).domainRecordWeight(256),
                        "domainRecordWeight: got 256; allowed: 0 to 255"),
                c("weighted CNAME at the apex", b -> b.domainName("example.com").hostedZoneAttributes(ZONE).domainRecordWeight(5),
                        "the zone apex cannot take the weighted CNAME of domainRecordWeight"),
                c("wildcard host", b -> b.allowedHosts(List.of("*")), "allowedHosts: got \"*\"; a wildcard host disables"),
                c("a library variable", b -> b.environment(libraryName),
                        "environment: got \"DB_HOST\"; the library sets it (ServiceEnvironment)"),
                c("a bad variable name", b -> b.environment(Map.of("1X", "y")), "environment: got \"1X\"; allowed: variable names"),
                c("null statement", b -> b.taskRolePolicyStatements(Arrays.asList((software.amazon.awscdk.services.iam
                        .PolicyStatement) null)), "taskRolePolicyStatements: got [null]; allowed: policy statements"),
                c("private in public subnets", b -> b.privateEndpoint(true).vpcSubnets(fixture.network.getIngressSubnets()),
                        "a private service needs private or isolated subnets"),
                c("public in isolated subnets", b -> b.vpcSubnets(fixture.network.getIsolatedSubnets()),
                        "a public service needs public subnets"),
                c("one zone", b -> b.vpcSubnets(SubnetSelection.builder().subnets(List.of(
                                fixture.network.getVpc().getPublicSubnets().get(0))).build()),
                        "subnets in at least 2 zones, a load balancer's minimum"),
                c("database in another VPC", b -> b.database(otherData),
                        "the database is in VPC OtherNetwork/Default/Vpc: the service joins the database's client security group"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void failsOnInvalidValue(final String name, final UnaryOperator<ExpressServiceStackProps.Builder> options,
                             final String[] fragments) {
        assertMentions(failure(fixture, options), fragments);
    }

    /** A public service in a VPC without public subnets, and isolated tasks without NAT or endpoints. */
    @Test
    void failsOnSubnetsTheVpcCannotServe() {
        assertMentions(failure(isolatedOnly, b -> b), "vpc: got VPC Network/Default/Vpc with the default vpcSubnets"
                + " SubnetSelection(subnetType=PUBLIC)", "a VPC with public subnets (NetworkStack publicIngress(true))");
        assertMentions(failure(isolatedOnly, b -> b.privateEndpoint(true)),
                "tasks in private-isolated subnets cannot pull the image or ship logs without NAT or endpoints");
    }

    @Test
    void everyFailureComesInOneException() {
        final String message = failure(fixture, b -> b.vpc(null).image(null).serviceName("a b").cpu(3).port(0)
                .healthCheckPath("x").minTasks(0).domainName("a..b"));
        // the domain is also missing its zone or certificate: 9 failures for 8 props
        assertEquals(9, message.split("\n  - ").length - 1, message);
    }

    @Test
    void nullPropsFailWithTheirName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExpressServiceStack(fixture.app, "Null", null));
        assertEquals("Invalid ExpressServiceStack props:\n  - props: got null; required", e.getMessage());
    }

    /** The same props pass with valid values: each rule has a passing side. */
    @Test
    void validValuesPass() {
        fixture.service("Valid", b -> b.serviceName("Django_web-1").cpu(2048).memory(8192).port(443)
                .command(List.of("gunicorn")).healthCheckPath("/healthz?full=1").minTasks(1).maxTasks(1)
                .scalingMetric(ScalingMetric.AVERAGE_MEMORY).scalingTarget(100)
                .domainName("example.com").hostedZoneAttributes(ZONE)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()));
    }
}
