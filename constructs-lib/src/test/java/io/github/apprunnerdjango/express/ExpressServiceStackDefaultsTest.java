package io.github.apprunnerdjango.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.apprunnerdjango.data.SecretFields;
import io.github.apprunnerdjango.service.ServiceEnvironment;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISubnet;

/** ExpressServiceStack with only what is required: what it creates and how each default is set. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressServiceStackDefaultsTest {
    static final String SERVICE = "AWS::ECS::ExpressGatewayService";

    private ExpressFixture fixture;
    private ExpressServiceStack stack;
    private Template template;

    @BeforeAll
    void synth() {
        fixture = new ExpressFixture();
        stack = fixture.service("Express", b -> b);
        template = Templates.synthesized(stack);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> serviceProps() {
        return (Map<String, Object>) template.findResources(SERVICE).values().iterator().next().get("Properties");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> container() {
        return (Map<String, Object>) serviceProps().get("PrimaryContainer");
    }

    /** One Express service, nothing of App Runner. */
    @Test
    void oneExpressServiceAndNoAppRunnerResource() {
        template.resourceCountIs(SERVICE, 1);
        final String json = template.toJSON().toString();
        assertTrue(!json.contains("AWS::AppRunner::"), "an App Runner resource in the Express stack");
    }

    /**
     * CPU, memory and the health check path are set explicitly: the CloudFormation reference (256,
     * 512, HTTP:80/ping), the API reference (256, 512, /ping) and the developer guide (1024, 2048) give
     * different defaults (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html).
     */
    @Test
    void cpuMemoryAndHealthCheckPathAreExplicit() {
        assertEquals("256", serviceProps().get("Cpu"));
        assertEquals("512", serviceProps().get("Memory"));
        assertEquals("/healthz", serviceProps().get("HealthCheckPath"));
        assertEquals(8080, container().get("ContainerPort"));
        template.hasResourceProperties(SERVICE, Map.of("ScalingTarget", Map.of(
                "MinTaskCount", 1, "MaxTaskCount", 3, "AutoScalingMetric", "AVERAGE_CPU", "AutoScalingTargetValue", 60)));
        assertTrue(!serviceProps().containsKey("Cluster"), "ECS's default cluster");
        assertTrue(!serviceProps().containsKey("ServiceName"), "a generated name: names stay reserved after deletion");
    }

    /** Every secret of the image's contract, each by JSON key of the database's secrets (ECS's valueFrom form). */
    @Test
    @SuppressWarnings("unchecked")
    void everyContractSecretIsAJsonKeyOfTheDatabasesSecrets() {
        final Map<String, String> keys = new TreeMap<>();
        for (final Object s : (List<Object>) container().get("Secrets")) {
            final Map<String, Object> secret = (Map<String, Object>) s;
            final List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) secret.get("ValueFrom"))
                    .get("Fn::Join")).get(1);
            keys.put((String) secret.get("Name"), String.valueOf(parts.get(1)));
        }
        final Map<String, String> expected = new TreeMap<>(Map.of(
                ServiceEnvironment.DB_USER, ":" + SecretFields.DB_USERNAME + "::",
                ServiceEnvironment.DB_PASSWORD, ":" + SecretFields.DB_PASSWORD + "::",
                ServiceEnvironment.DB_HOST, ":" + SecretFields.DB_HOST + "::",
                ServiceEnvironment.DB_PORT, ":" + SecretFields.DB_PORT + "::",
                ServiceEnvironment.DB_NAME, ":" + SecretFields.DB_NAME + "::",
                ServiceEnvironment.DJANGO_SUPERUSER_USERNAME, ":" + SecretFields.SUPERUSER_USERNAME + "::",
                ServiceEnvironment.DJANGO_SUPERUSER_PASSWORD, ":" + SecretFields.SUPERUSER_PASSWORD + "::",
                ServiceEnvironment.DJANGO_SUPERUSER_EMAIL, ":" + SecretFields.SUPERUSER_EMAIL + "::",
                ServiceEnvironment.DJANGO_SECRET_KEY, ":" + SecretFields.SECRET_KEY + "::",
                ServiceEnvironment.DJANGO_SECRET_KEY_FALLBACKS, ":" + SecretFields.SECRET_KEY_FALLBACKS + "::"));
        assertEquals(expected, keys);
    }

    /** The plain variables of the contract; Django accepts the Express endpoints' domain of the region. */
    @Test
    @SuppressWarnings("unchecked")
    void plainVariablesOfTheContract() {
        final Map<String, Object> vars = new TreeMap<>();
        for (final Object e : (List<Object>) container().get("Environment")) {
            vars.put((String) ((Map<String, Object>) e).get("Name"), ((Map<String, Object>) e).get("Value"));
        }
        assertEquals(Set.of(ServiceEnvironment.DJANGO_DOMAIN, ServiceEnvironment.DJANGO_ALLOWED_HOSTS,
                ServiceEnvironment.DJANGO_PORT, ServiceEnvironment.DJANGO_TRACING), vars.keySet());
        assertEquals("8080", vars.get(ServiceEnvironment.DJANGO_PORT));
        assertEquals("false", vars.get(ServiceEnvironment.DJANGO_TRACING));
        assertEquals("", vars.get(ServiceEnvironment.DJANGO_DOMAIN));
        assertEquals(Map.of("Fn::Join", List.of("", List.of(".ecs.", Map.of("Ref", "AWS::Region"), ".on.aws"))),
                vars.get(ServiceEnvironment.DJANGO_ALLOWED_HOSTS));
    }

    /**
     * A public service puts its load balancer and tasks in NetworkStack's public ingress subnets, one
     * per zone, every zone; the tasks join the database-client security group.
     */
    @Test
    @SuppressWarnings("unchecked")
    void publicByDefaultInTheIngressSubnetsWithTheClientGroup() {
        final Map<String, Object> network = (Map<String, Object>) serviceProps().get("NetworkConfiguration");
        final List<Object> subnets = (List<Object>) network.get("Subnets");
        final List<String> expected = new ArrayList<>();
        for (final ISubnet subnet : fixture.network.getVpc().selectSubnets(fixture.network.getIngressSubnets()).getSubnets()) {
            expected.add(Templates.logicalId(fixture.network, subnet));
        }
        assertEquals(2, subnets.size());
        for (int i = 0; i < 2; i++) {
            assertTrue(String.valueOf(subnets.get(i)).contains(expected.get(i)), subnets.get(i) + " vs " + expected);
        }
        assertEquals(List.of(Map.of("Ref", "SsmParameterValueapprunnerdjangoDatadatabaseclientsecuritygroupidC96584B6F00A464EAD1953AFF4B05118Parameter")),
                network.get("SecurityGroups"));
        assertTrue(!stack.isPrivate());
    }

    /** The infrastructure role: trusted by ECS, with the managed policy AWS documents for Express. */
    @Test
    void infrastructureRoleHasTheExpressManagedPolicy() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "ecs.amazonaws.com")))),
                "ManagedPolicyArns", List.of(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices"))))));
    }

    /** The execution role pulls from exactly the image's repository, writes exactly the log group, reads exactly the three secrets. */
    @Test
    @SuppressWarnings("unchecked")
    void executionRoleReadsExactlyTheServicesSecrets() {
        final String role = Templates.logicalId(stack, stack.getExecutionRole());
        final Capture statements = new Capture();
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", role)),
                "PolicyDocument", Map.of("Statement", statements)));
        final Set<String> actions = new TreeSet<>();
        Object secretResources = null;
        for (final Object s : statements.asArray()) {
            final Map<String, Object> statement = (Map<String, Object>) s;
            final Object action = statement.get("Action");
            final List<String> list = action instanceof List ? (List<String>) action : List.of((String) action);
            actions.addAll(list);
            if (list.contains("secretsmanager:GetSecretValue")) {
                secretResources = statement.get("Resource");
            }
        }
        assertEquals(new TreeSet<>(List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer", "ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents",
                "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue")), actions);
        assertNotNull(secretResources);
        assertEquals(3, ((List<Object>) secretResources).size(), String.valueOf(secretResources));
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"))))));
    }

    /** The service waits for its execution role's policy: ECS pulls and reads secrets while it creates the service. */
    @Test
    void serviceWaitsForTheExecutionRolesPolicy() {
        final String policy = Templates.logicalId(stack, (software.constructs.IConstruct)
                stack.getExecutionRole().getNode().findChild("DefaultPolicy"));
        template.hasResource(SERVICE, Map.of("DependsOn", Match.arrayWith(List.of(policy))));
    }

    /** The container logs to a log group of the stack, kept three months. */
    @Test
    void logsGoToTheStacksLogGroup() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
        template.hasResourceProperties(SERVICE, Map.of("PrimaryContainer", Match.objectLike(Map.of(
                "AwsLogsConfiguration", Map.of("LogGroup", Map.of("Ref", Templates.logicalId(stack, stack.getLogGroup())),
                        "LogStreamPrefix", "ecs")))));
    }

    /**
     * A secret change forces a new deployment: ECS resolves secrets when a task starts
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
     * ecs:UpdateService on exactly this service, cluster and name read from its ARN.
     */
    @Test
    void secretChangeForcesANewDeploymentOfExactlyThisService() {
        final Capture definition = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("DefinitionString", definition));
        final String json = String.valueOf(definition.asObject());
        assertTrue(json.contains("aws-sdk:ecs:updateService"), json);
        assertTrue(json.contains("\"ForceNewDeployment\":true"), json);
        assertTrue(json.contains("\"Retry\":[{\"ErrorEquals\":[\"Ecs.ServerException\",\"Ecs.ThrottlingException\"]"), json);
        // the forced deployment is followed to its end (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html)
        assertTrue(json.contains("aws-sdk:ecs:describeServices") && json.contains("Deployments[Id = $deploymentId].RolloutState")
                && json.contains("$deploymentStatus = 'COMPLETED'"), json);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Action", List.of("ecs:DescribeServices", "ecs:UpdateService"), "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of("Service", "ServiceArn"))))))));
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Match.objectLike(Map.of(
                "detail-type", List.of("Secret Label Updated")))));
        assertNotNull(stack.getRotationRedeployAlarm());
    }

    /**
     * A tag (here "latest") can move to another image without the service's configuration changing:
     * a push of it forces a new deployment, as App Runner's automatic deployments do, from ECR's
     * event (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html), once the
     * service exists.
     */
    @Test
    void aPushOfTheImageTagForcesANewDeployment() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.ecr"),
                "detail-type", List.of("ECR Image Action"),
                "detail", Map.of("action-type", List.of("PUSH"), "result", List.of("SUCCESS"),
                        "repository-name", List.of(ExpressFixture.REPOSITORY_NAME), "image-tag", List.of("latest")))));
        final String rule = Templates.logicalId(stack, (software.constructs.IConstruct)
                stack.getImagePushRule().getNode().getDefaultChild());
        template.hasResource("AWS::Events::Rule", Map.of("DependsOn", Match.arrayWith(List.of("Service"))));
        assertNotNull(rule);
    }

    /** No WAF, no domain, no X-Ray by default; the service ARN and endpoint are outputs. */
    @Test
    void noOptionByDefault() {
        template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
        template.resourceCountIs("AWS::CertificateManager::Certificate", 0);
        template.resourceCountIs("Custom::ExpressDomain", 0);
        template.hasOutput("ServiceArn", Map.of("Value", Map.of("Fn::GetAtt", List.of("Service", "ServiceArn"))));
        template.hasOutput("ServiceEndpoint", Map.of("Value", Map.of("Fn::GetAtt", List.of("Service", "Endpoint"))));
    }
}
