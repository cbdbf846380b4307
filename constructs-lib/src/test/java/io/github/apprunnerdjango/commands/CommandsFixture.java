package io.github.apprunnerdjango.commands;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.monitoring.DjangoMonitoring;
import io.github.apprunnerdjango.monitoring.DjangoMonitoringProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.IDjangoService;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.testing.TwoServiceApp;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.services.secretsmanager.Secret;
import io.github.apprunnerdjango.service.ServiceSecret;
import software.constructs.Construct;

/**
 * One app with a network (public ingress subnets, no NAT, the Fargate endpoints), a DataStack, an App
 * Runner ServiceStack (tasks in the isolated subnets) and a public Express stack (tasks in the public
 * subnets), each service stack holding a DjangoCommands with the nightly clearsessions and a
 * DjangoMonitoring of it.
 */
final class CommandsFixture {
    static final ScheduledCommand CLEARSESSIONS = ScheduledCommand.builder()
            .name("clearsessions")
            .command(List.of("python3", "manage.py", "clearsessions"))
            .schedule("cron(0 3 * * ? *)")
            .timeZone("Europe/Paris")
            .build();

    /** A secret the services get after their commands were built. */
    static final String LATE_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:late-AbCdEf";

    final App app;
    final NetworkStack network;
    final DataStack data;
    final ServiceStack appRunner;
    final ExpressServiceStack express;
    final DjangoCommands appRunnerCommands;
    final DjangoCommands expressCommands;
    final DjangoMonitoring appRunnerMonitoring;
    final DjangoMonitoring expressMonitoring;

    CommandsFixture(final @Nullable Environment env, final UnaryOperator<DjangoCommandsProps.Builder> options) {
        this(env, options, n -> n);
    }

    CommandsFixture(final @Nullable Environment env, final UnaryOperator<DjangoCommandsProps.Builder> options,
                    final UnaryOperator<NetworkStackProps.Builder> networkOptions) {
        final TwoServiceApp base = new TwoServiceApp(env, n -> networkOptions.apply(n.fargateEndpoints(true)),
                Map.of("APP_FLAG", "on"));
        this.app = base.app;
        this.network = base.network;
        this.data = base.data;
        this.appRunner = base.appRunner;
        this.express = base.express;
        this.appRunnerCommands = new DjangoCommands(appRunner, "Commands", options.apply(DjangoCommandsProps.builder()
                .service(appRunner.getDjangoService()).schedules(List.of(CLEARSESSIONS))).build());
        this.expressCommands = new DjangoCommands(express, "Commands", options.apply(DjangoCommandsProps.builder()
                .service(express.getDjangoService()).schedules(List.of(CLEARSESSIONS))).build());
        // added to the services after the commands were built: the commands get them too
        for (final IDjangoService service
                : List.of(appRunner.getDjangoService(), express.getDjangoService())) {
            service.addEnvironment("LATE_FLAG", "1");
            service.addSecret("LATE_SECRET", ServiceSecret.fromSecretsManager(Secret.fromSecretCompleteArn(
                    (Construct) service, "LateSecret", LATE_SECRET_ARN)));
        }
        this.appRunnerMonitoring = new DjangoMonitoring(appRunner, "Monitoring", DjangoMonitoringProps.builder()
                .service(appRunner.getDjangoService()).commands(List.of(appRunnerCommands)).build());
        this.expressMonitoring = new DjangoMonitoring(express, "Monitoring", DjangoMonitoringProps.builder()
                .service(express.getDjangoService()).commands(List.of(expressCommands)).build());
    }

    static Environment env() {
        return Environment.builder().account("123456789012").region("eu-west-1").build();
    }
}
