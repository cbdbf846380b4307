package io.github.apprunnerdjango.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.express.ExpressServiceStackProps;
import io.github.apprunnerdjango.monitoring.DjangoMonitoring;
import io.github.apprunnerdjango.monitoring.DjangoMonitoringProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.testing.Templates;
import io.github.apprunnerdjango.testing.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.apprunnerdjango.testing.NagFindings;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ecr.Repository;

/**
 * ECS Exec (opt-in), commands without schedules, a private Express service, and cdk-nag's AwsSolutions
 * pack over stacks holding commands. ECS Exec's task role permissions:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-iam-permissions;
 * execute-command: https://docs.aws.amazon.com/cli/latest/reference/ecs/execute-command.html.
 */
class CommandsOptionsTest {
    @Test
    @SuppressWarnings("unchecked")
    void executeCommandGrantsTheChannelsAndPrintsTheShellLines() {
        final CommandsFixture f = new CommandsFixture(CommandsFixture.env(), b -> b.executeCommand(true),
                n -> n.interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SSM_MESSAGES)));
        final DjangoCommands c = f.expressCommands;
        final Stack stack = f.express;
        final Template template = Templates.synthesized(stack);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Templates.logicalId(stack, c.getTaskRole()))),
                "PolicyDocument", Map.of("Statement", List.of(Map.of("Action", DjangoCommands.EXEC_ACTIONS,
                        "Effect", "Allow", "Resource", "*")))));
        final Map<String, Object> outputs = (Map<String, Object>) template.toJSON().get("Outputs");
        final String cluster = "${" + Templates.logicalId(stack, c.getCluster()) + "}";
        final String exec = CfnText.of(((Map<String, Object>) outputs.get(stack.getLogicalId(
                (CfnElement) c.getNode().findChild("ExecTaskCommand")))).get("Value"));
        assertTrue(exec.startsWith("aws ecs run-task --region eu-west-1 --cluster " + cluster + " --task-definition "
                + c.getTaskDefinition().getFamily() + " --launch-type FARGATE"), exec);
        assertTrue(exec.endsWith("assignPublicIp=ENABLED}' --enable-execute-command --overrides"
                + " '{\"containerOverrides\":[{\"name\":\"django\",\"command\":[\"sleep\",\"3600\"]}]}'"), exec);
        final String shell = CfnText.of(((Map<String, Object>) outputs.get(stack.getLogicalId(
                (CfnElement) c.getNode().findChild("ExecShellCommand")))).get("Value"));
        assertEquals("aws ecs execute-command --region eu-west-1 --cluster " + cluster + " --task TASK_ID --container django"
                + " --interactive --command \"python3 manage.py shell\"", shell);
    }

    /** Without schedules: no group, queue or scheduler role, and only the failed-task alarm. */
    @Test
    void withoutSchedulesNothingIsScheduled() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .publicIngress(true).build());
        final ExpressServiceStack express = express(app, network, false);
        final DjangoCommands c = new DjangoCommands(express, "Commands", DjangoCommandsProps.builder()
                .service(express.getDjangoService()).build());
        final DjangoMonitoring m = new DjangoMonitoring(express, "Monitoring", DjangoMonitoringProps.builder()
                .service(express.getDjangoService()).commands(List.of(c)).build());
        assertNull(c.getScheduleGroup());
        assertNull(c.metricScheduleFailures(null));
        final Template template = Templates.synthesized(express);
        template.resourceCountIs("AWS::Scheduler::Schedule", 0);
        template.resourceCountIs("AWS::Scheduler::ScheduleGroup", 0);
        template.resourceCountIs("AWS::SQS::Queue", 1);
        assertTrue(m.getAlarms().stream().anyMatch(a -> a.getNode().getId().equals("CommandFailed")));
        assertTrue(m.getAlarms().stream().noneMatch(a -> a.getNode().getId().equals("ScheduleFailed")));
        // a later schedule creates them
        c.addSchedule(CommandsFixture.CLEARSESSIONS);
        assertEquals(List.of("clearsessions"), List.copyOf(c.getSchedules().keySet()));
    }

    /** A private Express service's tasks run in its private subnets, without a public IP. */
    @Test
    @SuppressWarnings("unchecked")
    void privateExpressTasksGetNoPublicIp() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .fargateEndpoints(true).build());
        final ExpressServiceStack express = express(app, network, true);
        final DjangoCommands c = new DjangoCommands(express, "Commands", DjangoCommandsProps.builder()
                .service(express.getDjangoService()).schedules(List.of(CommandsFixture.CLEARSESSIONS)).build());
        final Map<String, Object> target = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                Templates.synthesized(express).toJSON().get("Resources")).get(Templates.logicalId(express,
                c.getSchedules().get("clearsessions")))).get("Properties");
        final String json = target.toString();
        assertTrue(json.contains("AssignPublicIp=DISABLED"), json);
        assertTrue(json.contains("Isolated"), "the isolated subnets: " + json);
    }

    /** cdk-nag's AwsSolutions pack reports nothing on stacks holding commands (ECS Exec on, schedules). */
    @Test
    void cdkNagAwsSolutionsReportsNothing() {
        final CommandsFixture f = new CommandsFixture(CommandsFixture.env(), b -> b.executeCommand(true),
                n -> n.interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SSM_MESSAGES)));
        Aspects.of(f.app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        for (final Stack stack : List.of(f.appRunner, f.express)) {
            NagFindings.assertNone(stack.getStackName(), List.of(stack));
        }
    }

    private static ExpressServiceStack express(final App app, final NetworkStack network, final boolean isPrivate) {
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .build());
        return new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder()
                .vpc(network.getVpc())
                .database(data)
                .privateEndpoint(isPrivate ? true : null)
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo", "kawashima/django"), "latest"))
                .build());
    }
}
