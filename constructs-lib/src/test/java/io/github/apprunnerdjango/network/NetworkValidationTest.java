package io.github.apprunnerdjango.network;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;

/** Every rule of {@link NetworkValidation}, through the {@link NetworkStack} constructor. */
class NetworkValidationTest {
    private static final String AURORA_TWO_ZONES = "Aurora needs subnets in at least 2 availability zones"
            + " (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html)";
    private static final Environment EU_WEST_1 = Environment.builder().account("123456789012").region("eu-west-1").build();

    private static NetworkStackProps.Builder props() {
        return NetworkStackProps.builder();
    }

    private static NetworkStackProps.Builder inEuWest1() {
        return NetworkStackProps.builder().env(EU_WEST_1);
    }

    private static IllegalArgumentException failure(final NetworkStackProps props) {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkStack(app, "Net", props));
        // thrown before any resource exists
        assertNull(app.getNode().tryFindChild("Net"), "the stack was created before validation failed");
        assertTrue(e.getMessage().startsWith("Invalid NetworkStack props:\n  - "), e.getMessage());
        return e;
    }

    private static void assertLine(final String message, final String expectedLine) {
        assertTrue(List.of(message.split("\n")).contains("  - " + expectedLine),
                "expected the line\n  - " + expectedLine + "\nin\n" + message);
    }

    static Stream<Arguments> invalidProps() {
        final String cidrFormat = "allowed: an IPv4 CIDR block such as 10.0.0.0/24";
        final String cidrSize = "allowed: a prefix from /16 to /28 (AWS VPC sizes)";
        final String azs = "allowed: 2 to 6";
        final String mask = "allowed: 16 to 28 (AWS subnet sizes)";
        return Stream.of(
                Arguments.of("not an IP", props().cidr("not-a-cidr").build(), "cidr: got \"not-a-cidr\"; " + cidrFormat),
                Arguments.of("octet > 255", props().cidr("10.0.0.256/24").build(), "cidr: got \"10.0.0.256/24\"; " + cidrFormat),
                Arguments.of("first octet > 255", props().cidr("300.0.0.0/24").build(), "cidr: got \"300.0.0.0/24\"; " + cidrFormat),
                Arguments.of("no prefix", props().cidr("10.0.0.0").build(), "cidr: got \"10.0.0.0\"; " + cidrFormat),
                Arguments.of("prefix > 32", props().cidr("10.0.0.0/33").build(), "cidr: got \"10.0.0.0/33\"; " + cidrFormat),
                Arguments.of("three octets", props().cidr("10.0.0/24").build(), "cidr: got \"10.0.0/24\"; " + cidrFormat),
                Arguments.of("empty", props().cidr("").build(), "cidr: got \"\"; " + cidrFormat),
                Arguments.of("IPv6", props().cidr("2001:db8::/56").build(), "cidr: got \"2001:db8::/56\"; " + cidrFormat),
                Arguments.of("trailing space", props().cidr("10.0.0.0/24 ").build(), "cidr: got \"10.0.0.0/24 \"; " + cidrFormat),
                Arguments.of("prefix /8", props().cidr("10.0.0.0/8").build(), "cidr: got \"10.0.0.0/8\"; " + cidrSize),
                Arguments.of("prefix /15", props().cidr("10.0.0.0/15").subnetCidrMask(24).build(), "cidr: got \"10.0.0.0/15\"; " + cidrSize),
                Arguments.of("prefix /29", props().cidr("10.0.0.0/29").build(), "cidr: got \"10.0.0.0/29\"; " + cidrSize),
                Arguments.of("maxAzs 0", props().maxAzs(0).build(), "maxAzs: got 0; " + azs),
                Arguments.of("maxAzs 7", props().maxAzs(7).build(), "maxAzs: got 7; " + azs),
                Arguments.of("maxAzs -1", props().maxAzs(-1).build(), "maxAzs: got -1; " + azs),
                Arguments.of("mask 15", props().cidr("10.0.0.0/16").subnetCidrMask(15).build(), "subnetCidrMask: got 15; " + mask),
                Arguments.of("mask 29", props().subnetCidrMask(29).build(), "subnetCidrMask: got 29; " + mask),
                Arguments.of("mask below the prefix", props().cidr("10.0.0.0/24").subnetCidrMask(20).build(),
                        "subnetCidrMask: got 20; must be at least the cidr's prefix /24"),
                Arguments.of("default mask below a /27 prefix", props().cidr("10.0.0.0/27").build(),
                        "subnetCidrMask: got 26; must be at least the cidr's prefix /27"),
                Arguments.of("3 zones, 2 subnets of /25", props().cidr("10.0.0.0/24").subnetCidrMask(25).maxAzs(3).build(),
                        "maxAzs: got 3; the cidr 10.0.0.0/24 holds only 2 subnet(s) of /25;"
                                + " use fewer zones, a larger cidr or a larger subnetCidrMask"),
                Arguments.of("default 2 zones, 1 subnet of /28", props().cidr("10.0.0.0/28").subnetCidrMask(28).build(),
                        "maxAzs: got 2; the cidr 10.0.0.0/28 holds only 1 subnet(s) of /28;"
                                + " use fewer zones, a larger cidr or a larger subnetCidrMask"),
                Arguments.of("6 zones, 4 subnets of default /26", inEuWest1().maxAzs(6).build(),
                        "maxAzs: got 6; the cidr 10.0.0.0/24 holds only 4 subnet(s) of /26;"
                                + " use fewer zones, a larger cidr or a larger subnetCidrMask"),
                // "the DB subnet group must have subnets in at least two Availability Zones":
                // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
                Arguments.of("maxAzs 1", props().maxAzs(1).build(), "maxAzs: got 1; " + AURORA_TWO_ZONES),
                Arguments.of("one zone name", props().availabilityZones(List.of("eu-west-1a")).build(),
                        "availabilityZones: got [eu-west-1a]; " + AURORA_TWO_ZONES),
                Arguments.of("one zone ID", props().availabilityZoneIds(List.of("euw1-az1")).build(),
                        "availabilityZoneIds: got [euw1-az1]; " + AURORA_TWO_ZONES),
                Arguments.of("empty zone list", props().availabilityZones(List.of()).build(),
                        "availabilityZones: got []; " + AURORA_TWO_ZONES),
                // zone names and zone IDs are two ways to name the same zones (the mapping differs per
                // account): https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html
                Arguments.of("names and IDs", props().availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                                .availabilityZoneIds(List.of("euw1-az1", "euw1-az2")).build(),
                        "availabilityZoneIds: got [euw1-az1, euw1-az2]; not with availabilityZones:"
                                + " give the zones by name or by zone ID, not both"),
                Arguments.of("maxAzs 3 with 2 names", props().maxAzs(3).availabilityZones(List.of("eu-west-1a", "eu-west-1b")).build(),
                        "maxAzs: got 3; must equal the number of availabilityZones (2), or be left unset"),
                Arguments.of("maxAzs 2 with 3 IDs", props().maxAzs(2)
                                .availabilityZoneIds(List.of("euw1-az1", "euw1-az2", "euw1-az3")).build(),
                        "maxAzs: got 2; must equal the number of availabilityZoneIds (3), or be left unset"),
                Arguments.of("a zone ID as a name", props().availabilityZones(List.of("eu-west-1a", "euw1-az2")).build(),
                        "availabilityZones: got \"euw1-az2\"; allowed: a zone name such as eu-west-1a"
                                + " (zone IDs such as euw1-az1 go in availabilityZoneIds)"),
                Arguments.of("a region as a name", props().availabilityZones(List.of("eu-west-1", "eu-west-1b")).build(),
                        "availabilityZones: got \"eu-west-1\"; allowed: a zone name such as eu-west-1a"
                                + " (zone IDs such as euw1-az1 go in availabilityZoneIds)"),
                Arguments.of("upper-case name", props().availabilityZones(List.of("EU-WEST-1A", "eu-west-1b")).build(),
                        "availabilityZones: got \"EU-WEST-1A\"; allowed: a zone name such as eu-west-1a"
                                + " (zone IDs such as euw1-az1 go in availabilityZoneIds)"),
                Arguments.of("null name", props().availabilityZones(java.util.Arrays.asList("eu-west-1a", null)).build(),
                        "availabilityZones: got null; allowed: a zone name such as eu-west-1a"
                                + " (zone IDs such as euw1-az1 go in availabilityZoneIds)"),
                Arguments.of("a name as a zone ID", props().availabilityZoneIds(List.of("euw1-az1", "eu-west-1b")).build(),
                        "availabilityZoneIds: got \"eu-west-1b\"; allowed: a zone ID such as euw1-az1"
                                + " (zone names such as eu-west-1a go in availabilityZones)"),
                Arguments.of("zone ID without number", props().availabilityZoneIds(List.of("euw1-az1", "euw1-az")).build(),
                        "availabilityZoneIds: got \"euw1-az\"; allowed: a zone ID such as euw1-az1"
                                + " (zone names such as eu-west-1a go in availabilityZones)"),
                Arguments.of("duplicate name", props().availabilityZones(List.of("eu-west-1a", "eu-west-1b", "eu-west-1a")).build(),
                        "availabilityZones: got [eu-west-1a, eu-west-1b, eu-west-1a]; allowed: each zone once"
                                + " (listed more than once: eu-west-1a)"),
                Arguments.of("duplicate ID", props().availabilityZoneIds(List.of("euw1-az2", "euw1-az2")).build(),
                        "availabilityZoneIds: got [euw1-az2, euw1-az2]; allowed: each zone once"
                                + " (listed more than once: euw1-az2)"),
                Arguments.of("zone of another region", inEuWest1().availabilityZones(List.of("eu-west-1a", "us-east-1b")).build(),
                        "availabilityZones: got \"us-east-1b\"; allowed: a zone of the stack's region eu-west-1"),
                Arguments.of("3 names, 2 subnets of /25", props().subnetCidrMask(25)
                                .availabilityZones(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")).build(),
                        "availabilityZones: got [eu-west-1a, eu-west-1b, eu-west-1c]; the cidr 10.0.0.0/24 holds only"
                                + " 2 subnet(s) of /25; use fewer zones, a larger cidr or a larger subnetCidrMask"),
                Arguments.of("3 IDs, 2 subnets of /25", props().subnetCidrMask(25)
                                .availabilityZoneIds(List.of("euw1-az1", "euw1-az2", "euw1-az3")).build(),
                        "availabilityZoneIds: got [euw1-az1, euw1-az2, euw1-az3]; the cidr 10.0.0.0/24 holds only"
                                + " 2 subnet(s) of /25; use fewer zones, a larger cidr or a larger subnetCidrMask"),
                // an environment-agnostic stack's zones are Fn::GetAZs picks 0 and 1 (Stack.availabilityZones),
                // so the VPC would silently get 2 subnets: a CDK fact, not an AWS one
                Arguments.of("env-agnostic maxAzs 3", props().maxAzs(3).build(),
                        "maxAzs: got 3; an environment-agnostic stack gets at most 2 zones from CDK:"
                                + " set env (account and region) or list the zones (availabilityZones or"
                                + " availabilityZoneIds)"),
                Arguments.of("region only is still env-agnostic", props().maxAzs(3)
                                .env(Environment.builder().region("eu-west-1").build()).build(),
                        "maxAzs: got 3; an environment-agnostic stack gets at most 2 zones from CDK:"
                                + " set env (account and region) or list the zones (availabilityZones or"
                                + " availabilityZoneIds)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProps")
    void failsOnInvalidProps(final String name, final NetworkStackProps props, final String expectedLine) {
        final IllegalArgumentException e = failure(props);
        assertLine(e.getMessage(), expectedLine);
    }

    @Test
    void failsOnceListingEveryInvalidProp() {
        final IllegalArgumentException e = failure(props().cidr("10.0.0.0/8").maxAzs(0).subnetCidrMask(15).build());
        final String message = e.getMessage();
        assertEquals(3, message.split("\n  - ").length - 1, message);
        assertLine(message, "maxAzs: got 0; allowed: 2 to 6");
        assertLine(message, "subnetCidrMask: got 15; allowed: 16 to 28 (AWS subnet sizes)");
        assertLine(message, "cidr: got \"10.0.0.0/8\"; allowed: a prefix from /16 to /28 (AWS VPC sizes)");
    }

    @Test
    void failsOnceForAnUnparsableCidrAndBadZones() {
        final String message = failure(props().cidr("garbage").maxAzs(9).build()).getMessage();
        assertEquals(2, message.split("\n  - ").length - 1, message);
        assertLine(message, "cidr: got \"garbage\"; allowed: an IPv4 CIDR block such as 10.0.0.0/24");
        assertLine(message, "maxAzs: got 9; allowed: 2 to 6");
    }

    static Stream<Arguments> validProps() {
        return Stream.of(
                Arguments.of("null props", null),
                Arguments.of("all defaults", props().build()),
                Arguments.of("/16 split in /17", props().cidr("10.0.0.0/16").subnetCidrMask(17).maxAzs(2).build()),
                Arguments.of("/27 split in /28", props().cidr("192.168.0.0/27").subnetCidrMask(28).maxAzs(2).build()),
                Arguments.of("6 zones of /28 in a /24", inEuWest1().maxAzs(6).subnetCidrMask(28).build()),
                Arguments.of("4 zones of /26 in a /24", inEuWest1().maxAzs(4).build()),
                Arguments.of("255 octets", props().cidr("255.255.255.0/24").build()),
                Arguments.of("env-agnostic, 3 names", props().availabilityZones(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")).build()),
                Arguments.of("env-agnostic, 3 zone IDs", props().availabilityZoneIds(List.of("euw1-az3", "euw1-az1", "euw1-az2")).build()),
                Arguments.of("maxAzs equal to the names", inEuWest1().maxAzs(3)
                        .availabilityZones(List.of("eu-west-1c", "eu-west-1a", "eu-west-1b")).build()),
                Arguments.of("maxAzs equal to the IDs", props().maxAzs(2).availabilityZoneIds(List.of("use1-az4", "use1-az6")).build()),
                Arguments.of("multi-part region names", props()
                        .availabilityZones(List.of("ap-southeast-2a", "us-gov-west-1b", "ca-west-1a")).build()),
                Arguments.of("token zone name", props().availabilityZones(List.of(Fn.select(0, Fn.getAzs()), "eu-west-1b")).build()),
                Arguments.of("6 zone IDs of /28", props().subnetCidrMask(28)
                        .availabilityZoneIds(List.of("use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6")).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validProps")
    void acceptsValidProps(final String name, final NetworkStackProps props) {
        assertDoesNotThrow(() -> NetworkValidation.validated(props));
    }

    /** aws-cdk-lib's Vpc splits the CIDR at synth time, so a token is refused with a clear message. */
    @Test
    void failsOnTokenCidr() {
        final String message = failure(props().cidr(Fn.importValue("shared-cidr")).build()).getMessage();
        assertTrue(message.contains("cidr: got \"an unresolved token\"; allowed: a literal IPv4 CIDR block"), message);
    }

    @Test
    void failsOnCidrWithHostBits() {
        final String message = failure(props().cidr("10.0.0.5/24").build()).getMessage();
        assertTrue(message.contains("cidr: got \"10.0.0.5/24\"; allowed: a network address with no host bits set,"
                + " such as 10.0.0.0/24"), message);
    }

    /** Both lists wrong at once, and maxAzs: every failure in one message. */
    @Test
    void failsOnceListingEveryZoneProblem() {
        final String message = failure(props().maxAzs(1).availabilityZones(List.of("eu-west-1a"))
                .availabilityZoneIds(List.of("bad")).build()).getMessage();
        assertLine(message, "availabilityZoneIds: got [bad]; not with availabilityZones:"
                + " give the zones by name or by zone ID, not both");
        assertLine(message, "availabilityZoneIds: got \"bad\"; allowed: a zone ID such as euw1-az1"
                + " (zone names such as eu-west-1a go in availabilityZones)");
        assertLine(message, "availabilityZones: got [eu-west-1a]; " + AURORA_TWO_ZONES);
    }

    /** The region the zones must belong to may come from an enclosing Stage as well as from env. */
    @Test
    void zonesMustBelongToTheRegionOfTheEnclosingStage() {
        final App app = TestApps.app();
        final software.amazon.awscdk.Stage stage = new software.amazon.awscdk.Stage(app, "Prod",
                software.amazon.awscdk.StageProps.builder().env(EU_WEST_1).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NetworkStack(stage, "Net",
                props().availabilityZones(List.of("us-east-1a", "us-east-1b")).build()));
        assertLine(e.getMessage(), "availabilityZones: got \"us-east-1a\"; allowed: a zone of the stack's region eu-west-1");
        assertLine(e.getMessage(), "availabilityZones: got \"us-east-1b\"; allowed: a zone of the stack's region eu-west-1");
    }

    /** A Stage with account and region makes the stack environment-specific: more than 2 zones are fine. */
    @Test
    void acceptsMoreThanTwoZonesInAStageWithAnEnvironment() {
        final App app = TestApps.app();
        final software.amazon.awscdk.Stage stage = new software.amazon.awscdk.Stage(app, "Prod",
                software.amazon.awscdk.StageProps.builder().env(EU_WEST_1).build());
        assertDoesNotThrow(() -> NetworkValidation.validated(stage, props().maxAzs(3).build()));
        assertDoesNotThrow(() -> NetworkValidation.validated(stage,
                props().availabilityZones(List.of("eu-west-1a", "eu-west-1b")).build()));
    }

    @Test
    void failsOnceOnAMaskAboveTwentyEight() {
        final String message = failure(props().subnetCidrMask(29).build()).getMessage();
        assertEquals(1, message.split("\n  - ").length - 1, message);
    }
}
