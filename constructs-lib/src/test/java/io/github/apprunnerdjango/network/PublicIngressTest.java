package io.github.apprunnerdjango.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;

/**
 * What {@link NetworkStack} adds for ECS Express Mode: public ingress subnets with an internet gateway
 * ({@code publicIngress}) and the endpoints tasks in private-isolated subnets need
 * ({@code fargateEndpoints}); both only add resources to a deployed VPC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicIngressTest {
    private NetworkStack ingress;
    private Template noneTemplate;
    private Template ingressTemplate;
    private NetworkStack natIngress;
    private Template natTemplate;
    private Template natIngressTemplate;
    private NetworkStack fargate;
    private Template fargateTemplate;
    private Template listedTemplate;
    private NetworkStack byZoneId;
    private Template byZoneIdTemplate;

    @BeforeAll
    void synthesize() {
        final App app = TestApps.app();
        final NetworkStack none = new NetworkStack(app, "None", null);
        ingress = new NetworkStack(app, "Ingress", NetworkStackProps.builder().publicIngress(true).build());
        final NetworkStack nat = new NetworkStack(app, "Nat", NetworkStackProps.builder()
                .cidr("10.0.0.0/23").egress(Egress.natGateway()).build());
        natIngress = new NetworkStack(app, "NatIngress", NetworkStackProps.builder()
                .cidr("10.0.0.0/23").egress(Egress.natGateway()).publicIngress(true).build());
        fargate = new NetworkStack(app, "Fargate", NetworkStackProps.builder().fargateEndpoints(true).build());
        final NetworkStack listed = new NetworkStack(app, "Listed", NetworkStackProps.builder()
                .s3GatewayEndpoint(true)
                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
                        InterfaceVpcEndpointAwsService.ECR_DOCKER, InterfaceVpcEndpointAwsService.ECR))
                .build());
        byZoneId = new NetworkStack(app, "ByZoneId", NetworkStackProps.builder()
                .cidr("10.0.0.0/23").availabilityZoneIds(List.of("use1-az4", "use1-az6"))
                .egress(Egress.natGateway()).publicIngress(true).build());
        noneTemplate = Templates.synthesized(none);
        ingressTemplate = Templates.synthesized(ingress);
        natTemplate = Templates.synthesized(nat);
        natIngressTemplate = Templates.synthesized(natIngress);
        fargateTemplate = Templates.synthesized(fargate);
        listedTemplate = Templates.synthesized(listed);
        byZoneIdTemplate = Templates.synthesized(byZoneId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(final Template template) {
        return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(final Template template, final String logicalId) {
        return (Map<String, Object>) resources(template).get(logicalId).get("Properties");
    }

    private static Map<String, Object> subnetCidrs(final Template template) {
        final Map<String, Object> out = new TreeMap<>();
        for (final String id : Templates.logicalIds(template, "AWS::EC2::Subnet")) {
            out.put(id, properties(template, id).get("CidrBlock"));
        }
        return out;
    }

    /** The resources of {@code before} that {@code after} lacks or changed, stack paths aside. */
    private static Set<String> changed(final Template before, final String beforeId, final Template after,
                                       final String afterId) {
        final Set<String> changed = new TreeSet<>();
        resources(before).forEach((id, resource) -> {
            final Map<String, Object> other = resources(after).get(id);
            if (other == null || !String.valueOf(resource).replace(beforeId + "/", "<stack>/")
                    .equals(String.valueOf(other).replace(afterId + "/", "<stack>/"))) {
                changed.add(id);
            }
        });
        return changed;
    }

    /**
     * Express puts its load balancer and its tasks in the same subnets; public subnets give an
     * internet-facing load balancer (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html).
     * The ingress group comes after the isolated one: a deployed VPC keeps its isolated subnets'
     * logical ids and CIDRs (Aurora's subnet group uses them).
     */
    @Test
    void publicIngressAddsPublicSubnetsAfterTheIsolatedOnes() {
        final Map<String, Object> cidrs = subnetCidrs(ingressTemplate);
        assertEquals("10.0.0.0/26", cidrs.get("VpcIsolatedSubnet1SubnetE48C5737"));
        assertEquals("10.0.0.64/26", cidrs.get("VpcIsolatedSubnet2Subnet16364B91"));
        final List<ISubnet> ingressSubnets = ingress.getVpc().selectSubnets(ingress.getIngressSubnets()).getSubnets();
        assertEquals("10.0.0.128/26", cidrs.get(Templates.logicalId(ingress, ingressSubnets.get(0))));
        assertEquals("10.0.0.192/26", cidrs.get(Templates.logicalId(ingress, ingressSubnets.get(1))));
        assertTrue(Templates.logicalId(ingress, ingressSubnets.get(0)).startsWith("VpcIngressSubnet1"));
        assertEquals(4, cidrs.size());
        assertEquals(Set.of(), changed(noneTemplate, "None", ingressTemplate, "Ingress"));
    }

    /** An internet gateway and a default route to it from the ingress subnets only; no NAT. */
    @Test
    void ingressSubnetsRouteToAnInternetGatewayAndTheIsolatedOnesNowhere() {
        ingressTemplate.resourceCountIs("AWS::EC2::InternetGateway", 1);
        ingressTemplate.resourceCountIs("AWS::EC2::NatGateway", 0);
        final List<String> routes = Templates.logicalIds(ingressTemplate, "AWS::EC2::Route");
        assertEquals(2, routes.size(), routes.toString());
        for (final String route : routes) {
            final Map<String, Object> props = properties(ingressTemplate, route);
            assertEquals("0.0.0.0/0", props.get("DestinationCidrBlock"));
            assertTrue(String.valueOf(props.get("RouteTableId")).contains("VpcIngressSubnet"), props.toString());
            assertTrue(props.containsKey("GatewayId"), props.toString());
        }
        for (final ISubnet subnet : ingress.getVpc().getPublicSubnets()) {
            assertEquals(false, properties(ingressTemplate, Templates.logicalId(ingress, subnet)).get("MapPublicIpOnLaunch"));
        }
        assertEquals(2, ingress.getVpc().selectSubnets(ingress.getIngressSubnets()).getSubnets().size());
    }

    /**
     * With a NAT egress the ingress group comes after the NAT's public group, whose /28 subnets are
     * too small for a load balancer; the NAT gateway stays where it was: nothing existing changes.
     */
    @Test
    void withNatTheIngressGroupIsSeparateAndTheNatGatewayStays() {
        assertEquals(Set.of(), changed(natTemplate, "Nat", natIngressTemplate, "NatIngress"));
        natIngressTemplate.resourceCountIs("AWS::EC2::NatGateway", 1);
        assertEquals(4, natIngress.getVpc().getPublicSubnets().size());
        assertEquals(2, natIngress.getVpc().selectSubnets(natIngress.getIngressSubnets()).getSubnets().size());
    }

    /** With zone IDs every subnet of every group gets the zone ID of its position, ingress included. */
    @Test
    void zoneIdsApplyToTheIngressSubnets() {
        int checked = 0;
        for (final List<ISubnet> group : List.of(byZoneId.getVpc().getIsolatedSubnets(),
                byZoneId.getVpc().getPrivateSubnets(), byZoneId.getVpc().getPublicSubnets())) {
            for (int i = 0; i < group.size(); i++) {
                final String id = Templates.logicalId(byZoneId, group.get(i));
                final Map<String, Object> props = properties(byZoneIdTemplate, id);
                assertFalse(props.containsKey("AvailabilityZone"), id);
                assertEquals(List.of("use1-az4", "use1-az6").get(i % 2), props.get("AvailabilityZoneId"), id);
                checked++;
            }
        }
        assertEquals(8, checked);
    }

    /**
     * Tasks in isolated subnets pull from ECR (API and Docker registry, layers in S3) and log to
     * CloudWatch Logs through endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html);
     * the logical ids are those of the same endpoints listed by hand.
     */
    @Test
    void fargateEndpointsAreTheListedOnesUnderTheSameIds() {
        final Set<String> endpoints = new TreeSet<>(Templates.logicalIds(fargateTemplate, "AWS::EC2::VPCEndpoint"));
        assertEquals(new TreeSet<>(Templates.logicalIds(listedTemplate, "AWS::EC2::VPCEndpoint")), endpoints);
        assertEquals(5, endpoints.size(), endpoints.toString()); // Secrets Manager, S3, ECR API, ECR Docker, Logs
        for (final String service : NetworkStack.FARGATE_ENDPOINT_SERVICES) {
            assertNotNull(fargate.getInterfaceEndpoint(service), service);
        }
        assertNotNull(fargate.getS3GatewayEndpoint());
        assertTrue(fargate.hasFargateEndpoints());
        assertNull(fargate.getIngressSubnets());
    }

    // ---- validation -------------------------------------------------------------------------

    private static Arguments c(final String name, final UnaryOperator<NetworkStackProps.Builder> options,
                               final String fragment) {
        return Arguments.of(name, options, fragment);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                c("mask without publicIngress", b -> b.ingressSubnetCidrMask(26),
                        "ingressSubnetCidrMask: got 26; only allowed with publicIngress(true)"),
                c("mask too small for a load balancer", b -> b.publicIngress(true).ingressSubnetCidrMask(28),
                        "ingressSubnetCidrMask: got 28; allowed: 16 to 27"),
                c("mask above the cidr", b -> b.publicIngress(true).cidr("10.0.0.0/24").ingressSubnetCidrMask(23),
                        "ingressSubnetCidrMask: got 23; must be at least the cidr's prefix /24"),
                c("no room with NAT", b -> b.publicIngress(true).egress(Egress.natGateway()),
                        "cidr: got \"10.0.0.0/24\"; with publicIngress the cidr must hold, after the private-isolated,"
                                + " private-with-egress and public subnets, 2 public ingress subnet(s) of /26"
                                + " (ingressSubnetCidrMask): that needs a /23 or larger cidr"),
                c("no room for 3 zones", b -> b.publicIngress(true).availabilityZones(
                                List.of("us-east-1a", "us-east-1b", "us-east-1c")),
                        "with publicIngress the cidr must hold, after the private-isolated subnets, 3 public ingress"
                                + " subnet(s) of /26"),
                c("fargate endpoints without the S3 gateway", b -> b.fargateEndpoints(true).s3GatewayEndpoint(false),
                        "s3GatewayEndpoint: got false; fargateEndpoints(true) needs the S3 gateway endpoint"),
                c("fargate endpoints listed twice", b -> b.fargateEndpoints(true)
                                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.ECR_DOCKER)),
                        "interfaceEndpoints: got \"ecr.dkr\"; already created by fargateEndpoints(true)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void failsOnInvalidIngressOrEndpoints(final String name, final UnaryOperator<NetworkStackProps.Builder> options,
                                          final String fragment) {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkStack(app, "Bad", options.apply(NetworkStackProps.builder()).build()));
        assertTrue(e.getMessage().startsWith("Invalid NetworkStack props:\n  - "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected <" + fragment + "> in:\n" + e.getMessage());
        assertNull(app.getNode().tryFindChild("Bad"));
    }
}
