package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.function.UnaryOperator;

import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The Data stack's termination protection follows the cluster's deletion protection unless set.
 *
 * <p>A deletion-protected cluster cannot be deleted
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html), so
 * {@code cdk destroy} of an unprotected stack deletes the writer, then fails on the cluster and leaves
 * the stack in DELETE_FAILED. Termination protection makes the deletion fail first, with the stack
 * unchanged (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-protect-stacks.html).
 */
class TerminationProtectionTest {

    /** @return the Data stack's termination protection, from the stack and from the cloud assembly */
    private static boolean terminationProtection(final UnaryOperator<DataStackProps.Builder> customizer) {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Net", null);
        final DataStack data = new DataStack(app, "Data", customizer.apply(DataStackProps.builder()
                .vpc(network.getVpc())).build());
        final CloudFormationStackArtifact artifact = app.synth().getStackByName(data.getStackName());
        assertEquals(Boolean.TRUE.equals(data.getTerminationProtection()),
                Boolean.TRUE.equals(artifact.getTerminationProtection()));
        return Boolean.TRUE.equals(artifact.getTerminationProtection());
    }

    @Test
    void onByDefaultAsDeletionProtectionIs() {
        assertEquals(true, terminationProtection(b -> b));
    }

    @Test
    void onWithExplicitDeletionProtection() {
        assertEquals(true, terminationProtection(b -> b.deletionProtection(true)));
    }

    @Test
    void offWithoutDeletionProtection() {
        assertEquals(false, terminationProtection(b -> b.deletionProtection(false)));
    }

    /** The user's explicit choice wins, both ways. */
    @Test
    void explicitTerminationProtectionWins() {
        assertEquals(false, terminationProtection(b -> b.terminationProtection(false)));
        assertEquals(true, terminationProtection(b -> b.deletionProtection(false).terminationProtection(true)));
    }

    /** The other stacks keep CDK's default (off): CommonStackProps' shared conversion is unchanged for them. */
    @Test
    void networkStackKeepsTheDefault() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Net", null);
        assertNotEquals(Boolean.TRUE, network.getTerminationProtection());
    }
}
