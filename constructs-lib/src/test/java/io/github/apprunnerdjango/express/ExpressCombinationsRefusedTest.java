package io.github.apprunnerdjango.express;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;

/**
 * An Express service refuses, before any resource, a database it cannot use: one of another Region
 * (read through regional SSM parameters,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-cross-account-sharing.html)
 * or of another VPC (its client security group belongs to the database's VPC,
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-groups.html).
 */
class ExpressCombinationsRefusedTest {
    private static Environment env(final String region) {
        return Environment.builder().account("111111111111").region(region).build();
    }

    private static String expressIn(final String region) {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .env(env(region)).availabilityZones(List.of(region + "a", region + "b"))
                .publicIngress(true).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().env(env(region))
                .vpc(network.getVpc()).build());
        try {
            new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder().env(env(region))
                    .vpc(network.getVpc()).database(data)
                    .image(ImageSource.fromEcrRepositoryName("team/django", "v1")).build());
            return null;
        } catch (IllegalArgumentException e) {
            assertNull(app.getNode().tryFindChild("Express"), "nothing is built before the check");
            return e.getMessage();
        }
    }

    /**
     * CloudFormation's resource specifications of the China Regions have no AWS::ECS::ExpressGatewayService
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-resource-specification.html).
     */
    @ParameterizedTest
    @ValueSource(strings = {"cn-north-1", "cn-northwest-1"})
    void expressIsRefusedInTheChinaRegions(final String region) {
        final String message = expressIn(region);
        assertTrue(message != null && message.contains("env: got \"" + region + "\"")
                && message.contains("AWS::ECS::ExpressGatewayService"), String.valueOf(message));
    }

    /** Express runs where App Runner does not: the commercial Regions and, since June 2026, AWS GovCloud (US). */
    @ParameterizedTest
    @ValueSource(strings = {"eu-north-1", "sa-east-1", "ca-central-1", "us-west-1", "us-gov-west-1"})
    void expressIsAcceptedOutsideChina(final String region) {
        assertNull(expressIn(region));
    }

    @Test
    void aDatabaseOfAnotherRegionIsRefused() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .env(env("eu-west-1")).publicIngress(true).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().env(env("eu-west-1"))
                .vpc(network.getVpc()).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder().env(env("us-east-1"))
                        .vpc(network.getVpc()).database(data)
                        .image(ImageSource.fromEcrRepositoryName("team/django", "v1")).build()));
        assertTrue(e.getMessage().contains("database: got \"a database in eu-west-1\""), e.getMessage());
        assertNull(app.getNode().tryFindChild("Express"));
    }

    @Test
    void aDatabaseOfAnotherVpcIsRefused() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .publicIngress(true).build());
        final NetworkStack other = new NetworkStack(app, "Other", NetworkStackProps.builder()
                .publicIngress(true).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder()
                        .vpc(other.getVpc()).database(data)
                        .image(ImageSource.fromEcrRepositoryName("team/django", "v1")).build()));
        assertTrue(e.getMessage().contains("the database is in VPC Network/Default/Vpc"), e.getMessage());
    }
}
