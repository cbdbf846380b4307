package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.testing.Templates;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnWaitConditionHandle;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.constructs.IConstruct;

/** Template assertions for {@link DataStack}: defaults, all options, an imported VPC. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataStackTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkStack network;
    private DataStack data;
    private Template template;

    private NetworkStack customNetwork;
    private DataStack custom;
    private Template customTemplate;

    private DataStack imported;
    private Template importedTemplate;

    @BeforeAll
    void synthesize() {
        final App app = TestApps.app();
        network = new NetworkStack(app, "Net", null);
        data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        template = Templates.synthesized(data);

        // three zones need a concrete environment; the cluster is placed in two of them
        final Environment env = Environment.builder().account(ACCOUNT).region(REGION).build();
        final App customApp = TestApps.app(Map.of("availability-zones:account=" + ACCOUNT + ":region=" + REGION,
                List.of("us-east-1a", "us-east-1b", "us-east-1c")), false);
        customNetwork = new NetworkStack(customApp, "Net", NetworkStackProps.builder().env(env).maxAzs(3).build());
        custom = new DataStack(customApp, "Data", DataStackProps.builder()
                .env(env)
                .vpc(customNetwork.getVpc())
                .vpcSubnets(SubnetSelection.builder().availabilityZones(List.of("us-east-1a", "us-east-1b")).build())
                .secretsManagerEndpoint(customNetwork.getSecretsManagerEndpoint())
                .readers(2)
                .minCapacity(0)
                .maxCapacity(8)
                .databaseName("shop")
                .masterUsername("shopowner")
                .rotationInterval(Duration.days(30))
                .backupRetention(Duration.days(14))
                .deletionProtection(false)
                .removalPolicy(RemovalPolicy.DESTROY)
                .cloudwatchLogsExports(List.of("postgresql", "iam-db-auth-error"))
                .superuserName("boss")
                .superuserEmail("boss@shop.example")
                .build());
        customTemplate = Templates.synthesized(custom);

        final App importApp = TestApps.app();
        final Stack holder = new Stack(importApp, "Holder");
        new CfnWaitConditionHandle(holder, "Placeholder"); // an empty template fails cdk.json's validation
        final IVpc vpc = Vpc.fromVpcAttributes(holder, "Imported", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .isolatedSubnetIds(List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"))
                .build());
        // an existing VPC with an endpoint of its own (or NAT): the isolated-subnets check is lifted
        imported = new DataStack(importApp, "Data", DataStackProps.builder().vpc(vpc).secretsManagerReachable(true).build());
        importedTemplate = Templates.synthesized(imported);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String logicalId(final Stack stack, final IConstruct construct) {
        return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(final Template t, final String type, final String idPrefix) {
        final List<Map<String, Object>> found = t.findResources(type).entrySet().stream()
                .filter(e -> e.getKey().startsWith(idPrefix))
                .map(e -> (Map<String, Object>) e.getValue().get("Properties"))
                .toList();
        assertEquals(1, found.size(), type + " " + idPrefix + "*: " + found);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> generated(final Template t, final String secretIdPrefix) {
        return (Map<String, Object>) properties(t, "AWS::SecretsManager::Secret", secretIdPrefix)
                .get("GenerateSecretString");
    }

    private static Map<String, String> secretTemplate(final Map<String, Object> generateSecretString) {
        try {
            return JSON.readValue((String) generateSecretString.get("SecretStringTemplate"),
                    new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> clusterProperties(final Template t) {
        return properties(t, "AWS::RDS::DBCluster", "Cluster");
    }

    private static Set<Character> chars(final String s) {
        return s.chars().mapToObj(c -> (char) c).collect(Collectors.toCollection(TreeSet::new));
    }

    // ---- defaults ---------------------------------------------------------------------------

    @Test
    void auroraPostgresql179ServerlessV2() {
        template.resourceCountIs("AWS::RDS::DBCluster", 1);
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "Engine", "aurora-postgresql",
                "EngineVersion", "17.9",
                "ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 0.5, "MaxCapacity", 2),
                "DatabaseName", "django",
                "Port", 5432));
        assertEquals(DataStack.DEFAULT_ENGINE_VERSION.getAuroraPostgresFullVersion(), "17.9");
    }

    @Test
    void oneServerlessWriterAndNoReader() {
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.hasResourceProperties("AWS::RDS::DBInstance", Map.of(
                "DBInstanceClass", "db.serverless",
                "Engine", "aurora-postgresql",
                "PromotionTier", 0,
                "PubliclyAccessible", false,
                "DBClusterIdentifier", Map.of("Ref", logicalId(data, data.getCluster()))));
    }

    @Test
    void encryptedIamAuthLogsAndBackups() {
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "StorageEncrypted", true,
                "EnableIAMDatabaseAuthentication", true,
                "EnableCloudwatchLogsExports", List.of("postgresql"),
                "BackupRetentionPeriod", 7,
                "DeletionProtection", true,
                "CopyTagsToSnapshot", true));
    }

    @Test
    void clusterIsSnapshottedOnDeletionAndReplacement() {
        template.hasResource("AWS::RDS::DBCluster", Map.of(
                "DeletionPolicy", "Snapshot",
                "UpdateReplacePolicy", "Snapshot"));
    }

    @Test
    void clusterIsInTheIsolatedSubnetsOfTheNetwork() {
        @SuppressWarnings("unchecked")
        final List<Object> subnetIds = (List<Object>) properties(template, "AWS::RDS::DBSubnetGroup", "ClusterSubnets")
                .get("SubnetIds");
        assertEquals(2, subnetIds.size(), subnetIds.toString());
        for (int i = 0; i < 2; i++) {
            final String subnet = logicalId(network, network.getVpc().getIsolatedSubnets().get(i));
            final Object ref = subnetIds.get(i);
            assertTrue(ref instanceof Map && ((Map<?, ?>) ref).get("Fn::ImportValue").toString()
                    .startsWith("Net:ExportsOutputRef" + subnet), subnetIds.toString());
        }
    }

    @Test
    void databaseSecretGeneratesThePasswordWithUsernameAndDbname() {
        final Map<String, Object> generate = generated(template, "DatabaseSecret");
        assertEquals(Map.of(SecretFields.DB_USERNAME, "postgres", SecretFields.DB_NAME, "django"), secretTemplate(generate));
        assertEquals(SecretFields.DB_PASSWORD, generate.get("GenerateStringKey"));
        assertEquals(30, generate.get("PasswordLength"));
        assertEquals(DataStack.PASSWORD_EXCLUDED_CHARACTERS, generate.get("ExcludeCharacters"));
    }

    @Test
    void passwordsExcludeSpaceBacktickAndUrlBreakingPunctuation() {
        assertEquals(chars(" %+~#$&*()|[]{}:;?!'/@\"\\`"), chars(DataStack.PASSWORD_EXCLUDED_CHARACTERS));
        assertEquals(25, DataStack.PASSWORD_EXCLUDED_CHARACTERS.length(), "duplicated characters");
    }

    @Test
    void databaseSecretIsAttachedToTheCluster() {
        template.resourceCountIs("AWS::SecretsManager::SecretTargetAttachment", 1);
        template.hasResourceProperties("AWS::SecretsManager::SecretTargetAttachment", Map.of(
                "SecretId", Map.of("Ref", logicalId(data, data.getDatabaseSecret())),
                "TargetId", Map.of("Ref", logicalId(data, data.getCluster())),
                "TargetType", "AWS::RDS::DBCluster"));
        final Map<String, Object> cluster = clusterProperties(template);
        assertTrue(cluster.get("MasterUsername").toString().contains(logicalId(data, data.getDatabaseSecret())));
        assertTrue(cluster.get("MasterUserPassword").toString().contains(":SecretString:password::"));
    }

    @Test
    void onlyTheDatabaseSecretRotatesEverySevenDays() {
        template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 1);
        final Capture lambda = new Capture();
        template.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Map.of(
                "SecretId", Map.of("Ref", onlyLogicalId(template, "AWS::SecretsManager::SecretTargetAttachment")),
                "RotationRules", Map.of("ScheduleExpression", "rate(7 days)"),
                "RotationLambdaARN", lambda));
        assertEquals(Map.of("Fn::GetAtt", List.of(onlyLogicalId(template, "AWS::Serverless::Application"),
                "Outputs.RotationLambdaARN")), lambda.asObject());
    }

    @Test
    void rotationIsThePostgresqlSingleUserApplicationInTheIsolatedSubnets() {
        template.resourceCountIs("AWS::Serverless::Application", 1);
        assertTrue(template.toJSON().get("Mappings").toString()
                .contains("applications/SecretsManagerRDSPostgreSQLRotationSingleUser"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> parameters = (Map<String, Object>) properties(template,
                "AWS::Serverless::Application", "ClusterRotationSingleUser").get("Parameters");
        final Object subnets = properties(template, "AWS::RDS::DBSubnetGroup", "ClusterSubnets").get("SubnetIds");
        @SuppressWarnings("unchecked")
        final List<Object> subnetList = (List<Object>) subnets;
        assertEquals(Map.of("Fn::Join", List.of("", List.of(subnetList.get(0), ",", subnetList.get(1)))),
                parameters.get("vpcSubnetIds"));
        assertEquals(DataStack.PASSWORD_EXCLUDED_CHARACTERS, parameters.get("excludeCharacters"));
        // the regional name, which the endpoint's private DNS answers inside the VPC
        assertTrue(parameters.get("endpoint").toString().contains("https://secretsmanager."), parameters.toString());
    }

    @Test
    void djangoSuperuserSecret() {
        final Map<String, Object> generate = generated(template, "DjangoSuperuserSecret");
        assertEquals(Map.of(SecretFields.SUPERUSER_USERNAME, "admin", SecretFields.SUPERUSER_EMAIL, "admin@example.com"),
                secretTemplate(generate));
        assertEquals(SecretFields.SUPERUSER_PASSWORD, generate.get("GenerateStringKey"));
        assertEquals(DataStack.PASSWORD_LENGTH, generate.get("PasswordLength"));
        assertEquals(DataStack.PASSWORD_EXCLUDED_CHARACTERS, generate.get("ExcludeCharacters"));
    }

    @Test
    void djangoSecretKeySecret() {
        final Map<String, Object> generate = generated(template, "DjangoSecretKeySecret");
        assertEquals(Map.of(SecretFields.SECRET_KEY_FALLBACKS, ""), secretTemplate(generate));
        assertEquals("secretkey", generate.get("GenerateStringKey"));
        assertEquals(64, generate.get("PasswordLength"));
        assertEquals(DataStack.PASSWORD_EXCLUDED_CHARACTERS + ",", generate.get("ExcludeCharacters"));
    }

    @Test
    void threeSecretsAndNoRotationOnTheDjangoSecrets() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 3);
        final String rotated = template.findResources("AWS::SecretsManager::RotationSchedule").values().toString();
        assertTrue(!rotated.contains(logicalId(data, data.getSuperuserSecret()))
                && !rotated.contains(logicalId(data, data.getSecretKeySecret())), rotated);
    }

    @Test
    void databaseClientSecurityGroupMayReachThePostgresPort() {
        final Capture clusterGroups = new Capture();
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of("VpcSecurityGroupIds", clusterGroups));
        @SuppressWarnings("unchecked")
        final List<Object> groups = (List<Object>) clusterGroups.asArray();
        assertEquals(1, groups.size());
        final Map<String, Object> port = Map.of("Fn::GetAtt", List.of(logicalId(data, data.getCluster()), "Endpoint.Port"));
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "IpProtocol", "tcp",
                "FromPort", port,
                "ToPort", port,
                "GroupId", groups.get(0),
                "SourceSecurityGroupId", Map.of("Fn::GetAtt",
                        List.of(logicalId(data, data.getDatabaseClientSecurityGroup()), "GroupId"))));
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of("Port", 5432));
    }

    @Test
    void clusterSecurityGroupAllowsNoOutboundTraffic() {
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", "Aurora cluster of the App Runner Django service",
                "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "255.255.255.255/32")))));
    }

    @Test
    void gettersAreSet() {
        assertNotNull(data.getCluster());
        assertNotNull(data.getDatabaseSecret());
        assertNotNull(data.getSuperuserSecret());
        assertNotNull(data.getSecretKeySecret());
        assertNotNull(data.getDatabaseClientSecurityGroup());
        assertEquals("django", data.getDatabaseName());
    }

    @Test
    void dependsOnTheNetworkStack() {
        assertTrue(data.getDependencies().contains(network), data.getDependencies().toString());
    }

    @Test
    void defaultDescriptionAndOutputs() {
        assertEquals("Aurora PostgreSQL Serverless v2 and secrets for the App Runner Django service",
                template.toJSON().get("Description"));
        template.hasOutput("ClusterEndpoint", Map.of("Value",
                Map.of("Fn::GetAtt", List.of(logicalId(data, data.getCluster()), "Endpoint.Address"))));
        template.hasOutput("DatabaseSecretArn", Map.of("Value", Map.of("Ref", logicalId(data, data.getDatabaseSecret()))));
    }

    // ---- all options ------------------------------------------------------------------------

    @Test
    void customCapacityReadersAndDatabaseName() {
        customTemplate.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 0, "MaxCapacity", 8),
                "DatabaseName", "shop"));
        customTemplate.resourceCountIs("AWS::RDS::DBInstance", 3);
        final List<?> classes = customTemplate.findResources("AWS::RDS::DBInstance").values().stream()
                .<Object>map(r -> ((Map<?, ?>) r.get("Properties")).get("DBInstanceClass")).toList();
        assertEquals(List.of("db.serverless", "db.serverless", "db.serverless"), classes);
        // readers scale with the writer: promotion tier 0 or 1
        assertEquals(2, customTemplate.findResources("AWS::RDS::DBInstance", Map.of(
                "Properties", Map.of("PromotionTier", 1))).size());
        assertEquals("shop", custom.getDatabaseName());
    }

    @Test
    void customMasterUsernameAndDatabaseNameInTheSecret() {
        assertEquals(Map.of("username", "shopowner", "dbname", "shop"),
                secretTemplate(generated(customTemplate, "DatabaseSecret")));
    }

    @Test
    void customRotationBackupDeletionProtectionAndRemovalPolicy() {
        customTemplate.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Map.of(
                "RotationRules", Map.of("ScheduleExpression", "rate(30 days)")));
        customTemplate.hasResource("AWS::RDS::DBCluster", Map.of(
                "Properties", Match.objectLike(Map.of(
                        "BackupRetentionPeriod", 14,
                        "DeletionProtection", false)),
                "DeletionPolicy", "Delete",
                "UpdateReplacePolicy", "Delete"));
    }

    @Test
    void customLogExports() {
        customTemplate.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "EnableCloudwatchLogsExports", List.of("postgresql", "iam-db-auth-error")));
    }

    @Test
    void customSuperuser() {
        assertEquals(Map.of("username", "boss", "email", "boss@shop.example"),
                secretTemplate(generated(customTemplate, "DjangoSuperuserSecret")));
    }

    @Test
    void customSubnetsForTheClusterAndTheRotation() {
        @SuppressWarnings("unchecked")
        final List<Object> subnets = (List<Object>) properties(customTemplate, "AWS::RDS::DBSubnetGroup", "ClusterSubnets")
                .get("SubnetIds");
        // two of the network's three isolated subnets: those in us-east-1a and us-east-1b
        assertEquals(2, subnets.size(), subnets.toString());
        assertEquals(3, customNetwork.getVpc().getIsolatedSubnets().size());
        for (int i = 0; i < 2; i++) {
            final String subnet = logicalId(customNetwork, customNetwork.getVpc().getIsolatedSubnets().get(i));
            assertTrue(subnets.get(i).toString().contains("ExportsOutputRef" + subnet), subnets.toString());
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> parameters = (Map<String, Object>) properties(customTemplate,
                "AWS::Serverless::Application", "ClusterRotationSingleUser").get("Parameters");
        assertEquals(Map.of("Fn::Join", List.of("", List.of(subnets.get(0), ",", subnets.get(1)))),
                parameters.get("vpcSubnetIds"));
    }

    @Test
    void rotationCallsTheRegionalNameThatPrivateDnsResolvesToTheEndpoint() {
        @SuppressWarnings("unchecked")
        final Map<String, Object> parameters = (Map<String, Object>) properties(customTemplate,
                "AWS::Serverless::Application", "ClusterRotationSingleUser").get("Parameters");
        final String endpoint = parameters.get("endpoint").toString();
        // never CDK's https://<vpce-id>.secretsmanager.<region>.<suffix>, which does not resolve
        assertTrue(endpoint.contains("https://secretsmanager." + REGION + "."), endpoint);
        assertFalse(endpoint.contains("ExportsOutputRef"), endpoint);
        final IConstruct rotation = custom.getCluster().getNode().findChild("RotationSingleUser");
        assertTrue(rotation.getNode().getDependencies().contains(customNetwork.getSecretsManagerEndpoint()),
                "the rotation is created after the endpoint");
    }

    // ---- imported VPC -----------------------------------------------------------------------

    @Test
    void importedVpcWorks() {
        importedTemplate.hasResourceProperties("AWS::RDS::DBSubnetGroup", Map.of(
                "SubnetIds", List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2")));
        importedTemplate.hasResourceProperties("AWS::Serverless::Application", Map.of(
                "Parameters", Match.objectLike(Map.of(
                        "vpcSubnetIds", "subnet-0123456789abcdef1,subnet-0123456789abcdef2"))));
        importedTemplate.allResourcesProperties("AWS::EC2::SecurityGroup", Map.of("VpcId", "vpc-0123456789abcdef0"));
        importedTemplate.resourceCountIs("AWS::RDS::DBCluster", 1);
        assertTrue(imported.getDependencies().isEmpty(), imported.getDependencies().toString());
    }

    private static String onlyLogicalId(final Template t, final String type) {
        final List<String> ids = Templates.logicalIds(t, type);
        assertEquals(1, ids.size(), type + ": " + ids);
        return ids.get(0);
    }
}
