package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnWaitConditionHandle;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;

/**
 * The gaps of issue point 6 in DataValidation: subnets the VPC does not have (which left a
 * half-built stack in the app), and failures that blame a default instead of the prop the user set.
 */
class DataValidationGapsTest {
    private static final String TWO_ZONES = "Aurora needs subnets in at least 2 availability zones"
            + " (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html)";

    /** @return a stack for imported constructs, with one resource so that the app synthesizes */
    private static Stack holder(final App app) {
        final Stack holder = new Stack(app, "Holder");
        new CfnWaitConditionHandle(holder, "Resource");
        return holder;
    }

    /** @return a VPC in a holder stack with private (NAT) subnets only, no isolated one */
    private static IVpc privateOnly(final App app) {
        return Vpc.fromVpcAttributes(holder(app), "Vpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .privateSubnetIds(List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"))
                .build());
    }

    /** @return a VPC in a holder stack with isolated subnets in the given zones (one each) */
    private static IVpc isolatedIn(final App app, final List<String> zones, final int subnets) {
        return Vpc.fromVpcAttributes(holder(app), "Vpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(zones)
                .isolatedSubnetIds(Stream.iterate(1, i -> i + 1).limit(subnets)
                        .map(i -> "subnet-0123456789abcdef" + i).toList())
                .build());
    }

    /** @return the message, after checking that the app holds no half-built stack and still synthesizes */
    private static List<String> failure(final App app, final DataStackProps props) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataStack(app, "Data", props));
        assertTrue(e.getMessage().startsWith("Invalid DataStack props:\n  - "), e.getMessage());
        assertTrue(!e.getMessage().contains("@jsii") && !e.getMessage().contains("    at "), e.getMessage());
        assertNull(app.getNode().tryFindChild("Data"), "a half-built stack was left in the app");
        assertDoesNotThrow(() -> app.synth());
        final String[] parts = e.getMessage().split("\n  - ");
        return Arrays.asList(parts).subList(1, parts.length);
    }

    private static Arguments c(final String name, final Function<App, IVpc> vpc,
                               final UnaryOperator<DataStackProps.Builder> options, final String... fragments) {
        return Arguments.of(name, vpc, options, fragments);
    }

    static Stream<Arguments> subnetsTheVpcDoesNotHave() {
        return Stream.of(
                c("the default selection in a VPC without isolated subnets", DataValidationGapsTest::privateOnly,
                        b -> b,
                        "vpc: got VPC Holder/Vpc with the default vpcSubnets SubnetSelection(subnetType=PRIVATE_ISOLATED);"
                                + " There are no 'Isolated' subnet groups in this VPC. Available types: ",
                        "allowed: a VPC with private-isolated subnets, or set vpcSubnets to subnets this VPC has"),
                c("a subnet type it has not", DataValidationGapsTest::privateOnly,
                        b -> b.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()),
                        "vpcSubnets: got SubnetSelection(subnetType=PUBLIC); There are no 'Public' subnet groups in this VPC",
                        "allowed: subnets this VPC has"),
                c("a group name it has not", DataValidationGapsTest::privateOnly,
                        b -> b.vpcSubnets(SubnetSelection.builder().subnetGroupName("Database").build()),
                        "vpcSubnets: got SubnetSelection(subnetGroupName=\"Database\"); There are no subnet groups with"
                                + " name 'Database' in this VPC. Available names: Private"),
                c("zones it has no subnet in", DataValidationGapsTest::privateOnly,
                        b -> b.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .availabilityZones(List.of("eu-west-1c")).build()),
                        "vpcSubnets: got SubnetSelection(subnetType=PRIVATE_WITH_EGRESS, availabilityZones=[eu-west-1c]);"
                                + " selects no subnet of this VPC"));
    }

    /** Such a selection used to fail inside CDK, after the stack had joined the app. */
    @ParameterizedTest(name = "fails on {0}, before the stack exists")
    @MethodSource("subnetsTheVpcDoesNotHave")
    void failsOnSubnetsTheVpcDoesNotHave(final String name, final Function<App, IVpc> vpc,
                                         final UnaryOperator<DataStackProps.Builder> options, final String[] fragments) {
        final App app = TestApps.app();
        // no secretsManagerReachable: a selection that does not exist is the only failure
        final List<String> lines = failure(app, options.apply(DataStackProps.builder().vpc(vpc.apply(app))).build());
        assertEquals(1, lines.size(), lines.toString());
        for (final String fragment : fragments) {
            assertTrue(lines.get(0).contains(fragment), "expected <" + fragment + "> in\n" + lines.get(0));
        }
    }

    /** The default selection in one zone: the user set vpc, not vpcSubnets. */
    @Test
    void blamesTheVpcWhenTheDefaultSubnetsAreInOneZone() {
        final App app = TestApps.app();
        final List<String> lines = failure(app, DataStackProps.builder()
                .vpc(isolatedIn(app, List.of("eu-west-1a"), 2)).secretsManagerReachable(true).build());
        assertEquals(List.of("vpc: got VPC Holder/Vpc with the default vpcSubnets SubnetSelection(subnetType="
                + "PRIVATE_ISOLATED), whose subnets are in [eu-west-1a]; " + TWO_ZONES
                + "; allowed: a VPC with private-isolated subnets in 2 zones or more, or set vpcSubnets"), lines);
    }

    static Stream<Arguments> defaultsBlameTheUsersProp() {
        return Stream.of(
                Arguments.of("maxCapacity 0 with the default minCapacity",
                        (UnaryOperator<DataStackProps.Builder>) b -> b.maxCapacity(0), Set.of("maxCapacity"),
                        "maxCapacity: got 0; allowed: 1 to 256 ACU in steps of 0.5"),
                Arguments.of("minCapacity 3 above the default maxCapacity",
                        (UnaryOperator<DataStackProps.Builder>) b -> b.minCapacity(3), Set.of("minCapacity"),
                        "minCapacity: got 3; must not exceed the default maxCapacity 2; set maxCapacity to at least 3"),
                Arguments.of("an application user with the default rotation",
                        (UnaryOperator<DataStackProps.Builder>) b -> b.applicationUsername("webapp"),
                        Set.of("applicationUsername"), "applicationUsername: got \"webapp\"; only used with"
                                + " rotationStrategy ALTERNATING_USERS, not the default SINGLE_USER"));
    }

    @ParameterizedTest(name = "{0} names only the props set")
    @MethodSource("defaultsBlameTheUsersProp")
    void namesOnlyThePropsTheUserSet(final String name, final UnaryOperator<DataStackProps.Builder> options,
                                      final Set<String> userProps, final String expected) {
        final App app = TestApps.app();
        final List<String> lines = failure(app, options.apply(DataStackProps.builder()
                .vpc(isolatedIn(app, List.of("eu-west-1a", "eu-west-1b"), 2)).secretsManagerReachable(true)).build());
        assertEquals(List.of(expected), lines);
        assertTrue(lines.stream().allMatch(l -> userProps.contains(l.substring(0, l.indexOf(':')))), lines.toString());
    }
}
