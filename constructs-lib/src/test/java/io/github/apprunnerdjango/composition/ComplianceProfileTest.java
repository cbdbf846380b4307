package io.github.apprunnerdjango.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.RotationStrategy;
import io.github.apprunnerdjango.network.Egress;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.testing.Templates;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;

/**
 * {@link Compliance#controlTower()} on the network and the database: what each control asks of the
 * resources (the whole demo is checked against the controls' published rules in the demo's
 * ControlTowerTest).
 */
class ComplianceProfileTest {
    private static NetworkStack network(final App app, final Compliance compliance) {
        return new NetworkStack(app, "Net", NetworkStackProps.builder()
                .egress(Egress.natGateway()).compliance(compliance).build());
    }

    /**
     * The handlers in the VPC reach APIs without an interface endpoint (Route 53 has none:
     * https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html) through
     * NAT: a VPC without private subnets with egress is refused with the prop named.
     */
    @Test
    void aNetworkWithoutEgressIsRefused() {
        final App app = TestApps.app();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NetworkStack(app,
                "Net", NetworkStackProps.builder().compliance(Compliance.controlTower()).build()));
        assertTrue(e.getMessage().contains("compliance: got Compliance.controlTower()"), e.getMessage());
        assertTrue(e.getMessage().contains("NetworkStackProps.egress(Egress.natGateway())"), e.getMessage());
    }

    /**
     * The created key rotates, lets CloudWatch Logs use it for this account's log groups only (the
     * encryption-context condition of
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html) and lets only
     * AWS services create grants (CT.KMS.PR.3,
     * https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html); the flow log
     * group is encrypted with it and kept a year (CT.CLOUDWATCH.PR.2 and PR.3).
     */
    @Test
    void theNetworkEncryptsItsLogsWithARotatedKeyLogsMayUse() {
        final Template t = Templates.synthesized(network(TestApps.app(), Compliance.controlTower()));
        t.resourceCountIs("AWS::KMS::Key", 1);
        t.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Condition", Map.of("ArnLike",
                                Map.of("kms:EncryptionContext:aws:logs:arn", Match.anyValue())))),
                        Match.objectLike(Map.of("Effect", "Deny", "Action", "kms:CreateGrant",
                                "Condition", Map.of("BoolIfExists", Map.of("kms:GrantIsForAWSResource", "false",
                                        "aws:PrincipalIsAWSService", "false")))))))));
        t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("KmsKeyId", Match.anyValue(), "RetentionInDays", 365));
        // CDK's handler that closes the default security group runs in the VPC, after the NAT routes exist
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("VpcConfig",
                Map.of("SubnetIds", Match.anyValue(), "SecurityGroupIds", Match.anyValue())));
    }

    @Test
    void aGivenKeyIsUsedAndNoneIsCreated() {
        final App app = TestApps.app();
        final Stack keys = new Stack(app, "Keys");
        final Key key = Key.Builder.create(keys, "Key").enableKeyRotation(true).build();
        final NetworkStack net = network(app, Compliance.controlTower(key));
        final Template t = Templates.synthesized(net);
        t.resourceCountIs("AWS::KMS::Key", 0);
        t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("KmsKeyId", Map.of("Fn::ImportValue", Match.anyValue())));
        // the given key's policy admits CloudWatch Logs (added by the profile: the key is in the same app)
        Templates.synthesized(keys).hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Condition", Map.of("ArnLike",
                        Map.of("kms:EncryptionContext:aws:logs:arn", Match.anyValue())))))))));
    }

    /**
     * Enhanced monitoring on every instance (CT.RDS.PR.2: an interval of 1, 5, 10, 15, 30 or 60 and a
     * role, https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Monitoring.OS.Enabling.html),
     * and the secrets encrypted with the data stack's own key.
     */
    @Test
    void theDatabaseIsMonitoredAndItsSecretsUseTheKey() {
        final App app = TestApps.app();
        final NetworkStack net = network(app, Compliance.controlTower());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .vpc(net.getVpc())
                .secretsManagerEndpoint(net.getSecretsManagerEndpoint())
                .compliance(Compliance.controlTower())
                .build());
        final Template t = Templates.synthesized(data);
        t.hasResourceProperties("AWS::RDS::DBInstance", Map.of("MonitoringInterval", 60,
                "MonitoringRoleArn", Map.of("Fn::GetAtt", Match.anyValue())));
        t.resourceCountIs("AWS::KMS::Key", 1);
        final String key = Templates.logicalIds(t, "AWS::KMS::Key").get(0);
        t.allResourcesProperties("AWS::SecretsManager::Secret",
                Map.of("KmsKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn"))));
        assertEquals(3, t.findResources("AWS::SecretsManager::Secret").size());
    }

    /**
     * The application user's handler and its Provider framework run in the VPC (CT.LAMBDA.PR.3) with an
     * encrypted environment; their log groups use the key and keep a year (CT.CLOUDWATCH.PR.2, PR.3;
     * https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html).
     */
    @Test
    void theApplicationUsersHandlersRunInTheVpc() {
        final App app = TestApps.app();
        final NetworkStack net = network(app, Compliance.controlTower());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .vpc(net.getVpc())
                .secretsManagerEndpoint(net.getSecretsManagerEndpoint())
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS)
                .compliance(Compliance.controlTower())
                .build());
        final Template t = Templates.synthesized(data);
        final Map<String, Map<String, Object>> functions = t.findResources("AWS::Lambda::Function");
        assertTrue(functions.size() >= 2, "the handler and the framework's onEvent: " + functions.keySet());
        t.allResourcesProperties("AWS::Lambda::Function", Map.of(
                "VpcConfig", Map.of("SubnetIds", Match.anyValue(), "SecurityGroupIds", Match.anyValue()),
                "KmsKeyArn", Match.anyValue()));
        t.allResourcesProperties("AWS::Logs::LogGroup", Map.of("KmsKeyId", Match.anyValue()));
        t.findResources("AWS::Logs::LogGroup").forEach((id, group) -> {
            final Object days = ((Map<?, ?>) group.get("Properties")).get("RetentionInDays");
            assertTrue(days == null || ((Number) days).intValue() >= 365, id + " keeps " + days + " days");
        });
    }
}
