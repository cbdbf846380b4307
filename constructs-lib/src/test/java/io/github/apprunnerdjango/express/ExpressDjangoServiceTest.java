package io.github.apprunnerdjango.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoAuroraDatabase;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.IDjangoService;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceSecret;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;

/**
 * ExpressDjangoService as a construct of the user's own stacks: with the database of another stack
 * (read through SSM parameters) or of the same stack, in an app or a Stage; stack-level settings
 * refused; grants, connections, variables and secrets added after construction, metrics; given roles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressDjangoServiceTest {
    private static final String SERVICE = ExpressServiceStackDefaultsTest.SERVICE;
    private static final String SEND_EMAIL = "arn:aws:ses:us-east-1:123456789012:identity/example.com";

    private ExpressFixture fixture;
    private Stack user;
    private ExpressDjangoService web;
    private ExpressDjangoService withRoles;
    private Role appRole;
    private IRole importedExecution;
    private Secret token;
    private Template userTemplate;
    private Stack sameStack;
    private DjangoAuroraDatabase sameStackDatabase;
    private ExpressDjangoService sameStackService;
    private Template sameStackTemplate;
    private DjangoAuroraDatabase stageDatabase;
    private Stack stageService;
    private Template stageServiceTemplate;

    @BeforeAll
    void build() {
        fixture = new ExpressFixture();
        // the database of another stack (a DataStack), the service in the user's own stack
        user = new Stack(fixture.app, "User");
        web = new ExpressDjangoService(user, "Web", fixture.props().build());
        Bucket.Builder.create(user, "Media").build().grantRead(web);
        final SecurityGroup cache = SecurityGroup.Builder.create(user, "Cache").vpc(fixture.network.getVpc()).build();
        web.getConnections().allowTo(cache, Port.tcp(6379), "Redis");
        web.addEnvironment("LATE_FLAG", "on");
        token = Secret.Builder.create(user, "Token").build();
        web.addSecret("LATE_TOKEN", ServiceSecret.fromSecretsManager(token));
        web.addSecret("LATE_PARAMETER", ServiceSecret.fromSsmParameter(StringParameter.fromSecureStringParameterAttributes(
                user, "Late", SecureStringParameterAttributes.builder().parameterName("/app/late").build())));
        web.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ses:SendEmail"))
                .resources(List.of(SEND_EMAIL)).build());
        alarm("SlowAnswers", web.metricTargetResponseTime(null));
        alarm("ServerErrors", web.metricHttpCodeTarget5xx(null));
        alarm("Requests", web.metricRequestCount(MetricOptions.builder().period(Duration.minutes(1)).build()));
        alarm("Cpu", web.metricCpuUtilization(null));
        alarm("Memory", web.metricMemoryUtilization(null));
        // given roles: one of the user's stack, two imported
        appRole = Role.Builder.create(user, "AppRole").assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com")).build();
        importedExecution = Role.fromRoleArn(user, "ImportedExecution", "arn:aws:iam::123456789012:role/execution");
        withRoles = new ExpressDjangoService(user, "WithRoles", fixture.props()
                .taskRole(appRole)
                .executionRole(importedExecution)
                .infrastructureRole(Role.fromRoleArn(user, "ImportedInfrastructure",
                        "arn:aws:iam::123456789012:role/express-infrastructure"))
                .taskRolePolicyStatements(List.of(PolicyStatement.Builder.create().actions(List.of("s3:GetObject"))
                        .resources(List.of("arn:aws:s3:::media/*")).build()))
                .build());

        // network, database and service in one stack of a Stage
        final Stage stage = new Stage(fixture.app, "Prod");
        sameStack = new Stack(stage, "App");
        final DjangoNetwork network = new DjangoNetwork(sameStack, "Network",
                NetworkStackProps.builder().publicIngress(true).build());
        sameStackDatabase = new DjangoAuroraDatabase(sameStack, "Database",
                DataStackProps.builder().vpc(network.getVpc()).build());
        sameStackService = new ExpressDjangoService(sameStack, "Web", ExpressServiceStackProps.builder()
                .vpc(network.getVpc()).database(sameStackDatabase)
                .image(ImageSource.fromEcrRepositoryName(ExpressFixture.REPOSITORY_NAME, "v1")).build());

        // the database construct in another stack of the Stage
        final Stack stageData = new Stack(stage, "Data");
        stageDatabase = new DjangoAuroraDatabase(stageData, "Database",
                DataStackProps.builder().vpc(network.getVpc()).build());
        stageService = new Stack(stage, "Service");
        new ExpressDjangoService(stageService, "Web", ExpressServiceStackProps.builder()
                .vpc(network.getVpc()).database(stageDatabase)
                .image(ImageSource.fromEcrRepositoryName(ExpressFixture.REPOSITORY_NAME, "v1")).build());

        userTemplate = Templates.synthesized(user);
        sameStackTemplate = Templates.synthesized(sameStack);
        stageServiceTemplate = Templates.synthesized(stageService);
    }

    private void alarm(final String id, final Metric metric) {
        Alarm.Builder.create(user, id).metric(metric).threshold(1).evaluationPeriods(1).build();
    }

    private String id(final Stack stack, final software.constructs.IConstruct construct) {
        return Templates.logicalId(stack, construct);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(final Template template, final String logicalId) {
        return (Map<String, Object>) ((Map<String, Object>) template.toJSON().get("Resources")).get(logicalId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(final Template template, final String serviceId) {
        return (Map<String, Object>) ((Map<String, Object>) resource(template, serviceId).get("Properties"))
                .get("PrimaryContainer");
    }

    /** @return the logical id of the SSM parameter (a template parameter) that reads this parameter name */
    @SuppressWarnings("unchecked")
    private static String parameterReading(final Template template, final String parameterName) {
        final Map<String, Object> parameters = (Map<String, Object>) template.toJSON().get("Parameters");
        return parameters.entrySet().stream()
                .filter(e -> parameterName.equals(((Map<String, Object>) e.getValue()).get("Default")))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter reads " + parameterName + ": " + parameters.keySet()));
    }

    /** A DataStack's database in the user's stack: read from its SSM parameters, no export; the stacks' order follows. */
    @Test
    void aDatabaseOfAnotherStackIsReadThroughSsmParameters() {
        final String clientGroup = parameterReading(userTemplate, fixture.data.getParameterName("database-client-security-group-id"));
        userTemplate.hasResourceProperties(SERVICE, Match.objectLike(Map.of("NetworkConfiguration", Match.objectLike(
                Map.of("SecurityGroups", List.of(Map.of("Ref", clientGroup)))))));
        parameterReading(userTemplate, fixture.data.getParameterName("service-database-secret-arn"));
        assertTrue(!userTemplate.toJSON().toString().contains(fixture.data.getStackName() + ":ExportsOutput"),
                "an export of the database's stack is imported");
        assertTrue(user.getDependencies().contains(fixture.data), "the user's stack deploys after the database's");
    }

    /** Network, database and service in one stack of a Stage: the client security group itself, no parameter. */
    @Test
    @SuppressWarnings("unchecked")
    void aDatabaseOfTheSameStackIsUsedDirectly() {
        assertSame(sameStackDatabase, sameStackService.getDatabase());
        sameStackTemplate.hasResourceProperties(SERVICE, Match.objectLike(Map.of("NetworkConfiguration", Match.objectLike(
                Map.of("SecurityGroups", List.of(Map.of("Fn::GetAtt", List.of(
                        id(sameStack, sameStackDatabase.getDatabaseClientSecurityGroup()), "GroupId"))))))));
        final Map<String, Object> parameters = (Map<String, Object>) sameStackTemplate.toJSON().get("Parameters");
        assertEquals(List.of("BootstrapVersion"), List.copyOf(parameters.keySet()));
        assertEquals("Prod", Stage.of(sameStackService).getStageName());
    }

    /** The database construct of another stack in the Stage: its parameters carry its path in its stack. */
    @Test
    void aDatabaseConstructOfAnotherStackInAStage() {
        final String name = stageDatabase.getParameterName("superuser-secret-arn");
        assertTrue(name.endsWith("/Database/superuser-secret-arn"), name);
        parameterReading(stageServiceTemplate, name);
        stageServiceTemplate.resourceCountIs(SERVICE, 1);
    }

    /** env, stackName, description and the other stack settings belong to the stack that holds the construct. */
    @Test
    void stackLevelSettingsAreRefused() {
        final Stack other = new Stack(fixture.app, "Refusing");
        for (final ExpressServiceStackProps props : List.of(
                fixture.props().env(Environment.builder().region("eu-west-1").build()).build(),
                fixture.props().description("mine").build(),
                fixture.props().stackName("mine").build())) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ExpressDjangoService(other, "Refused", props));
            assertTrue(e.getMessage().startsWith("Invalid ExpressDjangoService props:\n  - env/stackName/description"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("ExpressDjangoService is a construct: set these on the Stack"), e.getMessage());
            assertNull(other.getNode().tryFindChild("Refused"));
        }
        final IllegalArgumentException noImage = assertThrows(IllegalArgumentException.class,
                () -> new ExpressDjangoService(other, "NoImage", fixture.props().image(null).build()));
        assertTrue(noImage.getMessage().startsWith("Invalid ExpressDjangoService props:\n  - image: got null; required"),
                noImage.getMessage());
    }

    /** What the construct exposes, and the stack wrapper's getters, which are the construct's. */
    @Test
    void gettersAndTheStackWrapper() {
        final IDjangoService service = web;
        assertSame(web.getTaskRole(), service.getGrantPrincipal());
        assertEquals(List.of(web.getDatabase().getDatabaseClientSecurityGroup()), web.getConnections().getSecurityGroups());
        assertSame(fixture.network.getVpc(), web.getVpc());
        assertEquals(2, web.getSubnets().size());
        assertTrue(!web.isPrivate());
        assertSame(web, web.getService().getNode().getScope());
        assertTrue(web.getRotationRedeployRule() != null && web.getImagePushRule() != null
                && web.getRotationRedeployAlarm() != null);

        final ExpressServiceStack stack = fixture.service("Wrapped", b -> b);
        final ExpressDjangoService inside = stack.getDjangoService();
        assertSame(inside, stack.getNode().findChild("Default"));
        assertSame(inside.getService(), stack.getService());
        assertSame(inside.getTaskRole(), stack.getTaskRole());
        assertSame(inside.getExecutionRole(), stack.getExecutionRole());
        assertSame(inside.getInfrastructureRole(), stack.getInfrastructureRole());
        assertSame(inside.getDatabase(), stack.getDatabase());
        assertSame(inside.getLogGroup(), stack.getLogGroup());
        assertSame(inside.getImage(), stack.getImage());
        assertSame(inside.getVpc(), stack.getVpc());
        assertEquals(inside.getSubnets(), stack.getSubnets());
        assertEquals(inside.getServiceArn(), stack.getServiceArn());
        assertEquals(inside.getEndpoint(), stack.getEndpoint());
        assertEquals(inside.getLoadBalancerArn(), stack.getLoadBalancerArn());
        assertSame(inside.getRotationRedeployRule(), stack.getRotationRedeployRule());
        assertSame(inside.getImagePushRule(), stack.getImagePushRule());
        assertSame(inside.getRotationRedeployAlarm(), stack.getRotationRedeployAlarm());
        assertNull(stack.getWebAcl());
        assertNull(stack.getLoadBalancerDnsName());
        assertEquals(ExpressDjangoService.DEFAULT_MAX_TASKS, ExpressServiceStack.DEFAULT_MAX_TASKS);
    }

    /**
     * A grant to the service is a grant to the task role, and the service depends on that policy
     * though it was made after the service (ECS starts the app with it).
     */
    @Test
    @SuppressWarnings("unchecked")
    void grantsGoToTheTaskRoleBeforeTheServiceStarts() {
        final String taskRole = id(user, web.getTaskRole());
        userTemplate.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Roles", List.of(Map.of("Ref", taskRole)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Action", Match.arrayWith(List.of("s3:GetObject*")))),
                        Match.objectLike(Map.of("Action", "ses:SendEmail", "Resource", SEND_EMAIL)))), "Version", "2012-10-17"))));
        final List<String> dependsOn = (List<String>) resource(userTemplate, id(user, web.getService())).get("DependsOn");
        final String taskPolicy = id(user, web.getTaskRole().getNode().findChild("DefaultPolicy"));
        final String executionPolicy = id(user, web.getExecutionRole().getNode().findChild("DefaultPolicy"));
        assertTrue(dependsOn.containsAll(List.of(taskPolicy, executionPolicy)), String.valueOf(dependsOn));
    }

    /** connections.allowTo: the tasks' security group (the database client group) may reach another resource. */
    @Test
    void connectionsLetTheTasksReachAnotherResource() {
        final String clientGroup = parameterReading(userTemplate, fixture.data.getParameterName("database-client-security-group-id"));
        userTemplate.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                "IpProtocol", "tcp", "FromPort", 6379, "ToPort", 6379,
                "SourceSecurityGroupId", Map.of("Ref", clientGroup))));
    }

    /** Variables and secrets added after construction render after the library's, sorted; the execution role reads the secrets. */
    @Test
    @SuppressWarnings("unchecked")
    void variablesAndSecretsAddedLaterRender() {
        final Map<String, Object> container = container(userTemplate, id(user, web.getService()));
        final List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("Environment");
        assertEquals(Map.of("Name", "LATE_FLAG", "Value", "on"), env.get(env.size() - 1));
        final List<Map<String, Object>> secrets = (List<Map<String, Object>>) container.get("Secrets");
        final List<Object> names = new ArrayList<>();
        secrets.forEach(s -> names.add(s.get("Name")));
        // the app's own, sorted, after the library's
        assertEquals(List.of("LATE_PARAMETER", "LATE_TOKEN"), names.subList(names.size() - 2, names.size()));
        assertEquals(Map.of("Name", "LATE_TOKEN", "ValueFrom", Map.of("Ref", id(user, token))), secrets.get(secrets.size() - 1));
        // statements are merged by resource (@aws-cdk/aws-iam:minimizePolicies): read the document whole
        final Map<String, Object> policy = resource(userTemplate,
                id(user, web.getExecutionRole().getNode().findChild("DefaultPolicy")));
        final String document = String.valueOf(((Map<String, Object>) policy.get("Properties")).get("PolicyDocument"));
        assertTrue(document.contains("secretsmanager:GetSecretValue") && document.contains("{Ref=" + id(user, token) + "}"),
                document);
        assertTrue(document.contains("ssm:GetParameters") && document.contains(":parameter/app/late"), document);
    }

    /** A Secrets Manager secret added later redeploys the service too; an SSM parameter has no such event. */
    @Test
    void aSecretAddedLaterIsWatched() {
        userTemplate.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("EventPattern", Match.objectLike(Map.of(
                "detail-type", List.of("Secret Label Updated"),
                "resources", Match.arrayWith(List.of(Map.of("Ref", id(user, token)))))))));
    }

    /** Names added later follow the environment and secrets props' rules, and a name is set once. */
    @Test
    void namesAddedLaterAreChecked() {
        final IllegalArgumentException library = assertThrows(IllegalArgumentException.class,
                () -> web.addEnvironment("DB_HOST", "x"));
        assertTrue(library.getMessage().startsWith("Invalid ExpressDjangoService.addEnvironment props:\n  - environment: got"
                + " \"DB_HOST\"; the library sets it"), library.getMessage());
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> web.addSecret("LATE_FLAG", ServiceSecret.fromSecretsManager(token)));
        assertTrue(twice.getMessage().contains("secrets: got \"LATE_FLAG\"; already set: a name may be set once"),
                twice.getMessage());
        final IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> web.addEnvironment("1X", "x"));
        assertTrue(invalid.getMessage().contains("environment: got \"1X\"; allowed: variable names"), invalid.getMessage());
        final IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
                () -> web.addSecret("NO_VALUE", null));
        assertTrue(noValue.getMessage().contains("allowed: a value"), noValue.getMessage());
    }

    /**
     * The load balancer's metrics, dimension LoadBalancer = app/&lt;name&gt;/&lt;id&gt; of its ARN
     * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html:
     * TargetResponseTime, HTTPCode_Target_5XX_Count, RequestCount in AWS/ApplicationELB).
     */
    @Test
    void loadBalancerMetrics() {
        final Map<String, Object> loadBalancer = Map.of("Name", "LoadBalancer", "Value", Map.of("Fn::Join", List.of("/",
                List.of(arnPart(1), arnPart(2), arnPart(3)))));
        assertAlarm("SlowAnswers", "AWS/ApplicationELB", "TargetResponseTime", "Average", 300, List.of(loadBalancer));
        assertAlarm("ServerErrors", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", 300, List.of(loadBalancer));
        assertAlarm("Requests", "AWS/ApplicationELB", "RequestCount", "Sum", 60, List.of(loadBalancer));
    }

    private Map<String, Object> arnPart(final int index) {
        return Map.of("Fn::Select", List.of(index, Map.of("Fn::Split", List.of("/", Map.of("Fn::GetAtt",
                List.of(id(user, web.getService()), "ECSManagedResourceArns.IngressPath.LoadBalancerArn"))))));
    }

    /**
     * The ECS service's metrics, dimensions ClusterName and ServiceName of its ARN
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html: CPUUtilization
     * and MemoryUtilization in AWS/ECS).
     */
    @Test
    void serviceMetrics() {
        final List<Object> dimensions = List.of(
                Map.of("Name", "ClusterName", "Value", serviceArnPart(1)),
                Map.of("Name", "ServiceName", "Value", serviceArnPart(2)));
        assertAlarm("Cpu", "AWS/ECS", "CPUUtilization", "Average", 300, dimensions);
        assertAlarm("Memory", "AWS/ECS", "MemoryUtilization", "Average", 300, dimensions);
    }

    private Map<String, Object> serviceArnPart(final int index) {
        return Map.of("Fn::Select", List.of(index, Map.of("Fn::Split", List.of("/", Map.of("Fn::GetAtt",
                List.of(id(user, web.getService()), "ServiceArn"))))));
    }

    private void assertAlarm(final String alarmId, final String namespace, final String metricName,
                             final String statistic, final int period, final List<?> dimensions) {
        final String logicalId = id(user, user.getNode().findChild(alarmId));
        assertEquals(Map.of("Namespace", namespace, "MetricName", metricName, "Statistic", statistic, "Period", period,
                        "Dimensions", dimensions),
                Map.of("Namespace", prop(logicalId, "Namespace"), "MetricName", prop(logicalId, "MetricName"),
                        "Statistic", prop(logicalId, "Statistic"), "Period", prop(logicalId, "Period"),
                        "Dimensions", prop(logicalId, "Dimensions")));
    }

    @SuppressWarnings("unchecked")
    private Object prop(final String logicalId, final String name) {
        return ((Map<String, Object>) resource(userTemplate, logicalId).get("Properties")).get(name);
    }

    /**
     * Given roles: the service uses them and makes none; the task role gets the app's statements, an
     * imported execution role a policy of its own with the pulls, logs and secrets, and the service
     * waits for that policy; the infrastructure role is used as it is.
     */
    @Test
    @SuppressWarnings("unchecked")
    void givenRolesAreUsedAndGetTheLibrarysStatements() {
        final String service = id(user, withRoles.getService());
        userTemplate.hasResourceProperties(SERVICE, Match.objectLike(Map.of(
                "TaskRoleArn", Map.of("Fn::GetAtt", List.of(id(user, appRole), "Arn")),
                "ExecutionRoleArn", "arn:aws:iam::123456789012:role/execution",
                "InfrastructureRoleArn", "arn:aws:iam::123456789012:role/express-infrastructure")));
        for (final String made : List.of("TaskRole", "ExecutionRole", "InfrastructureRole")) {
            assertNull(withRoles.getNode().tryFindChild(made), made);
        }
        assertSame(appRole, withRoles.getGrantPrincipal());
        userTemplate.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Roles", List.of(Map.of("Ref", id(user, appRole))),
                "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of("Action", "s3:GetObject",
                        "Effect", "Allow", "Resource", "arn:aws:s3:::media/*")))))));
        // aws-cdk-lib names an imported role's policy Policy<unique id> (importedRoleStackSafeDefaultPolicyName)
        final software.constructs.IConstruct executionPolicy = importedExecution.getNode().getChildren().stream()
                .filter(software.amazon.awscdk.services.iam.Policy.class::isInstance).findFirst().orElseThrow();
        final Map<String, Object> policy = resource(userTemplate, id(user, executionPolicy));
        assertEquals(List.of("execution"), ((Map<String, Object>) policy.get("Properties")).get("Roles"));
        final String statements = String.valueOf(((Map<String, Object>) policy.get("Properties")).get("PolicyDocument"));
        assertTrue(statements.contains("ecr:BatchGetImage") && statements.contains("logs:PutLogEvents")
                && statements.contains("secretsmanager:GetSecretValue"), statements);
        assertTrue(String.valueOf(policy.get("Metadata")).contains("AwsSolutions-IAM5"), "the Resource * of the pull is explained");
        final List<String> dependsOn = (List<String>) resource(userTemplate, service).get("DependsOn");
        assertTrue(dependsOn.containsAll(List.of(id(user, executionPolicy),
                id(user, appRole.getNode().findChild("DefaultPolicy")))), String.valueOf(dependsOn));
    }
}
