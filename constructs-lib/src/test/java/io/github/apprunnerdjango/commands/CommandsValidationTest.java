package io.github.apprunnerdjango.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.Egress;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceSecret;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ecr.Repository;

/**
 * Schedules, names, commands, sizes and networks that cannot work are refused at synthesis, every
 * failure in one error naming the prop. Schedule expressions follow EventBridge Scheduler's documented
 * syntax (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html); Fargate's sizes
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size;
 * the retry policy's bounds https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html;
 * tasks without a route out need ECR's, CloudWatch Logs', Secrets Manager's endpoints and S3's gateway
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html), ECS Exec ssmmessages
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
 */
class CommandsValidationTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cron(0 3 * * ? *)", "cron(15 10 ? * MON-FRI *)", "cron(0/15 * * * ? *)",
            "cron(0 8 1 * ? 2027)", "cron(0 18 ? * 6L *)", "cron(0 10 ? * 2#3 *)", "cron(0 0 L * ? *)",
            "cron(30 2 ? JAN,JUL SUN *)", "rate(1 minute)", "rate(5 minutes)", "rate(1 day)", "rate(12 hours)"})
    void documentedExpressionsAreAccepted(final String expression) {
        assertNull(CommandsValidation.scheduleFailure(expression));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cron(0 3 * * * *)", "cron(0 3 ? * ? *)", "cron(0 3 * * ?)", "cron(60 3 * * ? *)",
            "cron(0 24 * * ? *)", "cron(0 3 32 * ? *)", "cron(0 3 * 13 ? *)", "cron(0 3 ? * FUNDAY *)",
            "cron(0 3 * * ? 1969)", "rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(1 week)",
            "at(2027-01-01T00:00:00)", "0 3 * * *", "@daily", "cron(0 3 * * ? *) ", "rate(-1 days)", "cron(0 3 15X * ? *)", "cron(0 3 ? * JUN *)"})
    void undocumentedExpressionsAreRefused(final String expression) {
        assertNotNull(CommandsValidation.scheduleFailure(expression), expression);
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().fargateEndpoints(true).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjangoCommands(
                service, "Commands", DjangoCommandsProps.builder().service(service.getDjangoService())
                        .schedules(List.of(CommandsFixture.CLEARSESSIONS, ScheduledCommand.builder().name("bad")
                                .command(List.of("python3", "manage.py", "x")).schedule(expression).build()))
                        .build()));
        assertTrue(e.getMessage().contains("schedules[1].schedule: got \"" + expression + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("schedule-types.html"), e.getMessage());
        assertEquals(1, e.getMessage().split("\n  - ").length - 1, e.getMessage());
    }

    /** Every bad value is reported in one error, each naming its prop. */
    @Test
    void everyFailureIsGatheredInOneError() {
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().fargateEndpoints(true).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjangoCommands(
                service, "Commands", DjangoCommandsProps.builder().service(service.getDjangoService())
                        .cpu(300).memory(512).retryAttempts(186).maxEventAge(Duration.seconds(30))
                        .schedules(Arrays.asList(
                                ScheduledCommand.builder().name("1st").command(List.of()).schedule("rate(1 day)")
                                        .timeZone("Mars/Olympus").build(),
                                ScheduledCommand.builder().name("dup").command(Arrays.asList("python3", null))
                                        .schedule("rate(1 day)").build(),
                                ScheduledCommand.builder().name("dup").command(List.of(" ", "x")).build(),
                                null))
                        .build()));
        final String m = e.getMessage();
        for (final String prop : List.of("cpu: got 300", "retryAttempts: got 186", "maxEventAge: got \"30 seconds\"",
                "schedules[0].name: got \"1st\"", "schedules[0].command: got []", "schedules[0].timeZone: got \"Mars/Olympus\"",
                "schedules[1].command", "schedules[2].command", "schedules[2].schedule: got null",
                "schedules[2].name: got \"dup\"", "schedules[3]: got null")) {
            assertTrue(m.contains(prop), prop + " missing from:\n" + m);
        }
        assertTrue(m.startsWith("Invalid DjangoCommands props:"), m);
    }

    @Test
    void memoryMustFitTheCpu() {
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().fargateEndpoints(true).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjangoCommands(
                service, "Commands", DjangoCommandsProps.builder().service(service.getDjangoService()).cpu(1024).build()));
        assertTrue(e.getMessage().contains("memory: got 512; allowed with cpu 1024: 2048 to 8192 in steps of 1024"), e.getMessage());
    }

    /** Isolated subnets without NAT: the tasks need the endpoints; the error names what is missing. */
    @Test
    void isolatedSubnetsWithoutEndpointsAreRefused() {
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjangoCommands(
                service, "Commands", DjangoCommandsProps.builder().service(service.getDjangoService()).build()));
        assertTrue(e.getMessage().contains("service: got the service's subnets (2, of VPC Network/Default/Vpc)"), e.getMessage());
        assertTrue(e.getMessage().contains("missing [S3 gateway, ecr.api, ecr.dkr, logs]"), e.getMessage());
        assertTrue(e.getMessage().contains("fargateEndpoints(true)"), e.getMessage());
    }

    @Test
    void execInIsolatedSubnetsNeedsTheSsmMessagesEndpoint() {
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().fargateEndpoints(true).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjangoCommands(
                service, "Commands", DjangoCommandsProps.builder().service(service.getDjangoService())
                        .executeCommand(true).build()));
        assertTrue(e.getMessage().contains("executeCommand: got true; ECS Exec in isolated subnets without NAT needs an"
                + " ssmmessages interface endpoint"), e.getMessage());
        final App withEndpoint = TestApps.app();
        final ServiceStack ok = appRunner(withEndpoint, NetworkStackProps.builder().fargateEndpoints(true)
                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SSM_MESSAGES)).build());
        assertNotNull(new DjangoCommands(ok, "Commands", DjangoCommandsProps.builder().service(ok.getDjangoService())
                .executeCommand(true).build()));
    }

    /** A secret from an SSM parameter is read from Systems Manager: isolated tasks need its endpoint. */
    @Test
    void ssmParameterSecretsInIsolatedSubnetsNeedTheSsmEndpoint() {
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().fargateEndpoints(true).build());
        service.getDjangoService().addSecret("API_TOKEN", ServiceSecret.fromSsmParameter(StringParameter
                .fromSecureStringParameterAttributes(service, "Token", SecureStringParameterAttributes.builder()
                        .parameterName("/app/token").build())));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjangoCommands(
                service, "Commands", DjangoCommandsProps.builder().service(service.getDjangoService()).build()));
        assertTrue(e.getMessage().contains("the secrets [API_TOKEN] are SSM parameters"), e.getMessage());
    }

    /** Private subnets with a NAT route need no endpoint. */
    @Test
    void natEgressNeedsNoEndpoint() {
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().egress(Egress.natGateway()).build());
        assertNotNull(new DjangoCommands(service, "Commands", DjangoCommandsProps.builder()
                .service(service.getDjangoService()).executeCommand(true).build()));
    }

    @Test
    void addScheduleChecksItsCommandAndName() {
        final App app = TestApps.app();
        final ServiceStack service = appRunner(app, NetworkStackProps.builder().fargateEndpoints(true).build());
        final DjangoCommands commands = new DjangoCommands(service, "Commands", DjangoCommandsProps.builder()
                .service(service.getDjangoService()).schedules(List.of(CommandsFixture.CLEARSESSIONS)).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> commands.addSchedule(CommandsFixture.CLEARSESSIONS));
        assertTrue(e.getMessage().contains("name: got \"clearsessions\"; a name used once among the schedules"), e.getMessage());
    }

    static ServiceStack appRunner(final App app, final NetworkStackProps networkProps) {
        final NetworkStack network = new NetworkStack(app, "Network", networkProps);
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .build());
        return new ServiceStack(app, "AppRunner", ServiceStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getServiceSubnets())
                .database(data)
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo", "kawashima/django"), "latest"))
                .build());
    }
}
