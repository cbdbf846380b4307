package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.apprunnerdjango.testing.NagFindings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code -c scheduledCommands=true} adds the nightly {@code clearsessions} (EventBridge Scheduler,
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html) and the one-off run-task
 * line to each service stack, on App Runner, Express and both, environment-agnostic and specific, with
 * and without monitoring (whose alarms then include the commands'); the app synthesizes (CloudFormation
 * validation of cdk.json's rules) and cdk-nag's AwsSolutions pack reports nothing. Without the flag
 * the templates are those of SnapshotTest.
 */
class DemoCommandsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "express", "both", "apprunner-env", "express-env", "both-monitoring"})
    void scheduledCommandsSynthesizeAndPassCdkNag(final String name) {
        final String compute = name.replaceAll("-.*", "");
        final boolean monitoring = name.endsWith("-monitoring");
        final Map<String, Object> context = new java.util.TreeMap<>(Map.of("compute", compute, "scheduledCommands", "true",
                "monitoring", Boolean.toString(monitoring)));
        if (compute.equals("both")) {
            context.putAll(AppMatrix.migrationContext(25));
        }
        final App app = TestApps.app(context, false);
        final Environment env = name.endsWith("-env")
                ? Environment.builder().account("123456789012").region("eu-west-1").build() : null;
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), env);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();

        final List<Stack> serviceStacks = new ArrayList<>();
        if (demo.service() != null) {
            serviceStacks.add(demo.service());
        }
        if (demo.express() != null) {
            serviceStacks.add(demo.express());
        }
        assertEquals(compute.equals("both") ? 2 : 1, serviceStacks.size());
        for (final Stack stack : serviceStacks) {
            final Template template = Template.fromStack(stack);
            template.resourceCountIs("AWS::Scheduler::Schedule", 1);
            final Map<String, Object> network = Map.of("AwsvpcConfiguration", Map.of("AssignPublicIp",
                    stack == demo.express() ? "ENABLED" : "DISABLED"));
            final Map<String, Object> target = Map.of(
                    "Input", "{\"containerOverrides\":[{\"name\":\"django\",\"command\":"
                            + "[\"python3\",\"manage.py\",\"clearsessions\"]}]}",
                    "EcsParameters", Map.of("LaunchType", "FARGATE", "NetworkConfiguration", network));
            template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                    "ScheduleExpression", "cron(0 3 * * ? *)", "Target", target));
            template.resourceCountIs("AWS::ECS::TaskDefinition", 1);
            // the demo builds and pushes its image: the task definition (and so every schedule) waits for it
            template.hasResource("AWS::ECS::TaskDefinition", Map.of("DependsOn",
                    Match.arrayWith(List.of(Match.stringLikeRegexp("ImagePushDeploymentPush.*")))));
            assertTrue(template.toJSON().get("Outputs").toString().contains("aws ecs run-task"), stack.getStackName());
            template.resourceCountIs("AWS::CloudWatch::Alarm", monitoring ? 9 : 1);
        }
        // App Runner's command tasks run in the isolated subnets: the network gets ECR's, the logs' and S3's endpoints
        Template.fromStack(demo.network()).resourceCountIs("AWS::EC2::VPCEndpoint",
                compute.equals("express") ? 1 : 5);

        final List<Stack> stacks = new ArrayList<>(List.of(demo.network(), demo.data()));
        stacks.addAll(serviceStacks);
        NagFindings.assertNone(name, stacks);
    }

    /**
     * With {@code media=true} too, a command stores and reads uploads as the app does: the task gets the
     * bucket's variables (through the service's container) and its own role the app's object access.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "express"})
    void commandsUseTheMediaBucket(final String compute) {
        final App app = TestApps.app(Map.of("compute", compute, "scheduledCommands", "true", "media", "true"), false);
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), null);
        final Stack stack = compute.equals("express") ? demo.express() : demo.service();
        final Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(
                Map.of("Environment", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "DJANGO_MEDIA_BUCKET")),
                        Match.objectLike(Map.of("Name", "DJANGO_MEDIA_REGION")))))))));
        final String taskRole = template.findResources("AWS::IAM::Role", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("Description", Match.stringLikeRegexp("The management commands.*")))))).keySet()
                .iterator().next();
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", taskRole)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", Match.arrayWith(List.of("s3:GetObject", "s3:PutObject")))))))));
    }

    /** Off by default: no schedule, no command task. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "express"})
    void offByDefault(final String compute) {
        final App app = TestApps.app(Map.of("compute", compute), false);
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), null);
        final Template template = Template.fromStack(compute.equals("express") ? demo.express() : demo.service());
        template.resourceCountIs("AWS::Scheduler::Schedule", 0);
        template.resourceCountIs("AWS::ECS::TaskDefinition", 0);
    }
}
