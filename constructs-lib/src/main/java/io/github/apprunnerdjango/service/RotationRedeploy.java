package io.github.apprunnerdjango.service;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.internal.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apprunner.alpha.Service;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.constructs.Construct;

/**
 * Redeploys the service when the database secret's rotation succeeds. App Runner resolves
 * secrets when it deploys, not when they change, so without this every new database connection
 * fails after a rotation until someone deploys. No custom code: an EventBridge rule on the
 * CloudTrail event {@code RotationSucceeded} of exactly that secret starts a one-step state machine
 * that calls {@code apprunner:StartDeployment} on exactly that service.
 */
final class RotationRedeploy extends Construct {
    private final Rule rule;
    private final StateMachine stateMachine;

    RotationRedeploy(final Construct scope, final String id, final Service service, final ISecret secret) {
        super(scope, id);
        final CallAwsService startDeployment = CallAwsService.Builder.create(this, "StartDeployment")
                .service("apprunner")
                .action("startDeployment")
                .parameters(Map.of("ServiceArn", service.getServiceArn()))
                .iamAction("apprunner:StartDeployment")
                .iamResources(List.of(service.getServiceArn()))
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .definitionBody(DefinitionBody.fromChainable(startDeployment))
                .timeout(Duration.minutes(5))
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(LogGroup.Builder.create(this, "Logs").retention(RetentionDays.THREE_MONTHS).build())
                        .level(LogLevel.ALL)
                        .includeExecutionData(false)
                        .build())
                .build();
        NagSuppressions.suppress(stateMachine, "AwsSolutions-IAM5", "Step Functions logging and X-Ray tracing:"
                + " logs:CreateLogDelivery and the other log-delivery actions and xray:PutTraceSegments accept only"
                + " Resource *; apprunner:StartDeployment is limited to this service", "Resource::*");

        this.rule = Rule.Builder.create(this, "RotationSucceeded")
                .description("Redeploy the App Runner service after the database password rotated")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.secretsmanager"))
                        .detailType(List.of("AWS Service Event via CloudTrail"))
                        .detail(Map.of(
                                "eventSource", List.of("secretsmanager.amazonaws.com"),
                                "eventName", List.of("RotationSucceeded"),
                                "additionalEventData", Map.of("SecretId", List.of(secret.getSecretArn()))))
                        .build())
                .targets(List.of(new SfnStateMachine(stateMachine)))
                .build();
    }

    /** @return the EventBridge rule on the rotation event */
    Rule rule() {
        return rule;
    }

    /** @return the state machine that starts the deployment */
    StateMachine stateMachine() {
        return stateMachine;
    }
}
