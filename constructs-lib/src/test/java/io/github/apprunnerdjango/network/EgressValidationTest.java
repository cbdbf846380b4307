package io.github.apprunnerdjango.network;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;

/** The egress and endpoint rules of {@link NetworkValidation}, through the {@link NetworkStack} constructor. */
class EgressValidationTest {
    private static final Environment US_EAST_1 = Environment.builder().account("123456789012").region("us-east-1").build();
    private static final String NAT_ONLY = "only allowed with a NAT egress (egress Egress.natGateway() or"
            + " Egress.natGatewayPerAz()); with Egress.none() the connector uses the private-isolated subnets"
            + " (subnetCidrMask)";
    private static final String MASK = "allowed: 16 to 28 (AWS subnet sizes)";
    private static final String SECRETS_MANAGER_TWICE = "the Secrets Manager endpoint is already created by"
            + " secretsManagerEndpoint (default true); list it here only with secretsManagerEndpoint(false)";

    private static NetworkStackProps.Builder props() {
        return NetworkStackProps.builder();
    }

    private static NetworkStackProps.Builder nat() {
        return NetworkStackProps.builder().egress(Egress.natGateway());
    }

    private static String room(final String cidr, final Egress egress, final int azs, final int mask,
                               final int egressMask, final int publicMask, final int needed) {
        return "cidr: got \"" + cidr + "\"; with egress " + egress + " the cidr must hold " + azs
                + " private-isolated subnet(s) of /" + mask + " (subnetCidrMask), then " + azs
                + " private-with-egress of /" + egressMask + " (egressSubnetCidrMask) and " + azs
                + " public of /" + publicMask + " (publicSubnetCidrMask): that needs a /" + needed
                + " or larger cidr; use a larger cidr, fewer zones or larger subnet masks (the private-isolated"
                + " subnets come first and keep their CIDRs)";
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
        return Stream.of(
                // NAT-only props without NAT: they would silently do nothing
                Arguments.of("egress mask without NAT", props().egressSubnetCidrMask(27).build(),
                        "egressSubnetCidrMask: got 27; " + NAT_ONLY),
                Arguments.of("public mask without NAT", props().publicSubnetCidrMask(28).build(),
                        "publicSubnetCidrMask: got 28; " + NAT_ONLY),
                Arguments.of("egress mask with explicit none", props().egress(Egress.none()).egressSubnetCidrMask(26).build(),
                        "egressSubnetCidrMask: got 26; " + NAT_ONLY),
                // subnet sizes: "The allowed block size is between a /28 netmask and /16 netmask"
                // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
                Arguments.of("egress mask 29", nat().egressSubnetCidrMask(29).build(), "egressSubnetCidrMask: got 29; " + MASK),
                Arguments.of("egress mask 15", nat().cidr("10.0.0.0/16").egressSubnetCidrMask(15).build(),
                        "egressSubnetCidrMask: got 15; " + MASK),
                Arguments.of("public mask 29", nat().publicSubnetCidrMask(29).build(), "publicSubnetCidrMask: got 29; " + MASK),
                Arguments.of("public mask 0", nat().publicSubnetCidrMask(0).build(), "publicSubnetCidrMask: got 0; " + MASK),
                Arguments.of("egress mask below the prefix", nat().egressSubnetCidrMask(23).build(),
                        "egressSubnetCidrMask: got 23; must be at least the cidr's prefix /24"),
                Arguments.of("public mask below the prefix", nat().cidr("10.0.0.0/22").subnetCidrMask(24)
                                .publicSubnetCidrMask(21).build(),
                        "publicSubnetCidrMask: got 21; must be at least the cidr's prefix /22"),
                // CDK allocates subnets in configuration order, each aligned on its size; the isolated
                // ones first, so the NAT groups must fit after them
                Arguments.of("3 zones of default masks in a /24", nat().env(US_EAST_1).maxAzs(3).build(),
                        room("10.0.0.0/24", Egress.natGateway(), 3, 26, 27, 28, 23)),
                Arguments.of("per zone, 3 zone IDs", props().egress(Egress.natGatewayPerAz())
                                .availabilityZoneIds(List.of("use1-az1", "use1-az2", "use1-az4")).build(),
                        room("10.0.0.0/24", Egress.natGatewayPerAz(), 3, 26, 27, 28, 23)),
                Arguments.of("a /25 full of /27 isolated", nat().cidr("10.0.0.0/25").subnetCidrMask(27).build(),
                        room("10.0.0.0/25", Egress.natGateway(), 2, 27, 27, 28, 24)),
                Arguments.of("a /27 full of /28 isolated", nat().cidr("10.0.0.0/27").subnetCidrMask(28)
                                .egressSubnetCidrMask(27).build(),
                        room("10.0.0.0/27", Egress.natGateway(), 2, 28, 27, 28, 25)),
                Arguments.of("egress subnets of /26 after /26 isolated", nat().egressSubnetCidrMask(26).build(),
                        room("10.0.0.0/24", Egress.natGateway(), 2, 26, 26, 28, 23)),
                // endpoints
                Arguments.of("null service", props().interfaceEndpoints(Arrays.asList(InterfaceVpcEndpointAwsService.SQS, null)).build(),
                        "interfaceEndpoints: got null; allowed: an InterfaceVpcEndpointAwsService such as"
                                + " InterfaceVpcEndpointAwsService.SQS"),
                Arguments.of("service listed twice", props().interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SQS,
                                InterfaceVpcEndpointAwsService.SNS, InterfaceVpcEndpointAwsService.SQS)).build(),
                        "interfaceEndpoints: got [sqs, sns, sqs]; allowed: each service once (listed more than once: sqs)"),
                Arguments.of("same service, another instance", props().interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SQS,
                                new InterfaceVpcEndpointAwsService("sqs"))).build(),
                        "interfaceEndpoints: got [sqs, sqs]; allowed: each service once (listed more than once: sqs)"),
                // two endpoints of one service with private DNS in a VPC conflict:
                // https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html
                Arguments.of("Secrets Manager with its own endpoint on", props()
                                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)).build(),
                        "interfaceEndpoints: got \"secretsmanager\"; " + SECRETS_MANAGER_TWICE),
                Arguments.of("Secrets Manager with its own endpoint explicitly on", nat().secretsManagerEndpoint(true)
                                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)).build(),
                        "interfaceEndpoints: got \"secretsmanager\"; " + SECRETS_MANAGER_TWICE),
                Arguments.of("S3 as an interface endpoint", props()
                                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.S3)).build(),
                        "interfaceEndpoints: got \"s3\"; use s3GatewayEndpoint(true) for S3: a gateway endpoint, free"
                                + " (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProps")
    void failsOnInvalidProps(final String name, final NetworkStackProps props, final String expectedLine) {
        assertLine(failure(props).getMessage(), expectedLine);
    }

    @Test
    void failsOnceListingEveryEgressAndEndpointProblem() {
        final String message = failure(props().egressSubnetCidrMask(29).interfaceEndpoints(List.of(
                InterfaceVpcEndpointAwsService.S3, InterfaceVpcEndpointAwsService.SQS, InterfaceVpcEndpointAwsService.SQS))
                .build()).getMessage();
        assertEquals(3, message.split("\n  - ").length - 1, message);
        assertLine(message, "egressSubnetCidrMask: got 29; " + NAT_ONLY);
        assertLine(message, "interfaceEndpoints: got [s3, sqs, sqs]; allowed: each service once (listed more than once: sqs)");
        assertTrue(message.contains("interfaceEndpoints: got \"s3\"; use s3GatewayEndpoint(true)"), message);
    }

    /** When the isolated subnets alone do not fit, that is the one failure: no second one about NAT. */
    @Test
    void reportsRoomForTheNatSubnetsOnlyWhenTheIsolatedOnesFit() {
        final String message = failure(nat().cidr("10.0.0.0/25").maxAzs(3).env(US_EAST_1).build()).getMessage();
        assertEquals(1, message.split("\n  - ").length - 1, message);
        assertLine(message, "maxAzs: got 3; the cidr 10.0.0.0/25 holds only 2 subnet(s) of /26;"
                + " use fewer zones, a larger cidr or a larger subnetCidrMask");
    }

    static Stream<Arguments> validProps() {
        return Stream.of(
                Arguments.of("one NAT, defaults", nat().build()),
                Arguments.of("NAT per zone, defaults", props().egress(Egress.natGatewayPerAz()).build()),
                Arguments.of("explicit none", props().egress(Egress.none()).build()),
                Arguments.of("exact fit: /27 egress and public after /26 isolated", nat()
                        .egressSubnetCidrMask(27).publicSubnetCidrMask(27).build()),
                Arguments.of("exact fit in a /25", nat().cidr("10.0.0.0/25").subnetCidrMask(27)
                        .egressSubnetCidrMask(28).publicSubnetCidrMask(28).build()),
                Arguments.of("6 zones in a /16", props().env(US_EAST_1).cidr("10.0.0.0/16").maxAzs(6).subnetCidrMask(20)
                        .egress(Egress.natGatewayPerAz()).egressSubnetCidrMask(20).publicSubnetCidrMask(24).build()),
                Arguments.of("3 zone IDs in a /23", props().cidr("10.0.0.0/23").availabilityZoneIds(List.of("use1-az1",
                        "use1-az2", "use1-az4")).egress(Egress.natGateway()).build()),
                Arguments.of("endpoints without NAT", props().s3GatewayEndpoint(true).interfaceEndpoints(List.of(
                        InterfaceVpcEndpointAwsService.EMAIL_SMTP, InterfaceVpcEndpointAwsService.SQS,
                        InterfaceVpcEndpointAwsService.SNS)).build()),
                Arguments.of("endpoints with NAT", nat().s3GatewayEndpoint(true).interfaceEndpoints(List.of(
                        InterfaceVpcEndpointAwsService.EMAIL_SMTP)).build()),
                Arguments.of("empty endpoint list", props().interfaceEndpoints(List.of()).build()),
                Arguments.of("Secrets Manager listed with its own endpoint off", props().secretsManagerEndpoint(false)
                        .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validProps")
    void acceptsValidProps(final String name, final NetworkStackProps props) {
        assertDoesNotThrow(() -> NetworkValidation.validated(props));
        // and CDK's own allocation agrees: the stack builds
        final App app = TestApps.app(java.util.Map.of("availability-zones:account=123456789012:region=us-east-1",
                List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f")), false);
        assertDoesNotThrow(() -> new NetworkStack(app, "Net", props));
    }
}
