package io.github.apprunnerdjango.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISubnet;

/**
 * The zones of {@link NetworkStack}'s subnets: by name ({@code availabilityZones}), by zone ID
 * ({@code availabilityZoneIds}), and the CDK default in environment-agnostic stacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvailabilityZonesTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final Environment ENV = Environment.builder().account(ACCOUNT).region(REGION).build();
    private static final List<String> IDS = List.of("euw1-az3", "euw1-az1", "euw1-az2");
    private static final List<String> NAMES = List.of("eu-west-1c", "eu-west-1a", "eu-west-1b");

    private NetworkStack byId;
    private Template byIdTemplate;
    private NetworkStack byIdInEnv;
    private Template byIdInEnvTemplate;
    private NetworkStack byName;
    private Template byNameTemplate;
    private NetworkStack byNameInEnv;
    private Template byNameInEnvTemplate;
    private NetworkStack defaults;

    @BeforeAll
    void synthesize() {
        final App app = TestApps.app(Map.of("availability-zones:account=" + ACCOUNT + ":region=" + REGION,
                List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")), false);
        byId = new NetworkStack(app, "ById", NetworkStackProps.builder().availabilityZoneIds(IDS).build());
        byIdInEnv = new NetworkStack(app, "ByIdInEnv", NetworkStackProps.builder().env(ENV).availabilityZoneIds(IDS).build());
        byName = new NetworkStack(app, "ByName", NetworkStackProps.builder().availabilityZones(NAMES).build());
        byNameInEnv = new NetworkStack(app, "ByNameInEnv", NetworkStackProps.builder().env(ENV)
                .maxAzs(3).availabilityZones(NAMES).build());
        defaults = new NetworkStack(app, "Defaults", null);
        byIdTemplate = Templates.synthesized(byId);
        byIdInEnvTemplate = Templates.synthesized(byIdInEnv);
        byNameTemplate = Templates.synthesized(byName);
        byNameInEnvTemplate = Templates.synthesized(byNameInEnv);
    }

    /** @return the properties of each subnet, by its position in the VPC (1, 2, ...) */
    @SuppressWarnings("unchecked")
    private static Map<Integer, Map<String, Object>> subnetsByIndex(final Template template) {
        final Map<Integer, Map<String, Object>> out = new TreeMap<>();
        template.findResources("AWS::EC2::Subnet").forEach((id, resource) -> {
            // logical ids are VpcIsolatedSubnet<n>Subnet<hash>
            final int index = Integer.parseInt(id.replaceAll("^VpcIsolatedSubnet(\\d+)Subnet.*$", "$1"));
            out.put(index, (Map<String, Object>) resource.get("Properties"));
        });
        return out;
    }

    // zone IDs name the same physical zone in every account, zone names do not; AWS::EC2::Subnet takes
    // either AvailabilityZone or AvailabilityZoneId:
    // https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-subnet.html

    @Test
    void zoneIdsSetAvailabilityZoneIdOnEachSubnetInOrderAndNoZoneName() {
        for (final Template template : List.of(byIdTemplate, byIdInEnvTemplate)) {
            final Map<Integer, Map<String, Object>> subnets = subnetsByIndex(template);
            assertEquals(List.of(1, 2, 3), List.copyOf(subnets.keySet()));
            for (int i = 0; i < IDS.size(); i++) {
                final Map<String, Object> props = subnets.get(i + 1);
                assertEquals(IDS.get(i), props.get("AvailabilityZoneId"), props.toString());
                assertFalse(props.containsKey("AvailabilityZone"), props.toString());
                assertEquals("10.0.0." + (64 * i) + "/26", props.get("CidrBlock"));
            }
        }
    }

    /** Three zones even in an environment-agnostic stack, where CDK alone would give two. */
    @Test
    void zoneIdsGiveThatManySubnetsAndTheEndpointSpansThem() {
        assertEquals(3, byId.getVpc().getIsolatedSubnets().size());
        byIdTemplate.resourceCountIs("AWS::EC2::Subnet", 3);
        byIdTemplate.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("SubnetIds", refs(byId,
                byId.getVpc().getIsolatedSubnets())));
    }

    @Test
    void subnetZonesOfZoneIdSubnetsAreTheSubnetsOwnAvailabilityZoneAttribute() {
        final List<ISubnet> subnets = byId.getVpc().getIsolatedSubnets();
        for (int i = 0; i < subnets.size(); i++) {
            final String subnetId = Templates.logicalId(byId, subnets.get(i));
            assertEquals(Map.of("Fn::GetAtt", List.of(subnetId, "AvailabilityZone")),
                    byId.resolve(subnets.get(i).getAvailabilityZone()));
            assertEquals(Map.of("Fn::GetAtt", List.of(subnetId, "AvailabilityZone")),
                    byId.resolve(byId.getVpc().getAvailabilityZones().get(i)));
        }
    }

    @Test
    void getterExposesTheZoneIdsOrNull() {
        assertEquals(IDS, byId.getAvailabilityZoneIds());
        assertNull(byName.getAvailabilityZoneIds());
        assertNull(defaults.getAvailabilityZoneIds());
    }

    @Test
    void zoneNamesPlaceOneSubnetInEachInOrder() {
        for (final Template template : List.of(byNameTemplate, byNameInEnvTemplate)) {
            final Map<Integer, Map<String, Object>> subnets = subnetsByIndex(template);
            assertEquals(List.of(1, 2, 3), List.copyOf(subnets.keySet()));
            for (int i = 0; i < NAMES.size(); i++) {
                assertEquals(NAMES.get(i), subnets.get(i + 1).get("AvailabilityZone"));
                assertFalse(subnets.get(i + 1).containsKey("AvailabilityZoneId"));
            }
        }
        assertEquals(NAMES, byNameInEnv.getVpc().getAvailabilityZones());
    }

    /** CDK's fallback context gives an environment-agnostic stack more than 2 zones: honoured. */
    @Test
    void envAgnosticStackMayUseMoreZonesWithCdksFallbackContext() {
        final App app = TestApps.app(Map.of("aws:cdk:availability-zones:fallback",
                List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")), false);
        final NetworkStack stack = new NetworkStack(app, "Net", NetworkStackProps.builder().maxAzs(3).build());
        Templates.synthesized(stack).resourceCountIs("AWS::EC2::Subnet", 3);
    }

    private static List<Map<String, Object>> refs(final NetworkStack stack, final List<ISubnet> subnets) {
        return subnets.stream().<Map<String, Object>>map(s -> Map.of("Ref", Templates.logicalId(stack, s))).toList();
    }
}
