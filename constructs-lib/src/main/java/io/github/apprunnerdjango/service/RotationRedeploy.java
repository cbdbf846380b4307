package io.github.apprunnerdjango.service;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.apprunnerdjango.internal.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.apprunner.alpha.Service;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.constructs.Construct;

/**
 * Redeploys the service when a secret it reads gets a new current version. App Runner resolves
 * secrets when it deploys, not when they change, so without this every new database connection
 * fails after a rotation until someone deploys. No custom code:
 * <ul>
 *   <li>an EventBridge rule on Secrets Manager's native {@code Secret Label Updated} event for
 *       {@code AWSCURRENT} of exactly these secrets: delivered without CloudTrail (whose delivery
 *       is best effort), after a rotation and after a manual {@code put-secret-value} alike
 *       (https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html);</li>
 *   <li>a one-step state machine calling {@code apprunner:StartDeployment} on exactly this service,
 *       retried with backoff while App Runner refuses it because another operation runs
 *       ({@code InvalidStateException}, https://docs.aws.amazon.com/apprunner/latest/api/API_StartDeployment.html);</li>
 *   <li>an alarm when an execution fails or times out, so a lost redeploy is seen.</li>
 * </ul>
 */
final class RotationRedeploy extends Construct {
    /** The label whose move means "the secret changed". */
    static final String CURRENT_LABEL = "AWSCURRENT";
    /** App Runner errors worth retrying: another operation is in progress, or a transient fault. */
    static final List<String> RETRIED_ERRORS = List.of("AppRunner.InvalidStateException",
            "AppRunner.InternalServiceErrorException");
    /** Attempts of StartDeployment in all (first call included). */
    static final int MAX_ATTEMPTS = 8;
    /** The CloudWatch Logs prefix Step Functions log groups should use (resource policy size limit). */
    static final String LOG_GROUP_PREFIX = "/aws/vendedlogs/states/";

    private final Rule rule;
    private final StateMachine stateMachine;
    private final Alarm alarm;

    RotationRedeploy(final Construct scope, final String id, final Service service, final List<ISecret> secrets) {
        super(scope, id);
        final CallAwsService startDeployment = CallAwsService.Builder.create(this, "StartDeployment")
                .service("apprunner")
                .action("startDeployment")
                .parameters(Map.of("ServiceArn", service.getServiceArn()))
                .iamAction("apprunner:StartDeployment")
                .iamResources(List.of(service.getServiceArn()))
                .build();
        // 30 s, 60 s, 2 min, then every 5 min: a deployment or an update in progress takes minutes
        startDeployment.addRetry(RetryProps.builder()
                .errors(RETRIED_ERRORS)
                .interval(Duration.seconds(30))
                .backoffRate(2)
                .maxDelay(Duration.minutes(5))
                .jitterStrategy(JitterType.FULL)
                .maxAttempts(MAX_ATTEMPTS - 1)
                .build());
        // Step Functions writes to log groups through a CloudWatch Logs resource policy whose size is
        // limited; names under /aws/vendedlogs/ avoid growing it
        // (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html)
        final LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName(LOG_GROUP_PREFIX + Names.uniqueResourceName(this,
                        UniqueResourceNameOptions.builder().maxLength(200).separator("-").build()))
                .retention(RetentionDays.THREE_MONTHS)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .definitionBody(DefinitionBody.fromChainable(startDeployment))
                .timeout(Duration.minutes(45))
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(logs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(false)
                        .build())
                .build();
        NagSuppressions.suppress(stateMachine, "AwsSolutions-IAM5", "Step Functions logging and X-Ray tracing:"
                + " logs:CreateLogDelivery and the other log-delivery actions and xray:PutTraceSegments accept only"
                + " Resource *; apprunner:StartDeployment is limited to this service", "Resource::*");

        this.rule = Rule.Builder.create(this, "SecretChanged")
                .description("Redeploy the App Runner service when a secret it reads gets a new current version")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.secretsmanager"))
                        .detailType(List.of("Secret Label Updated"))
                        .resources(secrets.stream().map(ISecret::getSecretArn).collect(Collectors.toList()))
                        .detail(Map.of("labelUpdated", List.of(CURRENT_LABEL)))
                        .build())
                .targets(List.of(new SfnStateMachine(stateMachine)))
                .build();

        this.alarm = Alarm.Builder.create(this, "RedeployFailed")
                .alarmDescription("A redeploy of the App Runner service after a secret change failed or timed out:"
                        + " the service may run with outdated credentials. Deploy it by hand (README: Rotation).")
                .metric(MathExpression.Builder.create()
                        .expression("failed + timedOut")
                        .usingMetrics(metrics(stateMachine))
                        .period(Duration.minutes(5))
                        .build())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /** In a sorted map: the template renders them in iteration order, which Map.of randomises per JVM. */
    private static Map<String, IMetric> metrics(final StateMachine stateMachine) {
        final Map<String, IMetric> metrics = new TreeMap<>();
        metrics.put("failed", stateMachine.metricFailed());
        metrics.put("timedOut", stateMachine.metricTimedOut());
        return metrics;
    }

    /** @return the EventBridge rule on the secrets' label changes */
    Rule rule() {
        return rule;
    }

    /** @return the state machine that starts the deployment */
    StateMachine stateMachine() {
        return stateMachine;
    }

    /** @return the alarm on failed or timed-out redeploys */
    Alarm alarm() {
        return alarm;
    }
}
