package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.VpcAttributes;

/**
 * An existing VPC by its attributes, imported inside the DataStack: no stack of the user's own to
 * hold the import ({@code Vpc.fromVpcAttributes(app, ...)} fails with ShouldBeCreatedInStackScope, and
 * a stack holding imports only fails synthesis with an empty Resources section).
 */
class DataStackVpcAttributesTest {
    private static VpcAttributes attributes(final List<String> zones, final List<String> isolated) {
        return VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(zones)
                .isolatedSubnetIds(isolated)
                .build();
    }

    @Test
    void importsTheVpcInsideTheStackAndSynthesizes() {
        final App app = TestApps.app();
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .vpcAttributes(attributes(List.of("eu-west-1a", "eu-west-1b"),
                        List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1")))
                .secretsManagerReachable(true)
                .build());
        final Template t = Template.fromStack(data);
        t.hasResourceProperties("AWS::RDS::DBSubnetGroup", Map.of(
                "SubnetIds", List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1")));
        t.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("VpcId", "vpc-0123456789abcdef0"));
        assertDoesNotThrow(() -> app.synth());
    }

    /** Aurora's subnet group needs 2 zones (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html). */
    @Test
    void oneZoneFailsBeforeTheStackExists() {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(app, "Data",
                DataStackProps.builder()
                        .vpcAttributes(attributes(List.of("eu-west-1a"), List.of("subnet-0123456789abcdef0")))
                        .secretsManagerReachable(true)
                        .build()));
        assertTrue(e.getMessage().contains("at least 2 availability zones"), e.getMessage());
        assertNull(app.getNode().tryFindChild("Data"), "no half-built stack is left");
    }

    @Test
    void vpcAndVpcAttributesTogetherFail() {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(app, "Data",
                DataStackProps.builder()
                        .vpc(new io.github.apprunnerdjango.network.NetworkStack(app, "Network", null).getVpc())
                        .vpcAttributes(attributes(List.of("eu-west-1a", "eu-west-1b"),
                                List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1")))
                        .build()));
        assertTrue(e.getMessage().contains("vpcAttributes: got \"VPC attributes\"; not with vpc"), e.getMessage());
    }
}
