package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.CfnWaitConditionHandle;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * The gaps of issue point 6 in ServiceValidation: App Runner's API units for cpu and memory, a zone
 * imported by id, subnets the VPC does not have, domain case and trailing dot, the wildcard host,
 * and failures that blame a default instead of the prop the user set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceValidationGapsTest {
    private static final String COMBINATIONS = "App Runner's combinations";
    private ServiceFixture fixture;
    private IHostedZone exampleCom;
    /** A VPC with private (NAT) subnets only, no isolated one, in two zones. */
    private IVpc privateOnly;
    private IVpc publicOnly;
    private int next;

    @BeforeAll
    void prerequisites() {
        fixture = new ServiceFixture();
        exampleCom = HostedZone.fromHostedZoneAttributes(fixture.network, "ComZone", HostedZoneAttributes.builder()
                .hostedZoneId("ZCOMZONE").zoneName("example.com").build());
        final Stack holder = new Stack(fixture.app, "Holder");
        // one resource, so that the app synthesizes
        new CfnWaitConditionHandle(holder, "Resource");
        privateOnly = Vpc.fromVpcAttributes(holder, "Vpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .privateSubnetIds(List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"))
                .build());
        publicOnly = Vpc.fromVpcAttributes(holder, "PublicVpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef1")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .publicSubnetIds(List.of("subnet-0123456789abcdef3", "subnet-0123456789abcdef4"))
                .build());
    }

    private String id() {
        return "Gap" + (next++);
    }

    /** @return the message, after checking that no stack of that id was left in the app */
    private String failure(final UnaryOperator<ServiceStackProps.Builder> options) {
        final ServiceStackProps props = options.apply(fixture.props()).build();
        final String id = id();
        final int before = fixture.app.getNode().getChildren().size();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServiceStack(fixture.app, id, props));
        assertTrue(e.getMessage().startsWith("Invalid ServiceStack props:\n  - "), e.getMessage());
        assertNull(fixture.app.getNode().tryFindChild(id), "a half-built stack was left in the app");
        assertEquals(before, fixture.app.getNode().getChildren().size());
        return e.getMessage();
    }

    private static List<String> lines(final String message) {
        return Arrays.asList(message.split("\n  - ")).subList(1, message.split("\n  - ").length);
    }

    private static void assertMentions(final String message, final String... fragments) {
        for (final String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected <" + fragment + "> in:\n" + message);
        }
    }

    private static Arguments c(final String name, final UnaryOperator<ServiceStackProps.Builder> options,
                               final String... fragments) {
        return Arguments.of(name, options, fragments);
    }

    // 1. cpu and memory in App Runner's API units (https://docs.aws.amazon.com/apprunner/latest/api/API_InstanceConfiguration.html)

    static Stream<Arguments> validInstanceSizes() {
        return Stream.of(
                Arguments.of("1024 with 2048", Cpu.of("1024"), Memory.of("2048")),
                Arguments.of("256 with 512", Cpu.of("256"), Memory.of("512")),
                Arguments.of("256 with the default memory", Cpu.of("256"), null),
                Arguments.of("the default cpu with 1024", null, Memory.of("1024")),
                Arguments.of("512 with 1 GB", Cpu.of("512"), Memory.ONE_GB),
                Arguments.of("1 vCPU with 4096", Cpu.ONE_VCPU, Memory.of("4096")),
                Arguments.of("2048 with 6144", Cpu.of("2048"), Memory.of("6144")),
                Arguments.of("4096 with 12 GB", Cpu.of("4096"), Memory.TWELVE_GB),
                Arguments.of("4 vCPU with 10240", Cpu.FOUR_VCPU, Memory.of("10240")));
    }

    @ParameterizedTest(name = "accepts cpu and memory {0}")
    @MethodSource("validInstanceSizes")
    void acceptsApiUnits(final String name, final Cpu cpu, final Memory memory) {
        final ServiceStackProps props = fixture.props().cpu(cpu).memory(memory).build();
        assertDoesNotThrow(() -> ServiceValidation.validated(props));
    }

    static Stream<Arguments> units() {
        return Stream.of(
                Arguments.of("1024", "1 vCPU", "1 GB"), Arguments.of("256", "0.25 vCPU", null),
                Arguments.of("512", "0.5 vCPU", "0.5 GB"), Arguments.of("4096", "4 vCPU", "4 GB"),
                Arguments.of("1vCPU", "1 vCPU", null), Arguments.of("0.25vCPU", "0.25 vCPU", null),
                Arguments.of("2 vCPU", "2 vCPU", null), Arguments.of("2048", "2 vCPU", "2 GB"),
                Arguments.of("2GB", null, "2 GB"), Arguments.of("0.5 GB", null, "0.5 GB"),
                Arguments.of("3072", null, "3 GB"), Arguments.of("12288", null, "12 GB"),
                Arguments.of("3 vCPU", null, null), Arguments.of("768", null, null), Arguments.of("5 GB", null, null),
                Arguments.of("", null, null), Arguments.of("1 vCPU 2 GB", null, null));
    }

    /**
     * Both of App Runner's forms, and the forms without a space, normalised; nothing App Runner does
     * not offer. (Cpu.of and Memory.of accept only the forms with a space and the numbers.)
     */
    @ParameterizedTest(name = "{0} is cpu {1} and memory {2}")
    @MethodSource("units")
    void normalisesBothUnits(final String unit, final String cpu, final String memory) {
        assertEquals(cpu, ServiceValidation.normalisedCpu(unit));
        assertEquals(memory, ServiceValidation.normalisedMemory(unit));
    }

    Stream<Arguments> invalidInstanceSizes() {
        return Stream.of(
                c("1024 with 512", b -> b.cpu(Cpu.of("1024")).memory(Memory.of("512")),
                        "memory: got \"512\" (0.5 GB); allowed with cpu 1024 (1 vCPU): [2 GB, 3 GB, 4 GB]", COMBINATIONS),
                c("256 with 2 GB", b -> b.cpu(Cpu.of("256")).memory(Memory.TWO_GB),
                        "memory: got \"2 GB\"; allowed with cpu 256 (0.25 vCPU): [0.5 GB, 1 GB]"),
                c("4 vCPU with 4096", b -> b.cpu(Cpu.FOUR_VCPU).memory(Memory.of("4096")),
                        "memory: got \"4096\" (4 GB); allowed with cpu 4 vCPU: [8 GB, 10 GB, 12 GB]"));
    }

    @ParameterizedTest(name = "fails on cpu and memory {0}, showing the user's units")
    @MethodSource("invalidInstanceSizes")
    void failsOnApiUnitsShowingTheUsersForm(final String name, final UnaryOperator<ServiceStackProps.Builder> options,
                                            final String[] fragments) {
        final String message = failure(options);
        assertMentions(message, fragments);
        assertEquals(1, lines(message).size(), message);
    }

    // 2. a hosted zone imported by id has no name

    @Test
    void failsOnAZoneImportedByIdWithTheValidationMessage() {
        final IHostedZone byId = HostedZone.fromHostedZoneId(fixture.network, "ById" + next, "Z0123456789ABCDEFGHIJ");
        final String message = failure(b -> b.domainName("app.example.com").hostedZone(byId).port(0));
        assertEquals(List.of("port: got 0; allowed: 1 to 65535",
                "hostedZone: got a zone imported by id only; allowed: a zone with its name"
                        + " (HostedZone.fromHostedZoneAttributes(id, name) or fromLookup)"), lines(message), message);
    }

    // 3. subnets the VPC does not have

    @Test
    void failsOnTheDefaultSubnetsOfAVpcWithoutIsolatedSubnetsNamingTheVpc() {
        // the default follows the VPC: private subnets with egress when it has some, isolated otherwise
        final String message = failure(b -> b.vpc(publicOnly).vpcSubnets(null));
        assertEquals(1, lines(message).size(), message);
        assertMentions(lines(message).get(0), "vpc: got VPC Holder/PublicVpc with the default vpcSubnets"
                        + " SubnetSelection(subnetType=PRIVATE_ISOLATED); There are no 'Isolated' subnet groups in this VPC."
                        + " Available types: ", "Public",
                "allowed: a VPC with private (with egress) or private-isolated subnets, or set vpcSubnets to subnets"
                        + " this VPC has");
        assertTrue(!message.contains("@jsii") && !message.contains("    at "), "a JS stack trace in:\n" + message);
        // a VPC with private subnets only: the default picks them
        assertDoesNotThrow(() -> ServiceValidation.validated(fixture.props().vpc(privateOnly).vpcSubnets(null).build()));
    }

    Stream<Arguments> subnetsTheVpcDoesNotHave() {
        return Stream.of(
                c("a subnet type it has not", b -> b.vpc(privateOnly)
                                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()),
                        "vpcSubnets: got SubnetSelection(subnetType=PUBLIC); There are no 'Public' subnet groups in this VPC",
                        "allowed: subnets this VPC has"),
                c("a group name it has not", b -> b.vpc(privateOnly)
                                .vpcSubnets(SubnetSelection.builder().subnetGroupName("App").build()),
                        "vpcSubnets: got SubnetSelection(subnetGroupName=\"App\"); There are no subnet groups with name"
                                + " 'App' in this VPC. Available names: Private"),
                c("zones it has no subnet in", b -> b.vpc(privateOnly).vpcSubnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS).availabilityZones(List.of("eu-west-1c")).build()),
                        "vpcSubnets: got SubnetSelection(subnetType=PRIVATE_WITH_EGRESS, availabilityZones=[eu-west-1c]);"
                                + " selects no subnet of this VPC"),
                c("the network's VPC, public subnets", b -> b
                                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()),
                        "vpcSubnets: got SubnetSelection(subnetType=PUBLIC); There are no 'Public' subnet groups"));
    }

    @ParameterizedTest(name = "fails on {0}, before the stack exists")
    @MethodSource("subnetsTheVpcDoesNotHave")
    void failsOnSubnetsTheVpcDoesNotHave(final String name, final UnaryOperator<ServiceStackProps.Builder> options,
                                         final String[] fragments) {
        final String message = failure(options);
        assertMentions(message, fragments);
        assertEquals(1, lines(message).size(), message);
    }

    @Test
    void theAppStillSynthesizesAfterTheFailure() {
        failure(b -> b.vpc(publicOnly).vpcSubnets(null));
        assertDoesNotThrow(() -> fixture.app.synth());
    }

    // 4. domain case and trailing dot; the wildcard host

    static Stream<Arguments> domains() {
        return Stream.of(
                Arguments.of("App.Example.COM.", "app.example.com"),
                Arguments.of("app.example.com.", "app.example.com"),
                Arguments.of("WWW.example.org", "www.example.org"));
    }

    @ParameterizedTest(name = "accepts {0} as {1}")
    @MethodSource("domains")
    void acceptsAndNormalisesCaseAndOneTrailingDot(final String given, final String normalised) {
        assertEquals(normalised, ServiceValidation.normalisedDomain(given));
        final ServiceStackProps props = fixture.props().domainName(given).build();
        assertDoesNotThrow(() -> ServiceValidation.validated(props));
    }

    @Test
    void acceptsAnUpperCaseDomainWithATrailingDotInsideItsZone() {
        final ServiceStackProps props = fixture.props().domainName("App.Example.COM.").hostedZone(exampleCom).build();
        assertDoesNotThrow(() -> ServiceValidation.validated(props));
    }

    @Test
    void normalisedDomainLeavesNullAndTokensAlone() {
        assertNull(ServiceValidation.normalisedDomain(null));
        final String token = software.amazon.awscdk.Fn.importValue("Domain");
        assertEquals(token, ServiceValidation.normalisedDomain(token));
    }

    Stream<Arguments> badDomainsAndHosts() {
        return Stream.of(
                c("two trailing dots", b -> b.domainName("app.example.com.."),
                        "domainName: got \"app.example.com..\"; allowed: a DNS name such as app.example.com"),
                c("an upper-case empty label", b -> b.domainName("App..Example.com"),
                        "domainName: got \"App..Example.com\"; allowed: a DNS name"),
                c("the zone apex, upper case with a dot", b -> b.domainName("Example.COM.").hostedZone(exampleCom),
                        "domainName: got \"Example.COM.\"; must be a sub-domain inside the hosted zone example.com"),
                c("the wildcard host", b -> b.allowedHosts(List.of("*")),
                        "allowedHosts: got \"*\"; a wildcard host disables Django's Host header validation"
                                + " (https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts), and the App Runner"
                                + " domain and domainName are already allowed; allowed: host names such as example.com, or"
                                + " a leading-dot pattern such as .example.com for a domain and its sub-domains"),
                c("a wildcard sub-domain", b -> b.allowedHosts(List.of("*.example.com")),
                        "allowedHosts: got \"*.example.com\"; Django reads no * inside a host name; allowed: the"
                                + " leading-dot pattern .example.com for example.com and its sub-domains"));
    }

    @ParameterizedTest(name = "fails on {0}")
    @MethodSource("badDomainsAndHosts")
    void failsOnBadDomainsAndHostsShowingTheUsersValue(final String name,
                                                         final UnaryOperator<ServiceStackProps.Builder> options,
                                                         final String[] fragments) {
        final String message = failure(options);
        assertMentions(message, fragments);
        assertEquals(1, lines(message).size(), message);
    }

    // 5. a rule failing on a default and a user value blames the user's prop

    Stream<Arguments> defaultsBlameTheUsersProp() {
        return Stream.of(
                Arguments.of("cpu 1 vCPU with the default memory", (UnaryOperator<ServiceStackProps.Builder>)
                                b -> b.cpu(Cpu.ONE_VCPU), Set.of("cpu"),
                        "cpu: got \"1 vCPU\" with the default memory 0.5 GB; set memory to one of [2 GB, 3 GB, 4 GB]"),
                Arguments.of("cpu 2048 with the default memory", (UnaryOperator<ServiceStackProps.Builder>)
                                b -> b.cpu(Cpu.of("2048")), Set.of("cpu"),
                        "cpu: got \"2048\" (2 vCPU) with the default memory 0.5 GB; set memory to one of [4 GB, 6 GB]"),
                Arguments.of("memory 2 GB with the default cpu", (UnaryOperator<ServiceStackProps.Builder>)
                                b -> b.memory(Memory.TWO_GB), Set.of("memory"),
                        "memory: got \"2 GB\" with the default cpu 0.25 vCPU; allowed with it: [0.5 GB, 1 GB];"
                                + " or set cpu to one of [1 vCPU]"),
                Arguments.of("memory 4096 with the default cpu", (UnaryOperator<ServiceStackProps.Builder>)
                                b -> b.memory(Memory.of("4096")), Set.of("memory"),
                        "memory: got \"4096\" (4 GB) with the default cpu 0.25 vCPU; allowed with it: [0.5 GB, 1 GB];"
                                + " or set cpu to one of [1 vCPU, 2 vCPU]"),
                Arguments.of("minSize 25 without maxSize", (UnaryOperator<ServiceStackProps.Builder>)
                                b -> b.minSize(25), Set.of("minSize"),
                        "minSize: got 25; at most 24 without maxSize: the default maxSize follows minSize (minSize + 1, at least 3)"
                                + " and App Runner allows at most 25 instances"),
                Arguments.of("maxSize 0 with the default minSize", (UnaryOperator<ServiceStackProps.Builder>)
                                b -> b.maxSize(0), Set.of("maxSize"), "maxSize: got 0; allowed: 1 to 25"));
    }

    @ParameterizedTest(name = "{0} names only the props set")
    @MethodSource("defaultsBlameTheUsersProp")
    void namesOnlyThePropsTheUserSet(final String name, final UnaryOperator<ServiceStackProps.Builder> options,
                                      final Set<String> userProps, final String expected) {
        final List<String> lines = lines(failure(options));
        assertEquals(List.of(expected), lines);
        assertTrue(lines.stream().allMatch(l -> userProps.contains(l.substring(0, l.indexOf(':')))), lines.toString());
    }
}
