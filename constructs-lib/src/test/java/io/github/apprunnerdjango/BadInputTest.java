package io.github.apprunnerdjango;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * Bad input to every stack, table-driven: each bad value fails at synth time, before the stack
 * exists, with one message naming the prop, the value and what is allowed. Nothing reaches
 * CloudFormation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private App app;
    private NetworkStack network;
    private DataStack data;
    private int next;

    @BeforeAll
    void prerequisites() {
        app = TestApps.app();
        network = new NetworkStack(app, "Network", null);
        data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
    }

    static Arguments network(final String name, final UnaryOperator<NetworkStackProps.Builder> bad, final String... expected) {
        return Arguments.of("NetworkStack: " + name,
                (Function<BadInputTest, Runnable>) t -> () -> new NetworkStack(t.app, t.id(), bad.apply(NetworkStackProps.builder()).build()),
                expected);
    }

    static Arguments data(final String name, final UnaryOperator<DataStackProps.Builder> bad, final String... expected) {
        return Arguments.of("DataStack: " + name,
                (Function<BadInputTest, Runnable>) t -> () -> new DataStack(t.app, t.id(),
                        bad.apply(DataStackProps.builder().vpc(t.network.getVpc())).build()),
                expected);
    }

    static Arguments service(final String name, final UnaryOperator<ServiceStackProps.Builder> bad, final String... expected) {
        return Arguments.of("ServiceStack: " + name,
                (Function<BadInputTest, Runnable>) t -> () -> new ServiceStack(t.app, t.id(), bad.apply(t.serviceProps()).build()),
                expected);
    }

    ServiceStackProps.Builder serviceProps() {
        return ServiceStackProps.builder()
                .vpc(network.getVpc())
                .databaseClientSecurityGroup(data.getDatabaseClientSecurityGroup())
                .databaseSecret(data.getServiceDatabaseSecret())
                .superuserSecret(data.getSuperuserSecret())
                .secretKeySecret(data.getSecretKeySecret())
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo" + next, "kawashima/django"), "latest"));
    }

    private String id() {
        return "Bad" + (next++);
    }

    Stream<Arguments> cases() {
        return Stream.of(
                network("CIDR that is not one", b -> b.cidr("10.0.0/24"), "cidr: got \"10.0.0/24\"", "allowed: an IPv4 CIDR block"),
                network("CIDR too large", b -> b.cidr("10.0.0.0/8"), "cidr: got \"10.0.0.0/8\"", "/16 to /28"),
                network("CIDR with host bits", b -> b.cidr("10.0.0.7/24"), "cidr: got \"10.0.0.7/24\"", "no host bits"),
                network("no zone", b -> b.maxAzs(0), "maxAzs: got 0", "2 to 6"),
                network("zones the CIDR cannot hold", b -> b.subnetCidrMask(25).maxAzs(3), "maxAzs: got 3", "holds only 2 subnet(s)"),
                network("subnet mask too small", b -> b.subnetCidrMask(29), "subnetCidrMask: got 29", "16 to 28"),
                data("no VPC", b -> b.vpc(null), "vpc: got null", "required"),
                data("min ACU above max ACU", b -> b.minCapacity(4).maxCapacity(2), "minCapacity: got 4", "must not exceed maxCapacity (2)"),
                data("ACU not a multiple of 0.5", b -> b.maxCapacity(2.3), "maxCapacity: got 2.3", "steps of 0.5"),
                data("ACU above 256", b -> b.maxCapacity(300), "maxCapacity: got 300", "1 to 256"),
                data("negative min ACU", b -> b.minCapacity(-1), "minCapacity: got -1", "0 to 256"),
                data("16 readers", b -> b.readers(16), "readers: got 16", "0 to 15"),
                data("database name with a dash", b -> b.databaseName("my-db"), "databaseName: got \"my-db\"", "letters, digits or underscores"),
                data("reserved master user", b -> b.masterUsername("rdsadmin"), "masterUsername: got \"rdsadmin\"", "not one of"),
                data("rotation every 0 days", b -> b.rotationInterval(Duration.days(0)), "rotationInterval: got", "1 to 1000 whole days"),
                data("rotation every 1001 days", b -> b.rotationInterval(Duration.days(1001)), "rotationInterval: got", "1 to 1000"),
                data("backups kept 36 days", b -> b.backupRetention(Duration.days(36)), "backupRetention: got", "1 to 35"),
                data("unknown log export", b -> b.cloudwatchLogsExports(List.of("slowquery")), "cloudwatchLogsExports: got [slowquery]", "iam-db-auth-error"),
                data("superuser name with a space", b -> b.superuserName("bad name"), "superuserName: got \"bad name\"", "letters, digits and @.+-_"),
                data("superuser e-mail", b -> b.superuserEmail("nope"), "superuserEmail: got \"nope\"", "an e-mail address"),
                data("subnets the VPC does not have", b -> b.vpcSubnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()),
                        "vpcSubnets: got SubnetSelection(subnetType=PRIVATE_WITH_EGRESS)", "There are no 'Private' subnet groups"),
                data("application user without alternating users", b -> b.applicationUsername("webapp"), "applicationUsername: got \"webapp\"", "only used with rotationStrategy ALTERNATING_USERS"),
                service("no image", b -> b.image(null), "image: got null", "required"),
                service("no database secret", b -> b.databaseSecret(null), "databaseSecret: got null", "required"),
                service("CPU and memory App Runner does not offer", b -> b.cpu(Cpu.QUARTER_VCPU).memory(Memory.FOUR_GB), "memory: got \"4 GB\"", "allowed with cpu 0.25 vCPU: [0.5 GB, 1 GB]"),
                service("CPU with the default memory", b -> b.cpu(Cpu.ONE_VCPU),
                        "cpu: got \"1 vCPU\" with the default memory 0.5 GB", "set memory to one of [2 GB, 3 GB, 4 GB]"),
                service("port 0", b -> b.port(0), "port: got 0", "1 to 65535"),
                service("subnets the VPC does not have", b -> b.vpcSubnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PUBLIC).build()),
                        "vpcSubnets: got SubnetSelection(subnetType=PUBLIC)", "There are no 'Public' subnet groups"),
                service("wildcard allowed host", b -> b.allowedHosts(List.of("*")), "allowedHosts: got \"*\"",
                        "a wildcard host disables Django's Host header validation", ".example.com"),
                service("start command with a quote", b -> b.startCommand(List.of("echo", "it's")), "startCommand: got [echo, it's]", "shell syntax"),
                service("health path without slash", b -> b.healthCheckPath("healthz"), "healthCheckPath: got \"healthz\"", "starting with /"),
                service("health interval 30 s", b -> b.healthCheckInterval(Duration.seconds(30)), "healthCheckInterval: got", "1 to 20 whole seconds"),
                service("unhealthy threshold 0", b -> b.unhealthyThreshold(0), "unhealthyThreshold: got 0", "1 to 20"),
                service("auto scaling min size above max size", b -> b.minSize(5).maxSize(2), "minSize: got 5", "must be less than maxSize (2)"),
                service("concurrency 201", b -> b.maxConcurrency(201), "maxConcurrency: got 201", "1 to 200"),
                service("service name too short", b -> b.serviceName("ab"), "serviceName: got \"ab\"", "4 to 40"),
                service("malformed domain", b -> b.domainName("app..example.com"), "domainName: got \"app..example.com\"", "a DNS name such as app.example.com"),
                service("hosted zone that does not contain the domain", b -> b.domainName("app.example.com")
                                .hostedZone(HostedZone.fromHostedZoneAttributes(network, "Zone" + next, HostedZoneAttributes.builder()
                                        .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.org").build())),
                        "domainName: got \"app.example.com\"", "inside the hosted zone example.org"),
                service("hosted zone without domain", b -> b.hostedZone(HostedZone.fromHostedZoneAttributes(network, "Zone" + next,
                                HostedZoneAttributes.builder().hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build())),
                        "hostedZone: got \"a hosted zone\"", "only allowed together with domainName"),
                service("hosted zone imported by id only", b -> b.domainName("app.example.com")
                                .hostedZone(HostedZone.fromHostedZoneId(network, "Zone" + next, "Z0123456789ABCDEFGHIJ")),
                        "hostedZone: got a zone imported by id only", "HostedZone.fromHostedZoneAttributes(id, name) or fromLookup"),
                service("repository name ECR would reject", b -> b.image(ImageSource.buildAndPush(
                                TestApps.repoRoot().resolve("django-image").toString(), "Kawashima/Django", "latest")),
                        "image.repositoryName: got \"Kawashima/Django\"", "lower-case letters"),
                service("tag with illegal characters", b -> b.image(ImageSource.buildAndPush(
                                TestApps.repoRoot().resolve("django-image").toString(), "kawashima/django", "v1:beta")),
                        "image.tag: got \"v1:beta\"", "letters, digits, _ . -"),
                service("digest that is not one", b -> b.image(ImageSource.fromEcr(
                                Repository.fromRepositoryName(network, "DigestRepo", "kawashima/django"), "sha256:xyz")),
                        "image.tagOrDigest: got \"sha256:xyz\"", "sha256:<64 hex digits>"),
                service("image directory without Dockerfile", b -> b.image(ImageSource.fromAsset("/nonexistent")),
                        "image.directory: got \"/nonexistent\"", "a directory holding a Dockerfile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsAtSynthTimeNamingPropValueAndWhatIsAllowed(final String name, final Function<BadInputTest, Runnable> build,
                                                         final String[] expected) {
        final int before = app.getNode().getChildren().size();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build.apply(this).run());
        for (final String fragment : expected) {
            assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in:\n" + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("Invalid "), e.getMessage());
        // the stack never came to exist, so nothing of it can reach a template
        assertEquals(before, app.getNode().getChildren().size(), "a stack was added despite the failure");
        assertNull(app.getNode().tryFindChild("Bad" + (next - 1)));
    }

    @Test
    void atLeastThirtyCasesCoverTheThreeStacks() {
        final List<String> names = cases().map(a -> (String) a.get()[0]).toList();
        assertTrue(names.size() >= 30, names.size() + " cases");
        for (final String stack : List.of("NetworkStack", "DataStack", "ServiceStack")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(stack)), stack);
        }
    }

    /** Two image sources at once cannot be expressed: one typed prop, closed to other subclasses. */
    @Test
    void twoImageSourcesAtOnceAreUnrepresentable() {
        assertTrue(Arrays.stream(ImageSource.class.getDeclaredConstructors())
                .noneMatch(c -> Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())));
        assertEquals(1, Arrays.stream(ServiceStackProps.Builder.class.getMethods())
                .filter(m -> !m.isBridge()) // the compiler's bridge of the covariant setter is the same prop
                .filter(m -> m.getParameterCount() == 1 && m.getParameterTypes()[0] == ImageSource.class).count());
    }
}
