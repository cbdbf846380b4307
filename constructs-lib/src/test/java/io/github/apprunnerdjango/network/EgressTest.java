package io.github.apprunnerdjango.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.SubnetType;

/**
 * {@link NetworkStack}'s {@code egress}: none (the default), one NAT gateway or one per zone; and the
 * endpoints to AWS services ({@code s3GatewayEndpoint}, {@code interfaceEndpoints}) with or without NAT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    private static final List<String> ZONE_IDS = List.of("use1-az4", "use1-az6");

    private NetworkStack none;
    private Template noneTemplate;
    private Template explicitNoneTemplate;
    private NetworkStack nat;
    private Template natTemplate;
    private NetworkStack perAz;
    private Template perAzTemplate;
    private NetworkStack endpointsNoNat;
    private Template endpointsNoNatTemplate;
    private NetworkStack endpointsNat;
    private Template endpointsNatTemplate;
    private NetworkStack reordered;
    private Template reorderedTemplate;
    private NetworkStack byZoneId;
    private Template byZoneIdTemplate;

    @BeforeAll
    void synthesize() {
        final App app = TestApps.app(Map.of(
                "availability-zones:account=" + ACCOUNT + ":region=" + REGION, ZONES), false);
        none = new NetworkStack(app, "None", null);
        final NetworkStack explicitNone = new NetworkStack(app, "ExplicitNone", NetworkStackProps.builder()
                .egress(Egress.none()).build());
        nat = new NetworkStack(app, "Nat", NetworkStackProps.builder().egress(Egress.natGateway()).build());
        perAz = new NetworkStack(app, "PerAz", NetworkStackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(REGION).build())
                .cidr("10.0.0.0/22")
                .maxAzs(3)
                .egress(Egress.natGatewayPerAz())
                .egressSubnetCidrMask(26)
                .publicSubnetCidrMask(27)
                .build());
        endpointsNoNat = new NetworkStack(app, "EndpointsNoNat", NetworkStackProps.builder()
                .s3GatewayEndpoint(true)
                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.EMAIL_SMTP, InterfaceVpcEndpointAwsService.SQS))
                .build());
        endpointsNat = new NetworkStack(app, "EndpointsNat", NetworkStackProps.builder()
                .egress(Egress.natGateway())
                .s3GatewayEndpoint(true)
                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.EMAIL_SMTP, InterfaceVpcEndpointAwsService.SQS))
                .build());
        reordered = new NetworkStack(app, "Reordered", NetworkStackProps.builder()
                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SQS, InterfaceVpcEndpointAwsService.EMAIL_SMTP))
                .build());
        byZoneId = new NetworkStack(app, "ByZoneId", NetworkStackProps.builder()
                .availabilityZoneIds(ZONE_IDS).egress(Egress.natGatewayPerAz()).build());
        noneTemplate = Templates.synthesized(none);
        explicitNoneTemplate = Templates.synthesized(explicitNone);
        natTemplate = Templates.synthesized(nat);
        perAzTemplate = Templates.synthesized(perAz);
        endpointsNoNatTemplate = Templates.synthesized(endpointsNoNat);
        endpointsNatTemplate = Templates.synthesized(endpointsNat);
        reorderedTemplate = Templates.synthesized(reordered);
        byZoneIdTemplate = Templates.synthesized(byZoneId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(final Template template, final String logicalId) {
        final Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) template.toJSON()
                .get("Resources")).get(logicalId);
        assertNotNull(resource, logicalId);
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(final Template template) {
        return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    /** @return each subnet's CidrBlock, by logical id */
    private static Map<String, Object> subnetCidrs(final Template template) {
        final Map<String, Object> out = new TreeMap<>();
        for (final String id : Templates.logicalIds(template, "AWS::EC2::Subnet")) {
            out.put(id, properties(template, id).get("CidrBlock"));
        }
        return out;
    }

    private static List<String> ids(final NetworkStack stack, final List<ISubnet> subnets) {
        return subnets.stream().map(s -> Templates.logicalId(stack, s)).toList();
    }

    private static List<Map<String, Object>> refs(final NetworkStack stack, final List<ISubnet> subnets) {
        return subnets.stream().<Map<String, Object>>map(s -> Map.of("Ref", Templates.logicalId(stack, s))).toList();
    }

    private static List<Map<String, Object>> routeTableRefs(final NetworkStack stack, final List<ISubnet> subnets) {
        return subnets.stream().<Map<String, Object>>map(s -> Map.of("Ref", Templates.logicalId(stack,
                s.getNode().findChild("RouteTable")))).toList();
    }

    /** @return the routes of a subnet's route table, as their properties */
    private static List<Map<String, Object>> routesOf(final NetworkStack stack, final Template template,
                                                      final ISubnet subnet) {
        final Map<String, Object> table = Map.of("Ref", Templates.logicalId(stack, subnet.getNode().findChild("RouteTable")));
        final List<Map<String, Object>> routes = new ArrayList<>();
        for (final String id : Templates.logicalIds(template, "AWS::EC2::Route")) {
            final Map<String, Object> route = properties(template, id);
            if (table.equals(route.get("RouteTableId"))) {
                routes.add(route);
            }
        }
        return routes;
    }

    // ---- none -------------------------------------------------------------------------------

    @Test
    void egressNoneIsTheDefaultAndGivesTheSameTemplate() {
        assertSame(Egress.none(), none.getEgress());
        assertEquals(withoutStackPath(noneTemplate.toJSON(), "None"),
                withoutStackPath(explicitNoneTemplate.toJSON(), "ExplicitNone"));
        noneTemplate.resourceCountIs("AWS::EC2::NatGateway", 0);
        noneTemplate.resourceCountIs("AWS::EC2::InternetGateway", 0);
    }

    @Test
    void withoutNatTheServiceSubnetsAreTheIsolatedOnes() {
        assertEquals(SubnetType.PRIVATE_ISOLATED, none.getServiceSubnets().getSubnetType());
        assertEquals(SubnetType.PRIVATE_ISOLATED, none.getDatabaseSubnets().getSubnetType());
        assertEquals(ids(none, none.getVpc().getIsolatedSubnets()),
                ids(none, none.getVpc().selectSubnets(none.getServiceSubnets()).getSubnets()));
        assertNull(none.getS3GatewayEndpoint());
        assertTrue(none.getInterfaceEndpoints().isEmpty());
    }

    // ---- NAT: subnets -----------------------------------------------------------------------

    /**
     * CDK allocates subnet CIDRs in the order of the subnet configuration: the isolated subnets first
     * (where they were without NAT), then the private-with-egress ones (/27) and the public ones (/28).
     */
    @Test
    void natAddsPrivateWithEgressAndPublicSubnetsAfterTheIsolatedOnes() {
        natTemplate.resourceCountIs("AWS::EC2::Subnet", 6);
        assertEquals(List.of("10.0.0.0/26", "10.0.0.64/26"), cidrsOf(nat, natTemplate, nat.getVpc().getIsolatedSubnets()));
        assertEquals(List.of("10.0.0.128/27", "10.0.0.160/27"), cidrsOf(nat, natTemplate, nat.getVpc().getPrivateSubnets()));
        assertEquals(List.of("10.0.0.192/28", "10.0.0.208/28"), cidrsOf(nat, natTemplate, nat.getVpc().getPublicSubnets()));
        for (final ISubnet subnet : nat.getVpc().getPrivateSubnets()) {
            assertTrue(properties(natTemplate, Templates.logicalId(nat, subnet)).get("Tags").toString()
                    .contains("{Key=aws-cdk:subnet-type, Value=Private}"));
        }
    }

    @Test
    void perAzMasksAndZonesFollowTheProps() {
        perAzTemplate.resourceCountIs("AWS::EC2::Subnet", 9);
        assertEquals(List.of("10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26"),
                cidrsOf(perAz, perAzTemplate, perAz.getVpc().getIsolatedSubnets()));
        assertEquals(List.of("10.0.0.192/26", "10.0.1.0/26", "10.0.1.64/26"),
                cidrsOf(perAz, perAzTemplate, perAz.getVpc().getPrivateSubnets()));
        assertEquals(List.of("10.0.1.128/27", "10.0.1.160/27", "10.0.1.192/27"),
                cidrsOf(perAz, perAzTemplate, perAz.getVpc().getPublicSubnets()));
        for (final List<ISubnet> group : List.of(perAz.getVpc().getPrivateSubnets(), perAz.getVpc().getPublicSubnets())) {
            for (int i = 0; i < group.size(); i++) {
                assertEquals(ZONES.get(i), properties(perAzTemplate, Templates.logicalId(perAz, group.get(i)))
                        .get("AvailabilityZone"));
            }
        }
    }

    private static List<Object> cidrsOf(final NetworkStack stack, final Template template, final List<ISubnet> subnets) {
        return subnets.stream().map(s -> properties(template, Templates.logicalId(stack, s)).get("CidrBlock")).toList();
    }

    /** Only NAT gateways (with their own Elastic IPs) live in the public subnets: nothing gets a public IP. */
    @Test
    void publicSubnetsMapNoPublicIpOnLaunch() {
        for (final NetworkStack stack : List.of(nat, perAz)) {
            final Template template = stack == nat ? natTemplate : perAzTemplate;
            assertFalse(stack.getVpc().getPublicSubnets().isEmpty());
            for (final ISubnet subnet : stack.getVpc().getPublicSubnets()) {
                assertEquals(false, properties(template, Templates.logicalId(stack, subnet)).get("MapPublicIpOnLaunch"));
            }
        }
    }

    @Test
    void oneNatGatewayInTheFirstPublicSubnetServesEveryZone() {
        natTemplate.resourceCountIs("AWS::EC2::NatGateway", 1);
        natTemplate.resourceCountIs("AWS::EC2::EIP", 1);
        natTemplate.resourceCountIs("AWS::EC2::InternetGateway", 1);
        natTemplate.resourceCountIs("AWS::EC2::VPCGatewayAttachment", 1);
        final String natGateway = Templates.logicalIds(natTemplate, "AWS::EC2::NatGateway").get(0);
        assertEquals(Map.of("Ref", Templates.logicalId(nat, nat.getVpc().getPublicSubnets().get(0))),
                properties(natTemplate, natGateway).get("SubnetId"));
        for (final ISubnet subnet : nat.getVpc().getPrivateSubnets()) {
            final List<Map<String, Object>> routes = routesOf(nat, natTemplate, subnet);
            assertEquals(1, routes.size(), routes.toString());
            assertEquals("0.0.0.0/0", routes.get(0).get("DestinationCidrBlock"));
            assertEquals(Map.of("Ref", natGateway), routes.get(0).get("NatGatewayId"));
        }
    }

    @Test
    void natGatewayPerAzRoutesEachZoneThroughItsOwn() {
        perAzTemplate.resourceCountIs("AWS::EC2::NatGateway", 3);
        perAzTemplate.resourceCountIs("AWS::EC2::EIP", 3);
        final List<ISubnet> privateSubnets = perAz.getVpc().getPrivateSubnets();
        final List<ISubnet> publicSubnets = perAz.getVpc().getPublicSubnets();
        final Set<Object> natGateways = new HashSet<>();
        for (int i = 0; i < privateSubnets.size(); i++) {
            final List<Map<String, Object>> routes = routesOf(perAz, perAzTemplate, privateSubnets.get(i));
            assertEquals(1, routes.size(), routes.toString());
            @SuppressWarnings("unchecked")
            final String natGateway = ((Map<String, String>) routes.get(0).get("NatGatewayId")).get("Ref");
            natGateways.add(natGateway);
            assertEquals(Map.of("Ref", Templates.logicalId(perAz, publicSubnets.get(i))),
                    properties(perAzTemplate, natGateway).get("SubnetId"));
        }
        assertEquals(3, natGateways.size());
    }

    /** Aurora and rotation stay without a route out: the isolated subnets' route tables have no route. */
    @Test
    void isolatedSubnetsStayWithoutARouteOut() {
        for (final ISubnet subnet : nat.getVpc().getIsolatedSubnets()) {
            assertEquals(List.of(), routesOf(nat, natTemplate, subnet));
        }
    }

    @Test
    void withNatTheServiceSubnetsArePrivateWithEgressAndTheDatabaseSubnetsIsolated() {
        assertSame(Egress.natGateway(), nat.getEgress());
        assertSame(Egress.natGatewayPerAz(), perAz.getEgress());
        assertEquals(SubnetType.PRIVATE_WITH_EGRESS, nat.getServiceSubnets().getSubnetType());
        assertEquals(ids(nat, nat.getVpc().getPrivateSubnets()),
                ids(nat, nat.getVpc().selectSubnets(nat.getServiceSubnets()).getSubnets()));
        assertEquals(ids(nat, nat.getVpc().getIsolatedSubnets()),
                ids(nat, nat.getVpc().selectSubnets(nat.getDatabaseSubnets()).getSubnets()));
        assertEquals(ids(nat, nat.getVpc().getIsolatedSubnets()),
                ids(nat, nat.getVpc().selectSubnets(nat.getIsolatedSubnets()).getSubnets()));
    }

    @Test
    void natDescribesTheStackAsHavingEgress() {
        assertEquals("VPC with NAT egress and isolated subnets for the App Runner Django service",
                natTemplate.toJSON().get("Description"));
    }

    /** The Secrets Manager endpoint stays in the isolated subnets, where rotation runs. */
    @Test
    void secretsManagerEndpointStaysInTheIsolatedSubnetsWithNat() {
        natTemplate.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        natTemplate.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "SubnetIds", refs(nat, nat.getVpc().getIsolatedSubnets())));
    }

    /** Zone IDs apply to every subnet group, not only the isolated one. */
    @Test
    void zoneIdsApplyToEverySubnetWithNat() {
        byZoneIdTemplate.resourceCountIs("AWS::EC2::Subnet", 6);
        for (final List<ISubnet> group : List.of(byZoneId.getVpc().getIsolatedSubnets(),
                byZoneId.getVpc().getPrivateSubnets(), byZoneId.getVpc().getPublicSubnets())) {
            assertEquals(2, group.size());
            for (int i = 0; i < group.size(); i++) {
                final Map<String, Object> props = properties(byZoneIdTemplate, Templates.logicalId(byZoneId, group.get(i)));
                assertEquals(ZONE_IDS.get(i), props.get("AvailabilityZoneId"), props.toString());
                assertFalse(props.containsKey("AvailabilityZone"), props.toString());
            }
        }
    }

    // ---- day 2: none -> NAT on a deployed VPC -----------------------------------------------

    /**
     * Switching a deployed VPC from none to NAT must not replace what exists: a replaced isolated
     * subnet fails the deploy, Aurora's DB subnet group still uses it. CloudFormation replaces a
     * subnet whose logical id or CidrBlock changes
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-subnet.html).
     */
    @Test
    void switchingFromNoneToNatKeepsTheIsolatedSubnetsLogicalIdsAndCidrs() {
        final Map<String, Object> before = subnetCidrs(noneTemplate);
        assertEquals(Map.of("VpcIsolatedSubnet1SubnetE48C5737", "10.0.0.0/26",
                "VpcIsolatedSubnet2Subnet16364B91", "10.0.0.64/26"), before);
        final Map<String, Object> after = subnetCidrs(natTemplate);
        assertEquals(before, new TreeMap<>(Map.of(
                "VpcIsolatedSubnet1SubnetE48C5737", after.get("VpcIsolatedSubnet1SubnetE48C5737"),
                "VpcIsolatedSubnet2Subnet16364B91", after.get("VpcIsolatedSubnet2Subnet16364B91"))));
        // three zones, other masks: the same rule
        final Map<String, Object> perAzIsolated = new TreeMap<>();
        for (final ISubnet subnet : perAz.getVpc().getIsolatedSubnets()) {
            perAzIsolated.put(Templates.logicalId(perAz, subnet), properties(perAzTemplate,
                    Templates.logicalId(perAz, subnet)).get("CidrBlock"));
        }
        assertEquals(Map.of("VpcIsolatedSubnet1SubnetE48C5737", "10.0.0.0/26",
                "VpcIsolatedSubnet2Subnet16364B91", "10.0.0.64/26",
                "VpcIsolatedSubnet3Subnet6840A2D4", "10.0.0.128/26"), perAzIsolated);
    }

    /** Everything a NONE stack has is still there, unchanged, with NAT: NAT only adds resources. */
    @Test
    void switchingFromNoneToNatOnlyAddsResources() {
        final Map<String, Map<String, Object>> before = resources(noneTemplate);
        final Map<String, Map<String, Object>> after = resources(natTemplate);
        final Set<String> changed = new TreeSet<>();
        for (final Map.Entry<String, Map<String, Object>> resource : before.entrySet()) {
            if (!withoutStackPath(resource.getValue(), "None").equals(withoutStackPath(after.get(resource.getKey()), "Nat"))) {
                changed.add(resource.getKey());
            }
        }
        assertEquals(Set.of(), changed);
        assertTrue(after.size() > before.size());
    }

    /**
     * Name tags and security group descriptions hold the construct path, which starts with the stack's
     * id: the two test stacks differ there, two deployments of one stack do not.
     */
    @SuppressWarnings("unchecked")
    private static Object withoutStackPath(final Object value, final String stackId) {
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, withoutStackPath(v, stackId)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> withoutStackPath(v, stackId)).toList();
        }
        if (value instanceof String text && text.startsWith(stackId + "/")) {
            return "<stack>" + text.substring(stackId.length());
        }
        return value;
    }

    // ---- endpoints --------------------------------------------------------------------------

    /** Gateway endpoints add a route to the service's prefix list in the listed route tables; they are free. */
    @Test
    void s3GatewayEndpointRoutesTheServiceSubnets() {
        endpointsNoNatTemplate.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"), ".s3"))),
                "RouteTableIds", routeTableRefs(endpointsNoNat, endpointsNoNat.getVpc().getIsolatedSubnets())));
        endpointsNatTemplate.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway",
                "RouteTableIds", routeTableRefs(endpointsNat, endpointsNat.getVpc().getPrivateSubnets())));
        assertEquals(Templates.logicalId(endpointsNat, endpointsNat.getS3GatewayEndpoint()),
                Templates.logicalIds(endpointsNatTemplate, "AWS::EC2::VPCEndpoint").stream()
                        .filter(id -> "Gateway".equals(properties(endpointsNatTemplate, id).get("VpcEndpointType")))
                        .findFirst().orElseThrow());
    }

    @Test
    void interfaceEndpointsHavePrivateDnsInTheServiceSubnets() {
        for (final NetworkStack stack : List.of(endpointsNoNat, endpointsNat)) {
            final Template template = stack == endpointsNat ? endpointsNatTemplate : endpointsNoNatTemplate;
            // Secrets Manager's, SES SMTP's, SQS's; and the S3 gateway
            template.resourceCountIs("AWS::EC2::VPCEndpoint", 4);
            final List<ISubnet> serviceSubnets = stack.getVpc().selectSubnets(stack.getServiceSubnets()).getSubnets();
            for (final String service : List.of("email-smtp", "sqs")) {
                template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                        "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.",
                                Map.of("Ref", "AWS::Region"), "." + service))),
                        "VpcEndpointType", "Interface",
                        "PrivateDnsEnabled", true,
                        "SubnetIds", refs(stack, serviceSubnets)));
            }
        }
        assertEquals(ids(endpointsNat, endpointsNat.getVpc().getPrivateSubnets()),
                ids(endpointsNat, endpointsNat.getVpc().selectSubnets(endpointsNat.getServiceSubnets()).getSubnets()));
    }

    /** The literal VPC CIDR (not its CidrBlock attribute), so cdk-nag's EC23 can check the rule. */
    @Test
    void interfaceEndpointsAdmitHttpsFromTheVpcOnly() {
        final String group = Templates.logicalId(endpointsNat, endpointsNat.getInterfaceEndpoint(
                InterfaceVpcEndpointAwsService.SQS).getNode().findChild("SecurityGroup"));
        assertEquals(List.of(Map.of("CidrIp", "10.0.0.0/24", "Description", "HTTPS from inside the VPC",
                        "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443)),
                properties(endpointsNatTemplate, group).get("SecurityGroupIngress"));
    }

    /**
     * The SES SMTP endpoint speaks SMTP, not HTTPS: STARTTLS on 25, 587 and 2587, TLS wrapper on 465
     * and 2465 (https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html); CDK's service says 443.
     */
    @Test
    void smtpEndpointAdmitsTheSesSmtpPortsFromTheVpcOnly() {
        final String group = Templates.logicalId(endpointsNoNat, endpointsNoNat.getInterfaceEndpoint(
                InterfaceVpcEndpointAwsService.EMAIL_SMTP).getNode().findChild("SecurityGroup"));
        final List<Map<String, Object>> expected = new ArrayList<>();
        for (final int port : List.of(25, 465, 587, 2465, 2587)) {
            expected.add(Map.of("CidrIp", "10.0.0.0/24", "Description", "SMTP from inside the VPC",
                    "FromPort", port, "IpProtocol", "tcp", "ToPort", port));
        }
        assertEquals(expected, properties(endpointsNoNatTemplate, group).get("SecurityGroupIngress"));
    }

    /** Each endpoint's construct id comes from its service, so reordering the list replaces nothing. */
    @Test
    void interfaceEndpointLogicalIdsFollowTheServiceNotTheOrder() {
        final Set<String> listed = new TreeSet<>(Templates.logicalIds(endpointsNoNatTemplate, "AWS::EC2::VPCEndpoint"));
        listed.removeIf(id -> "Gateway".equals(properties(endpointsNoNatTemplate, id).get("VpcEndpointType")));
        assertEquals(listed, new TreeSet<>(Templates.logicalIds(reorderedTemplate, "AWS::EC2::VPCEndpoint")));
        assertTrue(listed.stream().anyMatch(id -> id.startsWith("EmailSmtpEndpoint")), listed.toString());
        assertTrue(listed.stream().anyMatch(id -> id.startsWith("SqsEndpoint")), listed.toString());
    }

    @Test
    void endpointGettersExposeWhatWasCreated() {
        assertNotNull(endpointsNoNat.getS3GatewayEndpoint());
        assertEquals(2, endpointsNoNat.getInterfaceEndpoints().size());
        assertEquals(List.of(endpointsNoNat.getInterfaceEndpoint(InterfaceVpcEndpointAwsService.EMAIL_SMTP),
                        endpointsNoNat.getInterfaceEndpoint(InterfaceVpcEndpointAwsService.SQS)),
                endpointsNoNat.getInterfaceEndpoints());
        assertNull(endpointsNoNat.getInterfaceEndpoint(InterfaceVpcEndpointAwsService.SNS));
        // the Secrets Manager endpoint is found by its service too
        assertSame(endpointsNoNat.getSecretsManagerEndpoint(),
                endpointsNoNat.getInterfaceEndpoint(InterfaceVpcEndpointAwsService.SECRETS_MANAGER));
        assertNotNull(endpointsNoNat.getSecretsManagerEndpoint());
    }

    /** With secretsManagerEndpoint(false), Secrets Manager may be listed: it goes to the service subnets. */
    @Test
    void secretsManagerMayBeListedWhenItsOwnEndpointIsOff() {
        final App app = TestApps.app();
        final NetworkStack stack = new NetworkStack(app, "Net", NetworkStackProps.builder()
                .egress(Egress.natGateway())
                .secretsManagerEndpoint(false)
                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SECRETS_MANAGER))
                .build());
        final Template template = Templates.synthesized(stack);
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "ServiceName", Match.objectLike(Map.of()),
                "SubnetIds", refs(stack, stack.getVpc().getPrivateSubnets())));
        assertNull(stack.getSecretsManagerEndpoint());
        assertSame(stack.getInterfaceEndpoints().get(0),
                stack.getInterfaceEndpoint(InterfaceVpcEndpointAwsService.SECRETS_MANAGER));
    }
}
