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
import software.amazon.awscdk.Fn;

/** Every rule of {@link NetworkValidation}, through the {@link NetworkStack} constructor. */
class NetworkValidationTest {

    private static NetworkStackProps.Builder props() {
        return NetworkStackProps.builder();
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
        final String azs = "allowed: 1 to 6";
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
                Arguments.of("6 zones, 4 subnets of default /26", props().maxAzs(6).build(),
                        "maxAzs: got 6; the cidr 10.0.0.0/24 holds only 4 subnet(s) of /26;"
                                + " use fewer zones, a larger cidr or a larger subnetCidrMask"));
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
        assertLine(message, "maxAzs: got 0; allowed: 1 to 6");
        assertLine(message, "subnetCidrMask: got 15; allowed: 16 to 28 (AWS subnet sizes)");
        assertLine(message, "cidr: got \"10.0.0.0/8\"; allowed: a prefix from /16 to /28 (AWS VPC sizes)");
    }

    @Test
    void failsOnceForAnUnparsableCidrAndBadZones() {
        final String message = failure(props().cidr("garbage").maxAzs(9).build()).getMessage();
        assertEquals(2, message.split("\n  - ").length - 1, message);
        assertLine(message, "cidr: got \"garbage\"; allowed: an IPv4 CIDR block such as 10.0.0.0/24");
        assertLine(message, "maxAzs: got 9; allowed: 1 to 6");
    }

    static Stream<Arguments> validProps() {
        return Stream.of(
                Arguments.of("null props", null),
                Arguments.of("all defaults", props().build()),
                Arguments.of("/16 split in /16", props().cidr("10.0.0.0/16").subnetCidrMask(16).maxAzs(1).build()),
                Arguments.of("/28 split in /28", props().cidr("192.168.0.0/28").subnetCidrMask(28).maxAzs(1).build()),
                Arguments.of("6 zones of /28 in a /24", props().maxAzs(6).subnetCidrMask(28).build()),
                Arguments.of("4 zones of /26 in a /24", props().maxAzs(4).build()),
                Arguments.of("255 octets", props().cidr("255.255.255.0/24").build()));
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

    @Test
    void failsOnceOnAMaskAboveTwentyEight() {
        final String message = failure(props().subnetCidrMask(29).build()).getMessage();
        assertEquals(1, message.split("\n  - ").length - 1, message);
    }
}
