package io.github.apprunnerdjango.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.IConstruct;

/** Template assertions for {@link NetworkStack}: every documented default and every option. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkStackTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

    private NetworkStack defaults;
    private Template defaultTemplate;

    private NetworkStack custom;
    private Template customTemplate;
    private App customApp;

    private NetworkStack allOff;
    private Template allOffTemplate;
    private Template flowLogsOffTemplate;

    @BeforeAll
    void synthesize() {
        final App app = TestApps.app();
        defaults = new NetworkStack(app, "Net", null);
        allOff = new NetworkStack(app, "NetOff", NetworkStackProps.builder()
                .secretsManagerEndpoint(false).flowLogs(false).build());
        final NetworkStack flowLogsOff = new NetworkStack(app, "NetNoFlowLogs", NetworkStackProps.builder()
                .flowLogs(false).build());
        defaultTemplate = Templates.synthesized(defaults);
        allOffTemplate = Templates.synthesized(allOff);
        flowLogsOffTemplate = Templates.synthesized(flowLogsOff);

        // maxAzs above 2 needs a concrete environment: env-agnostic stacks get 2 zones at most.
        customApp = TestApps.app(Map.of(
                "availability-zones:account=" + ACCOUNT + ":region=" + REGION, ZONES), false);
        custom = new NetworkStack(customApp, "Custom", NetworkStackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(REGION).build())
                .cidr("10.1.0.0/22")
                .maxAzs(3)
                .subnetCidrMask(24)
                .flowLogRetention(RetentionDays.ONE_YEAR)
                .stackName("my-network")
                .description("Custom network")
                .tags(Map.of("team", "platform", "cost-center", "42"))
                .terminationProtection(true)
                .build());
        customTemplate = Templates.synthesized(custom);
    }

    private static String logicalId(final NetworkStack stack, final IConstruct construct) {
        return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    private static List<Map<String, Object>> refs(final NetworkStack stack, final List<ISubnet> subnets) {
        return subnets.stream()
                .<Map<String, Object>>map(s -> Map.of("Ref", logicalId(stack, s)))
                .toList();
    }

    // ---- defaults ---------------------------------------------------------------------------

    @Test
    void vpcHasTheDefaultCidrWithDnsSupportAndHostnames() {
        defaultTemplate.resourceCountIs("AWS::EC2::VPC", 1);
        defaultTemplate.hasResourceProperties("AWS::EC2::VPC", Map.of(
                "CidrBlock", "10.0.0.0/24",
                "EnableDnsSupport", true,
                "EnableDnsHostnames", true));
    }

    @Test
    void twoPrivateIsolatedSubnetsOfMask26InTwoZones() {
        defaultTemplate.resourceCountIs("AWS::EC2::Subnet", 2);
        final Map<String, Map<String, Object>> subnets = defaultTemplate.findResources("AWS::EC2::Subnet");
        final Set<Object> cidrs = new TreeSet<>();
        final Set<Object> zones = new HashSet<>();
        for (final Map<String, Object> subnet : subnets.values()) {
            @SuppressWarnings("unchecked")
            final Map<String, Object> props = (Map<String, Object>) subnet.get("Properties");
            cidrs.add(props.get("CidrBlock"));
            zones.add(props.get("AvailabilityZone"));
            assertEquals(false, props.get("MapPublicIpOnLaunch"));
            assertTrue(props.get("Tags").toString().contains("{Key=aws-cdk:subnet-type, Value=Isolated}"),
                    "subnet is not private-isolated: " + props.get("Tags"));
        }
        assertEquals(Set.of("10.0.0.0/26", "10.0.0.64/26"), cidrs);
        assertEquals(2, zones.size(), "subnets share a zone: " + zones);
    }

    @Test
    void noNatGatewayNoInternetGatewayNoRoutes() {
        defaultTemplate.resourceCountIs("AWS::EC2::NatGateway", 0);
        defaultTemplate.resourceCountIs("AWS::EC2::EIP", 0);
        defaultTemplate.resourceCountIs("AWS::EC2::InternetGateway", 0);
        defaultTemplate.resourceCountIs("AWS::EC2::VPCGatewayAttachment", 0);
        defaultTemplate.resourceCountIs("AWS::EC2::EgressOnlyInternetGateway", 0);
        defaultTemplate.resourceCountIs("AWS::EC2::Route", 0);
    }

    @Test
    void flowLogSendsAllTrafficOfTheVpcToCloudWatchLogs() {
        defaultTemplate.resourceCountIs("AWS::EC2::FlowLog", 1);
        final String logGroup = onlyLogicalId(defaultTemplate, "AWS::Logs::LogGroup");
        defaultTemplate.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceType", "VPC",
                "ResourceId", Map.of("Ref", logicalId(defaults, defaults.getVpc())),
                "TrafficType", "ALL",
                "LogDestinationType", "cloud-watch-logs",
                "LogGroupName", Map.of("Ref", logGroup)));
    }

    @Test
    void flowLogsAreKeptThreeMonths() {
        defaultTemplate.resourceCountIs("AWS::Logs::LogGroup", 1);
        defaultTemplate.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
    }

    @Test
    void secretsManagerInterfaceEndpointWithPrivateDnsInTheIsolatedSubnets() {
        defaultTemplate.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        final Capture serviceName = new Capture();
        defaultTemplate.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "ServiceName", serviceName,
                "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true,
                "VpcId", Map.of("Ref", logicalId(defaults, defaults.getVpc())),
                "SubnetIds", refs(defaults, defaults.getVpc().getIsolatedSubnets())));
        // env-agnostic: com.amazonaws.${AWS::Region}.secretsmanager
        final String rendered = serviceName.asObject().toString();
        assertTrue(rendered.contains("com.amazonaws.") && rendered.contains(".secretsmanager")
                && rendered.contains("AWS::Region"), rendered);
    }

    @Test
    void endpointAcceptsHttpsFromTheVpc() {
        defaultTemplate.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "SecurityGroupIngress", List.of(Match.objectLike(Map.of(
                        "IpProtocol", "tcp",
                        "FromPort", 443,
                        "ToPort", 443,
                        // the literal CIDR, so that cdk-nag's EC23 can check the rule
                        "CidrIp", "10.0.0.0/24")))));
    }

    @Test
    void defaultDescriptionAndVpcIdOutput() {
        assertEquals("VPC with isolated subnets for the App Runner Django service",
                defaultTemplate.toJSON().get("Description"));
        defaultTemplate.hasOutput("VpcId", Map.of("Value", Map.of("Ref", logicalId(defaults, defaults.getVpc()))));
    }

    @Test
    void defaultStackLevelProps() {
        assertFalse(Boolean.TRUE.equals(defaults.getTerminationProtection()));
        assertTrue(defaults.getTags().tagValues().isEmpty(), defaults.getTags().tagValues().toString());
        assertEquals("Net", defaults.getStackName());
    }

    @Test
    void gettersExposeTheVpcTheIsolatedSubnetsAndTheEndpoint() {
        assertNotNull(defaults.getVpc());
        assertEquals(2, defaults.getVpc().selectSubnets(defaults.getIsolatedSubnets()).getSubnetIds().size());
        assertEquals(2, defaults.getVpc().getIsolatedSubnets().size());
        assertTrue(defaults.getVpc().getPublicSubnets().isEmpty());
        assertTrue(defaults.getVpc().getPrivateSubnets().isEmpty());
        assertInstanceOf(InterfaceVpcEndpoint.class, defaults.getSecretsManagerEndpoint());
    }

    // ---- options ----------------------------------------------------------------------------

    @Test
    void customCidrZonesAndMask() {
        customTemplate.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.1.0.0/22"));
        customTemplate.resourceCountIs("AWS::EC2::Subnet", 3);
        for (int i = 0; i < 3; i++) {
            customTemplate.hasResourceProperties("AWS::EC2::Subnet", Map.of(
                    "CidrBlock", "10.1." + i + ".0/24",
                    "AvailabilityZone", ZONES.get(i)));
        }
        assertEquals(3, custom.getVpc().selectSubnets(custom.getIsolatedSubnets()).getSubnetIds().size());
        customTemplate.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "ServiceName", "com.amazonaws." + REGION + ".secretsmanager",
                "SubnetIds", refs(custom, custom.getVpc().getIsolatedSubnets())));
    }

    @Test
    void customFlowLogRetention() {
        customTemplate.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
    }

    @Test
    void commonPropsReachTheStack() {
        assertEquals("my-network", custom.getStackName());
        assertEquals("Custom network", customTemplate.toJSON().get("Description"));
        assertEquals(Boolean.TRUE, custom.getTerminationProtection());
        assertEquals(Map.of("team", "platform", "cost-center", "42"), custom.getTags().tagValues());
        assertEquals(ACCOUNT, custom.getAccount());
        assertEquals(REGION, custom.getRegion());
        final CloudFormationStackArtifact artifact = customApp.synth().getStackByName("my-network");
        assertEquals(Boolean.TRUE, artifact.getTerminationProtection());
        assertEquals(Map.of("team", "platform", "cost-center", "42"), artifact.getTags());
    }

    @Test
    void endpointOffCreatesNoVpcEndpointAndGetterIsNull() {
        allOffTemplate.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        assertNull(allOff.getSecretsManagerEndpoint());
        // the VPC itself is unchanged
        allOffTemplate.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.0.0.0/24"));
        allOffTemplate.resourceCountIs("AWS::EC2::Subnet", 2);
    }

    @Test
    void flowLogsOffCreatesNoFlowLogNorLogGroup() {
        allOffTemplate.resourceCountIs("AWS::EC2::FlowLog", 0);
        allOffTemplate.resourceCountIs("AWS::Logs::LogGroup", 0);
        flowLogsOffTemplate.resourceCountIs("AWS::EC2::FlowLog", 0);
        flowLogsOffTemplate.resourceCountIs("AWS::Logs::LogGroup", 0);
        // turning flow logs off leaves the endpoint on
        flowLogsOffTemplate.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
    }

    private static String onlyLogicalId(final Template template, final String type) {
        final List<String> ids = Templates.logicalIds(template, type);
        assertEquals(1, ids.size(), type + ": " + ids);
        return ids.get(0);
    }
}
