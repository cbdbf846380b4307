package io.github.apprunnerdjango.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoAuroraDatabase;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.AppRunnerDjangoService;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceSecret;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.Secret;

/**
 * The network, the database and the App Runner service as constructs in a team's own stacks
 * ("model with constructs, deploy with stacks"): in one stack, across stacks, inside a Stage; with
 * aws-cdk-lib's idioms (IConnectable, IGrantable, grants, metrics, additions after construction).
 */
class ConstructsInAnyStackTest {

    /** A team's one stack holding the network and the database. */
    private static final class OneStack {
        final Stack stack = new Stack(TestApps.app(), "S");
        final DjangoNetwork network = new DjangoNetwork(stack, "Network", null);
        final DjangoAuroraDatabase database = new DjangoAuroraDatabase(stack, "Database",
                DataStackProps.builder().vpc(network.getVpc()).build());
    }

    private static ServiceStackProps.Builder serviceProps(final DjangoNetwork network, final IDjangoDatabase database,
                                                          final Stack stack) {
        return ServiceStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getServiceSubnets())
                .database(database)
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(stack, "Repo", "team/django"), "v1"));
    }

    @Test
    void allThreeInOneStackOfTheTeamsOwnReadNoParameter() {
        final App app = TestApps.app();
        final Stack platform = new Stack(app, "Platform");
        final DjangoNetwork network = new DjangoNetwork(platform, "Network", null);
        final DjangoAuroraDatabase database = new DjangoAuroraDatabase(platform, "Database",
                DataStackProps.builder().vpc(network.getVpc()).build());
        final AppRunnerDjangoService web = new AppRunnerDjangoService(platform, "Web",
                serviceProps(network, database, platform).build());
        final Template template = Template.fromStack(platform);
        template.resourceCountIs("AWS::RDS::DBCluster", 1);
        template.resourceCountIs("AWS::AppRunner::Service", 1);
        // same stack: the service reads the database's objects, no SSM parameter and no export
        assertSame(database, web.getDatabase());
        template.resourceCountIs("AWS::SSM::Parameter", 0);
        @SuppressWarnings("unchecked")
        final Map<String, Object> parameters = (Map<String, Object>) template.toJSON().get("Parameters");
        assertEquals(List.of("BootstrapVersion"), List.copyOf(parameters.keySet()), "no SSM parameter is read");
        assertNull(template.toJSON().get("Outputs"), "a construct makes no stack outputs");
    }

    @Test
    void aDatabaseOfAnotherStackIsReadThroughSsmParametersNamedByItsPath() {
        final App app = TestApps.app();
        final Stack shared = new Stack(app, "Shared");
        final DjangoNetwork network = new DjangoNetwork(shared, "Network", null);
        final DjangoAuroraDatabase database = new DjangoAuroraDatabase(shared, "Orders",
                DataStackProps.builder().vpc(network.getVpc()).build());
        final Stack service = new Stack(app, "OrdersService");
        final AppRunnerDjangoService web = new AppRunnerDjangoService(service, "Web",
                serviceProps(network, database, service).build());
        final Template data = Template.fromStack(shared);
        data.resourceCountIs("AWS::SSM::Parameter", 4);
        data.hasResourceProperties("AWS::SSM::Parameter",
                Map.of("Name", "/apprunner-django/Shared/Orders/service-database-secret-arn"));
        assertTrue(service.getDependencies().contains(shared), "the service's stack deploys after the database's");
        final String consumer = Template.fromStack(service).toJSON().get("Parameters").toString();
        assertTrue(consumer.contains("/apprunner-django/Shared/Orders/superuser-secret-arn"), consumer);
        // the VPC's subnets are ordinary references; the database's values are never exports
        final String imports = Template.fromStack(service).toJSON().toString();
        assertFalse(imports.matches("(?s).*Fn::ImportValue=Shared:ExportsOutputRef(Orders|Ref)[^}]*Secret.*"), imports);
        data.resourceCountIs("AWS::SSM::Parameter", 4);
        assertFalse(data.toJSON().toString().contains("OrdersDatabaseSecret") && data.toJSON().toString()
                .matches("(?s).*\"Export\".*Secret.*"), "no secret ARN is exported");
        assertNotNull(web.getDatabase());
    }

    @Test
    void constructsComposeInsideAStageWithItsEnvironment() {
        final App app = TestApps.app();
        final Stage prod = new Stage(app, "Prod", software.amazon.awscdk.StageProps.builder()
                .env(Environment.builder().account("222222222222").region("eu-west-1").build()).build());
        final Stack stack = new Stack(prod, "Django");
        final DjangoNetwork network = new DjangoNetwork(stack, "Network",
                NetworkStackProps.builder().maxAzs(3).build());
        final DjangoAuroraDatabase database = new DjangoAuroraDatabase(stack, "Database",
                DataStackProps.builder().vpc(network.getVpc()).build());
        new AppRunnerDjangoService(stack, "Web", serviceProps(network, database, stack).build());
        final Template template = Template.fromStack(stack);
        // env-specific through the Stage: three literal zones
        assertEquals(3, template.findResources("AWS::EC2::Subnet").size());
        template.resourceCountIs("AWS::AppRunner::Service", 1);
    }

    @Test
    void constructsRefuseStackLevelSettingsWithOneClearMessage() {
        final App app = TestApps.app();
        final Stack stack = new Stack(app, "S");
        final Environment env = Environment.builder().account("111111111111").region("us-east-1").build();
        final IllegalArgumentException network = assertThrows(IllegalArgumentException.class, () ->
                new DjangoNetwork(stack, "Network", NetworkStackProps.builder().env(env).build()));
        assertTrue(network.getMessage().contains("Invalid DjangoNetwork props")
                && network.getMessage().contains("set these on the Stack"), network.getMessage());
        final DjangoNetwork ok = new DjangoNetwork(stack, "Net", null);
        final IllegalArgumentException data = assertThrows(IllegalArgumentException.class, () ->
                new DjangoAuroraDatabase(stack, "Db", DataStackProps.builder().vpc(ok.getVpc())
                        .description("mine").build()));
        assertTrue(data.getMessage().contains("Invalid DjangoAuroraDatabase props"), data.getMessage());
        final DjangoAuroraDatabase database = new DjangoAuroraDatabase(stack, "Database",
                DataStackProps.builder().vpc(ok.getVpc()).build());
        final IllegalArgumentException service = assertThrows(IllegalArgumentException.class, () ->
                new AppRunnerDjangoService(stack, "Web", serviceProps(ok, database, stack)
                        .tags(Map.of("team", "a")).build()));
        assertTrue(service.getMessage().contains("Invalid AppRunnerDjangoService props"), service.getMessage());
        assertNull(stack.getNode().tryFindChild("Web"), "nothing is built before the check");
    }

    @Test
    void theServiceIsGrantableAndConnectableAndTakesAdditionsAfterItIsBuilt() {
        final OneStack one = new OneStack();
        final Stack stack = one.stack;
        final DjangoNetwork network = one.network;
        final DjangoAuroraDatabase database = one.database;
        final AppRunnerDjangoService web = new AppRunnerDjangoService(stack, "Web",
                serviceProps(network, database, stack).build());
        final Bucket media = Bucket.Builder.create(stack, "Media").build();
        media.grantRead(web);
        web.addEnvironment("FEATURE_X", "on");
        web.addSecret("STRIPE_KEY", ServiceSecret.fromSecretsManager(
                Secret.Builder.create(stack, "Stripe").build(), "key"));
        web.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ses:SendEmail"))
                .resources(List.of("arn:aws:ses:us-east-1:111111111111:identity/example.com")).build());
        // the database lets another client in through its cluster security group
        final SecurityGroup bastion = SecurityGroup.Builder.create(stack, "Bastion").vpc(network.getVpc()).build();
        database.getConnections().allowDefaultPortFrom(bastion, "the bastion (test)");
        final Template template = Template.fromStack(stack);
        final String policies = template.findResources("AWS::IAM::Policy").toString();
        assertTrue(policies.contains("s3:GetObject*") && policies.contains("ses:SendEmail"), policies);
        final String service = template.findResources("AWS::AppRunner::Service").toString();
        assertTrue(service.contains("FEATURE_X") && service.contains("STRIPE_KEY"), service);
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                "Description", "the bastion (test)")));
        // the secret added later redeploys the service too
        final String rules = template.findResources("AWS::Events::Rule").toString();
        assertTrue(rules.contains("Stripe"), rules);
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> web.addEnvironment("FEATURE_X", "off"));
        assertTrue(twice.getMessage().contains("FEATURE_X"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> web.addEnvironment("DJANGO_SECRET_KEY", "x"),
                "the library's names are refused");
        assertEquals(1, web.getConnections().getSecurityGroups().size());
        web.getConnections().allowTo(database, Port.tcp(5432), "already a member; allowTo works as on any IConnectable");
    }

    @Test
    void grantsReturnGrantAndTheInstanceRoleMayBeTheTeamsOwn() {
        final OneStack one = new OneStack();
        final Stack stack = one.stack;
        final DjangoNetwork network = one.network;
        final DjangoAuroraDatabase database = one.database;
        final Role own = Role.Builder.create(stack, "TeamRole")
                .assumedBy(new ServicePrincipal("tasks.apprunner.amazonaws.com")).build();
        final AppRunnerDjangoService web = new AppRunnerDjangoService(stack, "Web",
                serviceProps(network, database, stack).instanceRole(own).build());
        assertSame(own, web.getInstanceRole());
        final Role ci = Role.Builder.create(stack, "Ci").assumedBy(new ServicePrincipal("codebuild.amazonaws.com")).build();
        assertTrue(web.grantStartDeployment(ci).getSuccess());
        final Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::IAM::Role", template.findResources("AWS::IAM::Role").size());
        final String service = template.findResources("AWS::AppRunner::Service").toString();
        assertTrue(service.contains("TeamRole"), "the service runs with the team's role: " + service);
        assertTrue(template.findResources("AWS::IAM::Policy").toString().contains("apprunner:StartDeployment"));
    }

    /** https://docs.aws.amazon.com/apprunner/latest/dg/monitor-cw.html: AWS/AppRunner, ServiceName + ServiceID. */
    @Test
    void metricsAreThoseAppRunnerPublishes() {
        final OneStack one = new OneStack();
        final Stack stack = one.stack;
        final DjangoNetwork network = one.network;
        final DjangoAuroraDatabase database = one.database;
        final AppRunnerDjangoService web = new AppRunnerDjangoService(stack, "Web",
                serviceProps(network, database, stack).build());
        final Map<String, String> expected = Map.of("Requests", "Sum", "4xxStatusResponses", "Sum",
                "5xxStatusResponses", "Sum", "RequestLatency", "p99", "ActiveInstances", "Minimum",
                "CPUUtilization", "Average", "MemoryUtilization", "Average");
        final List<Metric> metrics = List.of(web.metricRequests(null), web.metric4xxStatusResponses(null),
                web.metric5xxStatusResponses(null), web.metricRequestLatency(null), web.metricActiveInstances(null),
                web.metricCpuUtilization(null), web.metricMemoryUtilization(null));
        for (final Metric m : metrics) {
            assertEquals("AWS/AppRunner", m.getNamespace());
            assertEquals(expected.get(m.getMetricName()), m.getStatistic(), m.getMetricName());
            assertEquals(List.of("ServiceID", "ServiceName"), m.getDimensions().keySet().stream().sorted().toList());
        }
        // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.viewing.monitoring.html
        assertEquals("ServerlessDatabaseCapacity", database.metricServerlessDatabaseCapacity(null).getMetricName());
        assertEquals("AWS/RDS", database.metricDatabaseConnections(null).getNamespace());
        assertEquals("DBClusterIdentifier", database.metricAcuUtilization(null).getDimensions().keySet().iterator().next());
    }
}
