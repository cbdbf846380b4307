package io.github.apprunnerdjango.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.data.RotationStrategy;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.ec2.VpcAttributes;

/**
 * vpcAttributes mistakes on the service and data stacks give one message naming vpcAttributes
 * before any resource exists, never aws-cdk-lib's error from inside a half-built stack nor a message
 * naming vpc and an internal path. Aws-cdk-lib's rule: one subnet id per zone (or a multiple)
 * (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.VpcAttributes.html); Aurora needs
 * two zones (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html).
 */
class VpcAttributesMistakesTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("3 subnets for 2 zones", attrs(List.of("eu-west-1a", "eu-west-1b"),
                        List.of("subnet-1", "subnet-2", "subnet-3")), "isolatedSubnetIds has 3 subnets for 2 zones"),
                Arguments.of("no zones", attrs(List.of(), List.of("subnet-1")), "no availabilityZones"),
                Arguments.of("no subnets", attrs(List.of("eu-west-1a"), List.of()), "no subnets"));
    }

    private static VpcAttributes attrs(final List<String> zones, final List<String> isolated) {
        return VpcAttributes.builder().vpcId("vpc-0123456789abcdef0").availabilityZones(zones)
                .isolatedSubnetIds(isolated).build();
    }

    @ParameterizedTest(name = "data: {0}")
    @MethodSource("mistakes")
    void dataStackNamesVpcAttributes(final String name, final VpcAttributes attributes, final String expected) {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(app, "Data",
                DataStackProps.builder().vpcAttributes(attributes).secretsManagerReachable(true).build()));
        assertTrue(e.getMessage().contains("vpcAttributes: got") && e.getMessage().contains(expected), e.getMessage());
        assertNull(app.getNode().tryFindChild("Data"));
    }

    @ParameterizedTest(name = "service: {0}")
    @MethodSource("mistakes")
    void serviceStackNamesVpcAttributes(final String name, final VpcAttributes attributes, final String expected) {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServiceStack(app,
                "Service", ServiceStackProps.builder()
                        .vpcAttributes(attributes)
                        .databaseAttributes(DjangoDatabaseAttributes.builder()
                                .serviceDatabaseSecretArn(SECRET).superuserSecretArn(SECRET).secretKeySecretArn(SECRET)
                                .databaseClientSecurityGroupId("sg-0123456789abcdef0")
                                .rotationStrategy(RotationStrategy.SINGLE_USER).build())
                        .image(ImageSource.fromEcrRepositoryName("team/django", "v1"))
                        .build()));
        assertTrue(e.getMessage().contains("vpcAttributes: got") && e.getMessage().contains(expected), e.getMessage());
        assertNull(app.getNode().tryFindChild("Service"));
    }

    @ParameterizedTest(name = "one zone")
    @MethodSource("oneZone")
    void aSingleZoneDataStackNamesVpcAttributesNotAnInternalPath(final VpcAttributes attributes) {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(app, "Data",
                DataStackProps.builder().vpcAttributes(attributes).secretsManagerReachable(true).build()));
        assertTrue(e.getMessage().contains("vpcAttributes: got VPC attributes vpc-0123456789abcdef0"), e.getMessage());
        assertTrue(!e.getMessage().contains("Validation/"), "no internal path: " + e.getMessage());
        assertEquals(1, e.getMessage().split("\n  - ").length - 1, e.getMessage());
    }

    static Stream<VpcAttributes> oneZone() {
        return Stream.of(attrs(List.of("eu-west-1a"), List.of("subnet-1")));
    }
}
