package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.Secret;

/**
 * Combinations that synthesized and then failed at deploy or at run time, each now refused before
 * any resource exists with one error naming the prop the user set (issue 18, 12-18).
 */
class CombinationsRefusedTest {
    private static final String ACCOUNT = "111111111111";

    private static Environment env(final String account, final String region) {
        return Environment.builder().account(account).region(region).build();
    }

    private static ServiceStackProps.Builder props(final NetworkStack network, final DataStack data) {
        return ServiceStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getIsolatedSubnets())
                .database(data)
                .image(ImageSource.fromEcrRepositoryName("team/django", "v1"));
    }

    private static String failure(final App app, final ServiceStackProps props) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServiceStack(app, "Service", props));
        assertNull(app.getNode().tryFindChild("Service"), "nothing is built before the check");
        assertEquals(1, e.getMessage().split("\n  - ").length - 1, "one failure: " + e.getMessage());
        return e.getMessage();
    }

    /** App Runner's endpoints list 11 Regions: https://docs.aws.amazon.com/general/latest/gr/apprunner.html */
    @ParameterizedTest
    @ValueSource(strings = {"eu-north-1", "sa-east-1", "ca-central-1", "us-west-1", "cn-north-1"})
    void appRunnerIsRefusedWhereItDoesNotRun(final String region) {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .env(env(ACCOUNT, region)).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().env(env(ACCOUNT, region))
                .vpc(network.getVpc()).build());
        final String message = failure(app, props(network, data).env(env(ACCOUNT, region)).build());
        assertTrue(message.contains("env: got \"" + region + "\"") && message.contains("App Runner runs only in"), message);
    }

    @Test
    void appRunnerIsAcceptedInEachOfItsRegions() {
        for (final String region : ServiceValidation.APP_RUNNER_REGIONS) {
            final App app = TestApps.app();
            final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                    .env(env(ACCOUNT, region)).availabilityZones(List.of(region + "a", region + "b")).build());
            final DataStack data = new DataStack(app, "Data", DataStackProps.builder().env(env(ACCOUNT, region))
                    .vpc(network.getVpc()).build());
            new ServiceStack(app, "Service", props(network, data).env(env(ACCOUNT, region)).build());
        }
    }

    /**
     * A database is read through SSM parameters, which are regional and of one account
     * (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-cross-account-sharing.html).
     */
    @Test
    void aDatabaseOfAnotherRegionOrAccountIsRefused() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .env(env(ACCOUNT, "eu-west-1")).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().env(env(ACCOUNT, "eu-west-1"))
                .vpc(network.getVpc()).build());
        final String region = failure(app, props(network, data).env(env(ACCOUNT, "eu-west-2")).build());
        assertTrue(region.contains("database: got \"a database in eu-west-1\"") && region.contains("eu-west-2"), region);
        final String account = failure(app, props(network, data).env(env("222222222222", "eu-west-1")).build());
        assertTrue(account.contains("database: got \"a database in account " + ACCOUNT + "\""), account);
    }

    /** The client security group belongs to one VPC: https://docs.aws.amazon.com/vpc/latest/userguide/security-groups.html */
    @Test
    void aServiceOutsideItsDatabasesVpcIsRefused() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final NetworkStack other = new NetworkStack(app, "Other", null);
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        final String message = failure(app, props(other, data).build());
        assertTrue(message.contains("vpc: got \"VPC Other/Default/Vpc\"") && message.contains("Network/Default/Vpc"), message);
    }

    /** ECS cannot resolve an ARN ending in ":::"; App Runner would inject the whole JSON. */
    @Test
    void anEmptyJsonKeyIsRefused() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ServiceSecret.fromSecretsManager(Secret.Builder.create(network, "S").build(), ""));
        assertTrue(e.getMessage().contains("jsonKey: got \"\""), e.getMessage());
    }

    /** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html */
    @Test
    void aStatementWithoutResourcesIsRefused() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        final String message = failure(app, props(network, data).instanceRolePolicyStatements(List.of(
                PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).build())).build());
        assertTrue(message.contains("instanceRolePolicyStatements: got") && message.contains("needs resources"), message);
    }
}
