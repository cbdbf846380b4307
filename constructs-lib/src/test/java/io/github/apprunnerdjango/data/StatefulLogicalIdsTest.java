package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;

import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * Pins the logical ids of the stateful resources of a default Network + Data app (and of the
 * application user with alternating users). CloudFormation replaces a resource whose logical id
 * changes: a new VPC, subnets, cluster or secrets, the old ones deleted (or, for retained secrets,
 * orphaned). The ids below were read from the templates of this version; a change that renames one
 * must fail here and be released as a breaking change (see CHANGELOG's versioning rules).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatefulLogicalIdsTest {
    private Template network;
    private Template data;
    private Template alternating;

    @BeforeAll
    void synthesize() {
        final App app = TestApps.app();
        final NetworkStack net = new NetworkStack(app, "Network", null);
        final DataStack d = new DataStack(app, "Data", DataStackProps.builder().vpc(net.getVpc()).build());
        final DataStack alt = new DataStack(app, "Alternating", DataStackProps.builder().vpc(net.getVpc())
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS).build());
        network = Templates.synthesized(net);
        data = Templates.synthesized(d);
        alternating = Templates.synthesized(alt);
    }

    private static Set<String> ids(final Template template, final String type) {
        return new TreeSet<>(Templates.logicalIds(template, type));
    }

    @Test
    void vpcAndSubnets() {
        assertEquals(Set.of("Vpc8378EB38"), ids(network, "AWS::EC2::VPC"));
        assertEquals(Set.of("VpcIsolatedSubnet1SubnetE48C5737", "VpcIsolatedSubnet2Subnet16364B91"),
                ids(network, "AWS::EC2::Subnet"));
    }

    @Test
    void flowLogGroup() {
        assertEquals(Set.of("FlowLogGroup3E25AA51"), ids(network, "AWS::Logs::LogGroup"));
    }

    @Test
    void clusterWriterAndSubnetGroup() {
        assertEquals(Set.of("ClusterEB0386A7"), ids(data, "AWS::RDS::DBCluster"));
        assertEquals(Set.of("ClusterWriterA91BB273"), ids(data, "AWS::RDS::DBInstance"));
        assertEquals(Set.of("ClusterSubnetsDCFA5CB7"), ids(data, "AWS::RDS::DBSubnetGroup"));
    }

    @Test
    void secretsAndTheirAttachmentAndRotation() {
        assertEquals(Set.of("DatabaseSecret86DBB7B3", "DjangoSuperuserSecret9CE847B2", "DjangoSecretKeySecret4302EF9A"),
                ids(data, "AWS::SecretsManager::Secret"));
        assertEquals(Set.of("DatabaseSecretAttachment9A63A3D4"), ids(data, "AWS::SecretsManager::SecretTargetAttachment"));
        assertEquals(Set.of("DatabaseSecretAttachmentRotationSchedule3C57D042"),
                ids(data, "AWS::SecretsManager::RotationSchedule"));
    }

    /** With alternating users: the application user's secret and the custom resource that created the user. */
    @Test
    void applicationUserSecretAndUser() {
        assertEquals(Set.of("DatabaseSecret86DBB7B3", "ApplicationUserSecretC2F5682A", "DjangoSuperuserSecret9CE847B2",
                "DjangoSecretKeySecret4302EF9A"), ids(alternating, "AWS::SecretsManager::Secret"));
        assertEquals(Set.of("ApplicationUser460ED2DC"), ids(alternating, "Custom::DatabaseApplicationUser"));
        assertEquals(Set.of("ClusterEB0386A7"), ids(alternating, "AWS::RDS::DBCluster"));
        assertEquals(Set.of("ClusterWriterA91BB273"), ids(alternating, "AWS::RDS::DBInstance"));
    }
}
