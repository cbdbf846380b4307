package io.github.apprunnerdjango.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.monitoring.DjangoMonitoring;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The commands of an App Runner service (tasks in the isolated subnets, no public IP) and of a public
 * Express service (tasks in its public subnets with a public IP), environment-agnostic and
 * environment-specific: the schedule runs this task definition in the service's network with the
 * scheduler's role, the container gets exactly the service's variables and secrets (those added later
 * included), the roles hold only what they need, failures reach the monitoring's topic, and the
 * one-off line is exact.
 * EventBridge Scheduler's ECS target and its input as RunTask's overrides:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/tasks-scheduled.html and
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_EcsParameters.html; its execution role
 * (ecs:RunTask, iam:PassRole of the task's roles, sqs:SendMessage to the dead-letter queue):
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role;
 * its metrics (AWS/Scheduler by ScheduleGroup): https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html;
 * task state change events: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html;
 * EventBridge's rule metrics (AWS/Events TriggeredRules by RuleName):
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html;
 * run-task: https://docs.aws.amazon.com/cli/latest/reference/ecs/run-task.html.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjangoCommandsTest {
    private final Map<String, Case> cases = new LinkedHashMap<>();

    private record Case(DjangoCommands commands, DjangoMonitoring monitoring, Stack stack, Map<String, Object> resources,
                        boolean express) {
        @SuppressWarnings("unchecked")
        Map<String, Object> props(final IConstruct construct) {
            final Map<String, Object> resource = (Map<String, Object>) resources.get(Templates.logicalId(stack, construct));
            return (Map<String, Object>) resource.get("Properties");
        }

        Object ref(final IConstruct construct) {
            return Map.of("Ref", Templates.logicalId(stack, construct));
        }

        Object arn(final IConstruct construct) {
            return Map.of("Fn::GetAtt", List.of(Templates.logicalId(stack, construct), "Arn"));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> container() {
            return ((List<Map<String, Object>>) props(commands.getTaskDefinition()).get("ContainerDefinitions")).get(0);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> schedule() {
            return (Map<String, Object>) props(commands.getSchedules().get("clearsessions")).get("Target");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements(final IConstruct role) {
            final IConstruct policy = role.getNode().findChild("DefaultPolicy");
            return (List<Map<String, Object>>) ((Map<String, Object>) props(policy).get("PolicyDocument")).get("Statement");
        }
    }

    @BeforeAll
    void synthesize() {
        final CommandsFixture agnostic = new CommandsFixture(null, b -> b);
        final CommandsFixture specific = new CommandsFixture(CommandsFixture.env(), b -> b);
        for (final CommandsFixture f : List.of(agnostic, specific)) {
            final String suffix = f == agnostic ? "" : "-env";
            cases.put("apprunner" + suffix, toCase(f.appRunnerCommands, f.appRunnerMonitoring, false));
            cases.put("express" + suffix, toCase(f.expressCommands, f.expressMonitoring, true));
        }
    }

    @SuppressWarnings("unchecked")
    private static Case toCase(final DjangoCommands commands, final DjangoMonitoring monitoring, final boolean express) {
        final Stack stack = Stack.of(commands);
        final Template template = Templates.synthesized(stack);
        return new Case(commands, monitoring, stack, (Map<String, Object>) template.toJSON().get("Resources"), express);
    }

    /** The service's rendered variables and secrets, by name: App Runner's image configuration, Express's primary container. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> serviceContract(final Case c, final boolean secrets) {
        final Map<String, Object> out = new TreeMap<>();
        final List<Map<String, Object>> pairs;
        if (c.express) {
            final Map<String, Object> primary = (Map<String, Object>) c.props(((io.github.apprunnerdjango.express.ExpressDjangoService)
                    c.commands.getService()).getService()).get("PrimaryContainer");
            pairs = (List<Map<String, Object>>) primary.get(secrets ? "Secrets" : "Environment");
            pairs.forEach(p -> out.put(p.get("Name").toString(), p.get(secrets ? "ValueFrom" : "Value")));
        } else {
            final Map<String, Object> service = c.props(((io.github.apprunnerdjango.service.AppRunnerDjangoService)
                    c.commands.getService()).getService());
            final Map<String, Object> image = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    service.get("SourceConfiguration")).get("ImageRepository")).get("ImageConfiguration");
            pairs = (List<Map<String, Object>>) image.get(secrets ? "RuntimeEnvironmentSecrets" : "RuntimeEnvironmentVariables");
            pairs.forEach(p -> out.put(p.get("Name").toString(), p.get("Value")));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object serviceImage(final Case c) {
        if (c.express) {
            return ((Map<String, Object>) c.props(((io.github.apprunnerdjango.express.ExpressDjangoService)
                    c.commands.getService()).getService()).get("PrimaryContainer")).get("Image");
        }
        final Map<String, Object> service = c.props(((io.github.apprunnerdjango.service.AppRunnerDjangoService)
                c.commands.getService()).getService());
        return ((Map<String, Object>) ((Map<String, Object>) service.get("SourceConfiguration")).get("ImageRepository"))
                .get("ImageIdentifier");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> taskContract(final Case c, final boolean secrets) {
        final Map<String, Object> out = new TreeMap<>();
        ((List<Map<String, Object>>) c.container().get(secrets ? "Secrets" : "Environment"))
                .forEach(p -> out.put(p.get("Name").toString(), p.get(secrets ? "ValueFrom" : "Value")));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    void theTaskGetsExactlyTheServicesVariablesAndSecrets(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> variables = serviceContract(c, false);
        final Map<String, Object> secrets = serviceContract(c, true);
        assertEquals(variables, taskContract(c, false));
        assertEquals(secrets, taskContract(c, true));
        // the library's contract, the app's own, and those added after the commands were built
        assertTrue(variables.keySet().containsAll(List.of("DJANGO_DOMAIN", "DJANGO_PORT", "APP_FLAG", "LATE_FLAG")), variables.toString());
        assertTrue(secrets.keySet().containsAll(List.of("DB_PASSWORD", "DJANGO_SECRET_KEY", "LATE_SECRET")), secrets.toString());
        assertEquals(CommandsFixture.LATE_SECRET_ARN, secrets.get("LATE_SECRET"));
        assertEquals(DjangoCommands.CONTAINER_NAME, c.container().get("Name"));
        // the same image: App Runner's image identifier, Express's primary container image
        assertEquals(serviceImage(c), c.container().get("Image"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void theScheduleRunsThisTaskInTheServicesNetwork(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> target = c.schedule();
        assertEquals(c.arn(c.commands.getCluster()), target.get("Arn"));
        assertEquals(c.arn(c.commands.getSchedulerRole()), target.get("RoleArn"));
        final Map<String, Object> ecs = (Map<String, Object>) target.get("EcsParameters");
        assertEquals(c.ref(c.commands.getTaskDefinition()), ecs.get("TaskDefinitionArn"));
        assertEquals("FARGATE", ecs.get("LaunchType"));
        final Map<String, Object> network = (Map<String, Object>) ((Map<String, Object>) ecs.get("NetworkConfiguration"))
                .get("AwsvpcConfiguration");
        final Object serviceSubnets;
        if (c.express) {
            serviceSubnets = ((Map<String, Object>) c.props(((io.github.apprunnerdjango.express.ExpressDjangoService)
                    c.commands.getService()).getService()).get("NetworkConfiguration")).get("Subnets");
        } else {
            serviceSubnets = c.props(((io.github.apprunnerdjango.service.AppRunnerDjangoService) c.commands.getService())
                    .getVpcConnector()).get("Subnets");
        }
        assertEquals(serviceSubnets, network.get("Subnets"));
        assertEquals(2, ((List<Object>) network.get("Subnets")).size());
        // public Express tasks reach ECR, the logs and the secrets through a public IP; App Runner's isolated ones through endpoints
        assertEquals(c.express ? "ENABLED" : "DISABLED", network.get("AssignPublicIp"));
        final Object clientGroup = c.stack.resolve(c.commands.getService().getDatabase().getDatabaseClientSecurityGroup()
                .getSecurityGroupId());
        assertEquals(List.of(clientGroup), network.get("SecurityGroups"));
        assertEquals(Map.of("MaximumEventAgeInSeconds", 3600, "MaximumRetryAttempts", 2), target.get("RetryPolicy"));
        assertEquals(Map.of("Arn", c.arn(c.commands.getDeadLetterQueue())), target.get("DeadLetterConfig"));
        assertEquals("{\"containerOverrides\":[{\"name\":\"django\",\"command\":[\"python3\",\"manage.py\",\"clearsessions\"]}]}",
                target.get("Input"));
        final Map<String, Object> schedule = c.props(c.commands.getSchedules().get("clearsessions"));
        assertEquals("cron(0 3 * * ? *)", schedule.get("ScheduleExpression"));
        assertEquals("Europe/Paris", schedule.get("ScheduleExpressionTimezone"));
        assertEquals(c.stack.resolve(c.commands.getScheduleGroup().getScheduleGroupName()), schedule.get("GroupName"));
    }

    /** The scheduler's role may run this task definition only, pass only its two roles, and write to the dead-letter queue. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void theSchedulerRoleRunsOnlyThisTaskDefinition(final String name) {
        final Case c = cases.get(name);
        final List<Map<String, Object>> statements = c.statements(c.commands.getSchedulerRole());
        assertEquals(3, statements.size(), statements.toString());
        final Map<String, Object> pass = statements.get(0);
        assertEquals("iam:PassRole", pass.get("Action"));
        assertEquals(List.of(c.arn(c.commands.getExecutionRole()), c.arn(c.commands.getTaskRole())), pass.get("Resource"));
        assertEquals(Map.of("StringLike", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")), pass.get("Condition"));
        assertEquals(Map.of("Action", "ecs:RunTask", "Effect", "Allow", "Resource", c.ref(c.commands.getTaskDefinition())),
                statements.get(1));
        assertEquals(Map.of("Action", "sqs:SendMessage", "Effect", "Allow", "Resource", c.arn(c.commands.getDeadLetterQueue())),
                statements.get(2));
        final Map<String, Object> trust = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) c.props(
                c.commands.getSchedulerRole()).get("AssumeRolePolicyDocument")).get("Statement")).get(0);
        assertEquals(Map.of("Service", "scheduler.amazonaws.com"), trust.get("Principal"));
        assertEquals(Map.of("StringEquals", Map.of("aws:SourceAccount", c.stack.resolve(c.stack.getAccount()))),
                trust.get("Condition"));
    }

    /** The execution role: the logs of this log group, pulls of the service's repository, the service's secrets; the task role nothing. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void theExecutionRoleIsMinimalAndTheTaskRoleEmpty(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> byAction = new TreeMap<>();
        for (final Map<String, Object> s : c.statements(c.commands.getExecutionRole())) {
            byAction.put(String.valueOf(s.get("Action")), s.get("Resource"));
        }
        assertEquals(c.arn(c.commands.getLogGroup()), byAction.get("[logs:CreateLogStream, logs:PutLogEvents]"));
        assertEquals(c.stack.resolve(c.commands.getService().getContainer().getImage().getRepository().getRepositoryArn()),
                byAction.get("[ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]"));
        assertEquals("*", byAction.get("ecr:GetAuthorizationToken"));
        final List<Object> secrets = (List<Object>) byAction.get("[secretsmanager:DescribeSecret, secretsmanager:GetSecretValue]");
        assertEquals(4, secrets.size(), "the three secrets of the contract and the late one: " + secrets);
        assertTrue(secrets.contains(CommandsFixture.LATE_SECRET_ARN), secrets.toString());
        assertEquals(4, byAction.size(), byAction.toString());
        assertTrue(c.commands.getTaskRole().getNode().tryFindChild("DefaultPolicy") == null, "no permission without executeCommand");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void aFailedTaskOfThisFamilyMatchesTheRule(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> rule = c.props(c.commands.getFailedTaskRule());
        final Map<String, Object> pattern = (Map<String, Object>) rule.get("EventPattern");
        assertEquals(List.of("aws.ecs"), pattern.get("source"));
        assertEquals(List.of("ECS Task State Change"), pattern.get("detail-type"));
        final Map<String, Object> detail = (Map<String, Object>) pattern.get("detail");
        assertEquals(List.of("STOPPED"), detail.get("lastStatus"));
        assertEquals(List.of(c.arn(c.commands.getCluster())), detail.get("clusterArn"));
        final String prefix = CfnText.of(((Map<String, Object>) ((List<Object>) detail.get("taskDefinitionArn")).get(0)).get("prefix"));
        assertTrue(prefix.endsWith(":task-definition/" + c.commands.getTaskDefinition().getFamily() + ":"), prefix);
        assertEquals(List.of(Map.of("containers", Map.of("exitCode", List.of(Map.of("anything-but", List.of(0)))),
                        "stopCode", List.of(Map.of("anything-but", List.of("UserInitiated")))),
                Map.of("stopCode", List.of("TaskFailedToStart"))), detail.get("$or"));
        assertEquals(c.arn(c.commands.getFailedTasksQueue()),
                ((Map<String, Object>) ((List<Object>) rule.get("Targets")).get(0)).get("Arn"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void failuresRaiseAlarmsToTheTopic(final String name) {
        final Case c = cases.get(name);
        final Object topic = Map.of("Ref", Templates.logicalId(c.stack, c.monitoring.getNode().findChild("Topic")));
        final Map<String, Object> failed = c.props(c.monitoring.getNode().findChild("CommandFailed"));
        assertEquals("AWS/Events", failed.get("Namespace"));
        assertEquals("TriggeredRules", failed.get("MetricName"));
        assertEquals("Sum", failed.get("Statistic"));
        assertEquals(List.of(Map.of("Name", "RuleName", "Value", c.ref(c.commands.getFailedTaskRule()))), failed.get("Dimensions"));
        assertEquals(1.0, ((Number) failed.get("Threshold")).doubleValue());
        assertEquals("GreaterThanOrEqualToThreshold", failed.get("ComparisonOperator"));
        assertEquals("notBreaching", failed.get("TreatMissingData"));
        assertEquals(List.of(topic), failed.get("AlarmActions"));

        final Map<String, Object> schedule = c.props(c.monitoring.getNode().findChild("ScheduleFailed"));
        assertEquals(List.of(topic), schedule.get("AlarmActions"));
        final List<String> metrics = new java.util.ArrayList<>();
        for (final Map<String, Object> query : (List<Map<String, Object>>) schedule.get("Metrics")) {
            final Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
            if (stat == null) {
                assertEquals("FILL(sent, 0) + FILL(unsent, 0) + FILL(dropped, 0)", query.get("Expression"));
                continue;
            }
            final Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
            metrics.add(metric.get("Namespace") + " " + metric.get("MetricName") + " " + stat.get("Stat"));
            assertEquals(List.of(Map.of("Name", "ScheduleGroup", "Value", c.stack.resolve(
                    c.commands.getScheduleGroup().getScheduleGroupName()))), metric.get("Dimensions"));
        }
        assertEquals(List.of("AWS/Scheduler InvocationDroppedCount Sum",
                "AWS/Scheduler InvocationsSentToDeadLetterCount Sum",
                "AWS/Scheduler InvocationsFailedToBeSentToDeadLetterCount Sum"), metrics);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void theOneOffLineIsExact(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> outputs = (Map<String, Object>) Templates.synthesized(c.stack).toJSON().get("Outputs");
        final String id = c.stack.getLogicalId((software.amazon.awscdk.CfnElement) c.commands.getNode().findChild("RunTaskCommand"));
        final String line = CfnText.of(((Map<String, Object>) outputs.get(id)).get("Value"));
        final List<Object> subnets = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                c.schedule().get("EcsParameters")).get("NetworkConfiguration")).get("AwsvpcConfiguration")).get("Subnets");
        final String region = CfnText.of(c.stack.resolve(c.stack.getRegion()));
        assertEquals("aws ecs run-task --region " + region + " --cluster ${" + Templates.logicalId(c.stack, c.commands.getCluster())
                + "} --task-definition " + c.commands.getTaskDefinition().getFamily()
                + " --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=["
                + CfnText.of(subnets.get(0)) + "," + CfnText.of(subnets.get(1)) + "],securityGroups=["
                + CfnText.of(c.stack.resolve(c.commands.getService().getDatabase().getDatabaseClientSecurityGroup().getSecurityGroupId()))
                + "],assignPublicIp=" + (c.express ? "ENABLED" : "DISABLED") + "}'"
                + " --overrides '{\"containerOverrides\":[{\"name\":\"django\",\"command\":[\"python3\",\"manage.py\",\"showmigrations\"]}]}'",
                line);
        assertFalse(outputs.keySet().stream().anyMatch(k -> k.contains("Exec")), "ECS Exec is off by default");
    }
}
