package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAttributes;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetAttributes;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;

/** Every rule of {@link DataValidation}, through the {@link DataStack} constructor. */
class DataValidationTest {
    private static final String IDENTIFIER = "allowed: a letter, then letters, digits or underscores (63 at most), not one of [";
    /** "the DB subnet group must have subnets in at least two Availability Zones" */
    private static final String TWO_ZONES = "Aurora needs subnets in at least 2 availability zones"
            + " (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html)";
    /** Regions where AWS lists the RDS Data API as not available for Aurora PostgreSQL. */
    private static final String DATA_API =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.Data_API.html";
    /** A rotation function in a VPC without internet access needs a Secrets Manager endpoint (or NAT). */
    private static final String NO_ENDPOINT = "secretsManagerEndpoint: got null; the rotation functions run in"
            + " private-isolated subnets, which reach Secrets Manager only through an interface endpoint or NAT,"
            + " or every rotation times out"
            + " (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-function-network-access.html):"
            + " pass NetworkStack.getSecretsManagerEndpoint() or your endpoint, or set secretsManagerReachable(true)"
            + " when the subnets reach Secrets Manager another way";

    private static Environment region(final String region) {
        return Environment.builder().account("123456789012").region(region).build();
    }

    private static IVpc importedVpc(final App app) {
        final Stack holder = new Stack(app, "Holder");
        return Vpc.fromVpcAttributes(holder, "Vpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .isolatedSubnetIds(List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"))
                .build());
    }

    /** Builds a DataStack in a fresh app with the props the customizer gives (on top of a VPC). */
    private static String failure(final UnaryOperator<DataStackProps.Builder> customizer, final boolean withVpc) {
        final App app = TestApps.app();
        final DataStackProps.Builder builder = DataStackProps.builder();
        if (withVpc) {
            // the imported VPC has no endpoint of ours: each case states it reaches Secrets Manager
            // unless it is about that rule
            builder.vpc(importedVpc(app)).secretsManagerReachable(true);
        }
        final DataStackProps props = customizer.apply(builder).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataStack(app, "Data", props));
        assertNull(app.getNode().tryFindChild("Data"), "the stack was created before validation failed");
        assertTrue(e.getMessage().startsWith("Invalid DataStack props:\n  - "), e.getMessage());
        return e.getMessage();
    }

    private static int lines(final String message) {
        return message.split("\n  - ").length - 1;
    }

    private static Arguments rule(final String name, final UnaryOperator<DataStackProps.Builder> customizer,
            final String... expected) {
        return Arguments.of(name, customizer, List.of(expected));
    }

    static Stream<Arguments> invalidProps() {
        final String minRange = "allowed: 0 to 256 ACU in steps of 0.5";
        final String maxRange = "allowed: 1 to 256 ACU in steps of 0.5";
        return Stream.of(
                rule("min > max", b -> b.minCapacity(4).maxCapacity(3),
                        "minCapacity: got 4; must not exceed maxCapacity (3)"),
                rule("min > default max", b -> b.minCapacity(3),
                        "minCapacity: got 3; must not exceed the default maxCapacity 2; set maxCapacity to at least 3"),
                rule("min -0.5", b -> b.minCapacity(-0.5), "minCapacity: got -0.5; " + minRange),
                rule("min 256.5", b -> b.minCapacity(256.5).maxCapacity(256), "minCapacity: got 256.5; " + minRange),
                rule("min 0.75", b -> b.minCapacity(0.75), "minCapacity: got 0.75; " + minRange),
                rule("max 257", b -> b.maxCapacity(257), "maxCapacity: got 257; " + maxRange),
                rule("max 1.25", b -> b.maxCapacity(1.25), "maxCapacity: got 1.25; " + maxRange),
                rule("max 0.5 < 1", b -> b.maxCapacity(0.5), "maxCapacity: got 0.5; " + maxRange),
                rule("max 0", b -> b.minCapacity(0).maxCapacity(0), "maxCapacity: got 0; " + maxRange),
                rule("readers -1", b -> b.readers(-1), "readers: got -1; allowed: 0 to 15"),
                rule("readers 16", b -> b.readers(16), "readers: got 16; allowed: 0 to 15"),
                rule("database 1db", b -> b.databaseName("1db"), "databaseName: got \"1db\"; " + IDENTIFIER),
                rule("database my-db", b -> b.databaseName("my-db"), "databaseName: got \"my-db\"; " + IDENTIFIER),
                rule("database of 64 chars", b -> b.databaseName("d".repeat(64)),
                        "databaseName: got \"" + "d".repeat(64) + "\"; " + IDENTIFIER),
                rule("database postgres", b -> b.databaseName("postgres"), "databaseName: got \"postgres\"; " + IDENTIFIER),
                rule("database Template1", b -> b.databaseName("Template1"), "databaseName: got \"Template1\"; " + IDENTIFIER),
                rule("database empty", b -> b.databaseName(""), "databaseName: got \"\"; " + IDENTIFIER),
                rule("username rdsadmin", b -> b.masterUsername("rdsadmin"), "masterUsername: got \"rdsadmin\"; " + IDENTIFIER),
                rule("username 9x", b -> b.masterUsername("9x"), "masterUsername: got \"9x\"; " + IDENTIFIER),
                rule("username admin", b -> b.masterUsername("admin"), "masterUsername: got \"admin\"; " + IDENTIFIER),
                rule("rotation 0 days", b -> b.rotationInterval(Duration.days(0)),
                        "rotationInterval: got \"" + Duration.days(0).toHumanString() + "\"; allowed: 1 to 1000 whole days"),
                rule("rotation 1001 days", b -> b.rotationInterval(Duration.days(1001)),
                        "rotationInterval: got \"1001 days\"; allowed: 1 to 1000 whole days"),
                rule("rotation 36 hours", b -> b.rotationInterval(Duration.hours(36)),
                        "rotationInterval: got \"1 day 12 hours\"; allowed: 1 to 1000 whole days"),
                rule("rotation 4 hours", b -> b.rotationInterval(Duration.hours(4)),
                        "rotationInterval: got \"4 hours\"; allowed: 1 to 1000 whole days"),
                rule("backup 0 days", b -> b.backupRetention(Duration.days(0)),
                        "backupRetention: got \"" + Duration.days(0).toHumanString() + "\"; allowed: 1 to 35 whole days"),
                rule("backup 36 days", b -> b.backupRetention(Duration.days(36)),
                        "backupRetention: got \"36 days\"; allowed: 1 to 35 whole days"),
                rule("unknown log export", b -> b.cloudwatchLogsExports(List.of("postgresql", "audit")),
                        "cloudwatchLogsExports: got [postgresql, audit]; allowed: any of [", "postgresql", "iam-db-auth-error"),
                rule("superuser with a space", b -> b.superuserName("bad name"),
                        "superuserName: got \"bad name\"; allowed: 1 to 150 letters, digits and @.+-_"),
                rule("superuser of 151 chars", b -> b.superuserName("u".repeat(151)),
                        "superuserName: got \"" + "u".repeat(151) + "\"; allowed: 1 to 150 letters, digits and @.+-_"),
                rule("e-mail without @", b -> b.superuserEmail("nope"),
                        "superuserEmail: got \"nope\"; allowed: an e-mail address"),
                rule("e-mail without domain dot", b -> b.superuserEmail("a@b"),
                        "superuserEmail: got \"a@b\"; allowed: an e-mail address"),
                // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
                rule("cluster subnets in one zone", b -> b.vpcSubnets(SubnetSelection.builder()
                                .availabilityZones(List.of("eu-west-1a")).build()),
                        "vpcSubnets: got subnets in [eu-west-1a]; " + TWO_ZONES),
                // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.Data_API.html
                // lists Asia Pacific (Hyderabad) ap-south-2, (Melbourne) ap-southeast-4 and (New Zealand)
                // ap-southeast-6 as "Not available" for every Aurora PostgreSQL version
                rule("alternating users in Hyderabad", b -> b.env(region("ap-south-2"))
                                .rotationStrategy(RotationStrategy.ALTERNATING_USERS),
                        "rotationStrategy: got ALTERNATING_USERS; needs the RDS Data API, which AWS lists as not"
                                + " available for Aurora PostgreSQL in ap-south-2 (" + DATA_API + "): use SINGLE_USER there"),
                rule("alternating users in Melbourne", b -> b.env(region("ap-southeast-4"))
                                .rotationStrategy(RotationStrategy.ALTERNATING_USERS),
                        "rotationStrategy: got ALTERNATING_USERS; needs the RDS Data API, which AWS lists as not"
                                + " available for Aurora PostgreSQL in ap-southeast-4 (" + DATA_API + "): use SINGLE_USER there"),
                rule("alternating users in New Zealand", b -> b.env(region("ap-southeast-6"))
                                .rotationStrategy(RotationStrategy.ALTERNATING_USERS),
                        "rotationStrategy: got ALTERNATING_USERS; needs the RDS Data API, which AWS lists as not"
                                + " available for Aurora PostgreSQL in ap-southeast-6 (" + DATA_API + "): use SINGLE_USER there"),
                // https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-function-network-access.html
                rule("isolated subnets without endpoint", b -> b.secretsManagerReachable(null), NO_ENDPOINT),
                rule("isolated subnets, not reachable", b -> b.secretsManagerReachable(false), NO_ENDPOINT),
                rule("isolated subnets selected by type, without endpoint", b -> b.secretsManagerReachable(null)
                        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build()), NO_ENDPOINT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProps")
    void failsOnInvalidProps(final String name, final UnaryOperator<DataStackProps.Builder> customizer,
            final List<String> expected) {
        final String message = failure(customizer, true);
        for (final String fragment : expected) {
            assertTrue(message.contains(fragment), "expected <" + fragment + "> in\n" + message);
        }
    }

    @Test
    void failsWithoutVpc() {
        final String message = failure(b -> b, false);
        assertEquals("Invalid DataStack props:\n  - vpc: got null;"
                + " required: NetworkStack.getVpc(), an imported IVpc, or vpcAttributes", message);
    }

    @Test
    void failsOnNullProps() {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataStack(app, "Data", null));
        assertEquals("Invalid DataStack props:\n  - props: got null; required, with at least vpc", e.getMessage());
    }

    @Test
    void failsOnceListingEveryInvalidProp() {
        final String message = failure(b -> b
                .minCapacity(4).maxCapacity(3)
                .readers(16)
                .databaseName("1db")
                .masterUsername("rdsadmin")
                .rotationInterval(Duration.days(0))
                .backupRetention(Duration.days(36))
                .cloudwatchLogsExports(List.of("audit"))
                .superuserName("bad name")
                .superuserEmail("nope"), false);
        assertEquals(10, lines(message), message);
        for (final String prop : List.of("vpc", "minCapacity", "readers", "databaseName", "masterUsername",
                "rotationInterval", "backupRetention", "cloudwatchLogsExports", "superuserName", "superuserEmail")) {
            assertTrue(message.contains("\n  - " + prop + ": got "), prop + " missing in\n" + message);
        }
    }

    /**
     * Both subnets of the VPC in one zone: the default selection cannot make a DB subnet group. The
     * user set vpc, not vpcSubnets: the message names vpc.
     */
    @Test
    void failsWhenTheVpcsSubnetsAreInOneZone() {
        final App app = TestApps.app();
        final IVpc vpc = Vpc.fromVpcAttributes(new Stack(app, "Holder"), "Vpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(List.of("eu-west-1a"))
                .isolatedSubnetIds(List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"))
                .build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(app, "Data",
                DataStackProps.builder().vpc(vpc).secretsManagerReachable(true).build()));
        assertEquals("Invalid DataStack props:\n  - vpc: got VPC Holder/Vpc with the default vpcSubnets"
                + " SubnetSelection(subnetType=PRIVATE_ISOLATED), whose subnets are in [eu-west-1a]; " + TWO_ZONES
                + "; allowed: a VPC with private-isolated subnets in 2 zones or more, or set vpcSubnets", e.getMessage());
    }

    @Test
    void failsWhenExplicitSubnetsAreInOneZone() {
        final App app = TestApps.app();
        final Stack holder = new Stack(app, "Holder");
        final String message = failure(b -> b.vpcSubnets(SubnetSelection.builder().subnets(List.of(
                Subnet.fromSubnetAttributes(holder, "A", SubnetAttributes.builder()
                        .subnetId("subnet-0123456789abcdef1").availabilityZone("eu-west-1b").build()),
                Subnet.fromSubnetAttributes(holder, "B", SubnetAttributes.builder()
                        .subnetId("subnet-0123456789abcdef2").availabilityZone("eu-west-1b").build()))).build()), true);
        assertTrue(message.contains("vpcSubnets: got subnets in [eu-west-1b]; " + TWO_ZONES), message);
    }

    /** The case that used to deploy and then time out on every rotation: the network's endpoint turned off. */
    @Test
    void failsOnANetworkWithoutEndpointAndNoOtherWay() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Net", NetworkStackProps.builder()
                .secretsManagerEndpoint(false).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(app, "Data",
                DataStackProps.builder().vpc(network.getVpc()).build()));
        assertEquals("Invalid DataStack props:\n  - " + NO_ENDPOINT, e.getMessage());
        assertNull(app.getNode().tryFindChild("Data"));
    }

    /** The NetworkStack's own endpoint (private DNS, all its subnets) serves a DataStack on its VPC. */
    @Test
    void acceptsTheNetworkStacksVpcWithItsOwnEndpoint() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Net", null);
        assertDoesNotThrow(() -> new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build()));
    }

    @Test
    void acceptsAnEndpointOfYourOwn() {
        final App app = TestApps.app();
        final Stack holder = new Stack(app, "EndpointHolder");
        final DataStackProps props = DataStackProps.builder().vpc(importedVpc(app))
                .secretsManagerEndpoint(InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(holder, "Endpoint",
                        InterfaceVpcEndpointAttributes.builder().vpcEndpointId("vpce-0123456789abcdef0").port(443).build()))
                .build();
        assertDoesNotThrow(() -> DataValidation.validated(app, props));
    }

    /** Subnets with a NAT route (PRIVATE_WITH_EGRESS) reach the public Secrets Manager endpoint: not checked. */
    @Test
    void acceptsSubnetsWithEgressWithoutEndpoint() {
        final App app = TestApps.app();
        final IVpc vpc = Vpc.fromVpcAttributes(new Stack(app, "Holder"), "Vpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .privateSubnetIds(List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"))
                .build());
        assertDoesNotThrow(() -> DataValidation.validated(app, DataStackProps.builder().vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).build()));
    }

    /** The Region may come from an enclosing Stage as well as from env. */
    @Test
    void failsOnAlternatingUsersInAStageOfARegionWithoutDataApi() {
        final App app = TestApps.app();
        final IVpc vpc = importedVpc(app);
        final Stage stage = new Stage(app, "Melbourne", StageProps.builder().env(region("ap-southeast-4")).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(stage, "Data",
                DataStackProps.builder().vpc(vpc).secretsManagerReachable(true)
                        .rotationStrategy(RotationStrategy.ALTERNATING_USERS).build()));
        assertTrue(e.getMessage().contains("rotationStrategy: got ALTERNATING_USERS; needs the RDS Data API, which AWS"
                + " lists as not available for Aurora PostgreSQL in ap-southeast-4"), e.getMessage());
    }

    static Stream<Arguments> validProps() {
        return Stream.of(
                Arguments.of("only vpc", (UnaryOperator<DataStackProps.Builder>) b -> b),
                Arguments.of("0 to 1 ACU", (UnaryOperator<DataStackProps.Builder>) b -> b.minCapacity(0).maxCapacity(1)),
                Arguments.of("256 ACU", (UnaryOperator<DataStackProps.Builder>) b -> b.minCapacity(256).maxCapacity(256)),
                Arguments.of("min = max = 1.5", (UnaryOperator<DataStackProps.Builder>) b -> b.minCapacity(1.5).maxCapacity(1.5)),
                Arguments.of("0 and 15 readers", (UnaryOperator<DataStackProps.Builder>) b -> b.readers(15)),
                Arguments.of("63-char names", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .databaseName("d" + "_1".repeat(31)).masterUsername("U".repeat(63))),
                Arguments.of("rotation 1 and backup 35 days", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .rotationInterval(Duration.days(1)).backupRetention(Duration.days(35))),
                Arguments.of("rotation 1000 and backup 1 day", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .rotationInterval(Duration.days(1000)).backupRetention(Duration.days(1))),
                Arguments.of("rotation 24 hours", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .rotationInterval(Duration.hours(24))),
                Arguments.of("no log export", (UnaryOperator<DataStackProps.Builder>) b -> b.cloudwatchLogsExports(List.of())),
                Arguments.of("Django's username characters", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .superuserName("a.b@c+d-e_f").superuserEmail("first.last+tag@sub.example.org")),
                Arguments.of("token names", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .databaseName(Fn.importValue("db")).masterUsername(Fn.importValue("user"))
                        .superuserName(Fn.importValue("su")).superuserEmail(Fn.importValue("mail"))),
                Arguments.of("token minCapacity", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .minCapacity(Token.asNumber(Fn.importValue("min")))),
                Arguments.of("subnets in two chosen zones", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .vpcSubnets(SubnetSelection.builder().availabilityZones(List.of("eu-west-1a", "eu-west-1b")).build())),
                Arguments.of("alternating users in us-east-1", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .env(region("us-east-1")).rotationStrategy(RotationStrategy.ALTERNATING_USERS)),
                Arguments.of("alternating users in ap-south-1", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .env(region("ap-south-1")).rotationStrategy(RotationStrategy.ALTERNATING_USERS)),
                Arguments.of("alternating users, region unknown", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .env(Environment.builder().region(Aws.REGION).build())
                        .rotationStrategy(RotationStrategy.ALTERNATING_USERS)),
                Arguments.of("single user in Hyderabad", (UnaryOperator<DataStackProps.Builder>) b -> b
                        .env(region("ap-south-2"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validProps")
    void acceptsValidProps(final String name, final UnaryOperator<DataStackProps.Builder> customizer) {
        final App app = TestApps.app();
        final DataStackProps props = customizer.apply(DataStackProps.builder().vpc(importedVpc(app))
                .secretsManagerReachable(true)).build();
        assertDoesNotThrow(() -> DataValidation.validated(app, props));
    }

    @Test
    void acceptsATokenMaxCapacity() {
        final App app = TestApps.app();
        final DataStackProps props = DataStackProps.builder().vpc(importedVpc(app)).secretsManagerReachable(true)
                .maxCapacity(Token.asNumber(Fn.importValue("max"))).build();
        assertDoesNotThrow(() -> DataValidation.validated(app, props));
    }
}
