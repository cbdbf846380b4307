package io.github.apprunnerdjango.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.stepfunctions.Chain;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.QueryLanguage;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitJsonataProps;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsServiceJsonataProps;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Redeploys a service when a secret it reads gets a new current version. App Runner resolves
 * secrets when it deploys, ECS when a task starts, neither when they change, so without this every
 * new database connection fails after a rotation until someone deploys. No custom code:
 * <ul>
 *   <li>an EventBridge rule on Secrets Manager's native {@code Secret Label Updated} event for
 *       {@code AWSCURRENT} of exactly these secrets: delivered without CloudTrail (whose delivery
 *       is best effort), after a rotation and after a manual {@code put-secret-value} alike
 *       (https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html);</li>
 *   <li>a state machine calling the {@link Target}'s API action on exactly this service, retried with
 *       backoff on the errors the target names (App Runner's {@code InvalidStateException} while another
 *       operation runs, https://docs.aws.amazon.com/apprunner/latest/api/API_StartDeployment.html), then
 *       reading the deployment's status until it ends: a failed or rolled-back deployment fails the
 *       execution;</li>
 *   <li>an alarm when an execution fails or times out, so a lost or failed redeploy is seen.</li>
 * </ul>
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class RotationRedeploy extends Construct {
    /** The label whose move means "the secret changed". */
    public static final String CURRENT_LABEL = "AWSCURRENT";
    /** Attempts of the call in all (first call included). */
    public static final int MAX_ATTEMPTS = 8;
    /** The CloudWatch Logs prefix Step Functions log groups should use (resource policy size limit). */
    public static final String LOG_GROUP_PREFIX = "/aws/vendedlogs/states/";
    /** How often the state machine reads the deployment's status. */
    public static final Duration POLL_INTERVAL = Duration.seconds(30);

    private @Nullable Rule rule;
    private final Target target;
    private final List<ISecret> watched = new ArrayList<>();
    private final StateMachine stateMachine;
    private final Alarm alarm;

    /**
     * The call that redeploys one service, and how its end is read: a Step Functions AWS SDK
     * integration with its IAM action limited to the service and the errors worth retrying, then a
     * describe call repeated every {@link #POLL_INTERVAL} until the deployment it started ends.
     *
     * @param what the service in words, for descriptions, such as {@code App Runner service}
     * @param taskId the construct id of the task
     * @param service the SDK service name, such as {@code apprunner}
     * @param action the SDK action, such as {@code startDeployment}
     * @param parameters the call's parameters, in PascalCase
     * @param iamAction the IAM action the call needs
     * @param resource the ARN the IAM actions are limited to
     * @param retriedErrors the Step Functions error names retried with backoff
     * @param startedId JSONata: the started deployment's id, from the call's result ({@code $states.result})
     * @param pollAction the SDK action that describes the deployments
     * @param pollParameters its parameters, in PascalCase
     * @param pollIamAction the IAM action it needs
     * @param status JSONata: the started deployment's status in the describe call's result
     *     ({@code $states.result}, the id in {@code $deploymentId}); empty when it is not listed
     * @param succeeded the status of a deployment that ended well
     * @param running the statuses of a deployment still under way
     */
    public record Target(String what, String taskId, String service, String action, Map<String, Object> parameters,
                         String iamAction, String resource, List<String> retriedErrors, String startedId,
                         String pollAction, Map<String, Object> pollParameters, String pollIamAction, String status,
                         String succeeded, List<String> running) {
        /** App Runner errors worth retrying: another operation is in progress, or a transient fault. */
        public static final List<String> APP_RUNNER_RETRIED_ERRORS = List.of("AppRunner.InvalidStateException",
                "AppRunner.InternalServiceErrorException");
        /**
         * ECS errors worth retrying: a server fault and throttling (ECS's common errors,
         * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html). UpdateService
         * documents no "busy" error: a forced deployment while another runs starts a new service
         * deployment (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html).
         */
        public static final List<String> ECS_RETRIED_ERRORS = List.of("Ecs.ServerException",
                "Ecs.ThrottlingException");

        /**
         * {@code apprunner:StartDeployment}: App Runner pulls the image again and reads the secrets anew.
         * It returns the operation's id; {@code ListOperations} gives its status until it is
         * {@code SUCCEEDED}, or ends otherwise ({@code FAILED}, or rolled back: App Runner rolls a
         * failed deployment back and keeps serving the old version,
         * https://docs.aws.amazon.com/apprunner/latest/api/API_OperationSummary.html).
         *
         * @param serviceArn the App Runner service's ARN
         * @return the target
         */
        public static Target appRunnerStartDeployment(final String serviceArn) {
            final Map<String, Object> list = new TreeMap<>();
            list.put("MaxResults", 20);
            list.put("ServiceArn", serviceArn);
            return new Target("App Runner service", "StartDeployment", "apprunner", "startDeployment",
                    Map.of("ServiceArn", serviceArn), "apprunner:StartDeployment", serviceArn,
                    APP_RUNNER_RETRIED_ERRORS, "$states.result.OperationId", "listOperations", list,
                    "apprunner:ListOperations", "$states.result.OperationSummaryList[Id = $deploymentId].Status",
                    "SUCCEEDED", List.of("PENDING", "IN_PROGRESS"));
        }

        /**
         * {@code ecs:UpdateService} with {@code forceNewDeployment} on the ECS service behind an
         * Express Mode service: new tasks start and resolve the secrets anew
         * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
         * The cluster and the service's name are read from its ARN
         * ({@code arn:<partition>:ecs:<region>:<account>:service/<cluster>/<name>}). The new deployment
         * is the first of the service's deployments; {@code DescribeServices} gives its
         * {@code RolloutState} until {@code COMPLETED}, or {@code FAILED}
         * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
         *
         * @param serviceArn the Express service's ARN, an ECS service ARN
         * @return the target
         */
        public static Target ecsForceNewDeployment(final String serviceArn) {
            final List<String> parts = Fn.split("/", serviceArn, 3);
            final Map<String, Object> parameters = new TreeMap<>();
            parameters.put("Cluster", parts.get(1));
            parameters.put("ForceNewDeployment", true);
            parameters.put("Service", parts.get(2));
            final Map<String, Object> describe = new TreeMap<>();
            describe.put("Cluster", parts.get(1));
            describe.put("Services", List.of(parts.get(2)));
            return new Target("ECS Express Mode service", "ForceNewDeployment", "ecs", "updateService",
                    parameters, "ecs:UpdateService", serviceArn, ECS_RETRIED_ERRORS,
                    "$states.result.Service.Deployments[0].Id", "describeServices", describe, "ecs:DescribeServices",
                    "$states.result.Services[0].Deployments[Id = $deploymentId].RolloutState", "COMPLETED",
                    List.of("IN_PROGRESS"));
        }
    }

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param target the call that redeploys the service
     * @param secrets every Secrets Manager secret the service reads; none for no rule on secrets (only
     *     the rules added with {@link #addRule})
     */
    public RotationRedeploy(final Construct scope, final String id, final Target target, final List<ISecret> secrets) {
        super(scope, id);
        this.target = target;
        this.watched.addAll(secrets);
        final CallAwsService redeploy = CallAwsService.jsonata(this, target.taskId(), CallAwsServiceJsonataProps.builder()
                .service(target.service())
                .action(target.action())
                .parameters(target.parameters())
                .iamAction(target.iamAction())
                .iamResources(List.of(target.resource()))
                .assign(Map.of("deploymentId", "{% " + target.startedId() + " %}"))
                .build());
        // 30 s, 60 s, 2 min, then every 5 min: a deployment or an update in progress takes minutes
        redeploy.addRetry(RetryProps.builder()
                .errors(target.retriedErrors())
                .interval(Duration.seconds(30))
                .backoffRate(2)
                .maxDelay(Duration.minutes(5))
                .jitterStrategy(JitterType.FULL)
                .maxAttempts(MAX_ATTEMPTS - 1)
                .build());
        // the call only starts a deployment: the redeploy is done when the deployment is, and a
        // deployment that fails (or is rolled back) fails the execution, which raises the alarm
        final Wait wait = Wait.jsonata(this, "WaitForDeployment", WaitJsonataProps.builder()
                .time(WaitTime.duration(POLL_INTERVAL)).build());
        final CallAwsService describe = CallAwsService.jsonata(this, "DescribeDeployment",
                CallAwsServiceJsonataProps.builder()
                        .service(target.service())
                        .action(target.pollAction())
                        .parameters(target.pollParameters())
                        .iamAction(target.pollIamAction())
                        .iamResources(List.of(target.resource()))
                        .assign(Map.of("deploymentStatus", "{% $exists(" + target.status() + ") ? $string("
                                + target.status() + ") : '' %}"))
                        .build());
        describe.addRetry(RetryProps.builder()
                .errors(target.retriedErrors())
                .interval(Duration.seconds(10))
                .backoffRate(2)
                .maxAttempts(3)
                .build());
        final Choice ended = Choice.jsonata(this, "DeploymentEnded");
        ended.when(Condition.jsonata("{% $deploymentStatus = '" + target.succeeded() + "' %}"),
                Succeed.jsonata(this, "Deployed"));
        ended.when(Condition.jsonata("{% $deploymentStatus in " + jsonataList(target.running()) + " %}"), wait);
        ended.otherwise(Fail.jsonata(this, "DeploymentFailed", FailJsonataProps.builder()
                .error("DeploymentFailed")
                .cause("{% 'The deployment ' & $deploymentId & ' of the " + target.what() + " ended as '"
                        + " & ($deploymentStatus = '' ? 'not listed' : $deploymentStatus) %}")
                .build()));
        final Chain definition = redeploy.next(wait).next(describe).next(ended);
        // Step Functions writes to log groups through a CloudWatch Logs resource policy whose size is
        // limited; names under /aws/vendedlogs/ avoid growing it
        // (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html)
        final LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName(LOG_GROUP_PREFIX + Names.uniqueResourceName(this,
                        UniqueResourceNameOptions.builder().maxLength(200).separator("-").build()))
                .retention(RetentionDays.THREE_MONTHS)
                // a fixed name on a retained group makes the next deploy after `cdk destroy` fail with
                // "already exists": the group goes with the stack
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .definitionBody(DefinitionBody.fromChainable(definition))
                .queryLanguage(QueryLanguage.JSONATA)
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
                + " Resource *; " + target.iamAction() + " is limited to this service", "Resource::*");

        // no resources would match every secret of the account: no rule then
        this.rule = secrets.isEmpty() ? null : addRule("SecretChanged",
                "Redeploy the " + target.what() + " when a secret it reads gets a new current version",
                secretPattern(secrets));

        this.alarm = Alarm.Builder.create(this, "RedeployFailed")
                .alarmDescription("A redeploy of the " + target.what() + " after a secret change failed or timed out:"
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

    /**
     * Another event that redeploys the service, through the same state machine, retries and alarm.
     *
     * @param id the rule's construct id
     * @param description the rule's description
     * @param pattern the events that redeploy
     * @return the rule
     */
    public Rule addRule(final String id, final String description, final EventPattern pattern) {
        return Rule.Builder.create(this, id)
                .description(description)
                .eventPattern(pattern)
                .targets(List.of(new SfnStateMachine(stateMachine)))
                .build();
    }

    /**
     * A push of the image's tag redeploys the service, as App Runner's automatic deployments would:
     * ECR's "ECR Image Action" event (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html).
     * The rule exists once the service does, so the first push (before the service) starts nothing.
     *
     * @param description the rule's description
     * @param repositoryName the image's repository
     * @param tag the image's tag
     * @param service what the rule waits for
     * @return the rule, with the construct id {@code ImagePushed}
     */
    public Rule addImagePushRule(final String description, final String repositoryName, final String tag,
                                 final IConstruct service) {
        final Map<String, Object> detail = new TreeMap<>();
        detail.put("action-type", List.of("PUSH"));
        detail.put("image-tag", List.of(tag));
        detail.put("repository-name", List.of(repositoryName));
        detail.put("result", List.of("SUCCESS"));
        final Rule pushed = addRule("ImagePushed", description, EventPattern.builder()
                .source(List.of("aws.ecr"))
                .detailType(List.of("ECR Image Action"))
                .detail(detail)
                .build());
        pushed.getNode().addDependency(service);
        return pushed;
    }

    /**
     * Redeploys the service when this secret, too, gets a new current version (a secret added to a
     * service after it was built). EventBridge's rule gets the secret's ARN added to its resources.
     *
     * @param secret the secret
     */
    public void watch(final ISecret secret) {
        if (watched.contains(secret)) {
            return;
        }
        watched.add(secret);
        if (rule == null) {
            rule = addRule("SecretChanged", "Redeploy the " + target.what()
                            + " when a secret it reads gets a new current version", secretPattern(List.of(secret)));
        } else {
            rule.addEventPattern(EventPattern.builder().resources(resources(List.of(secret))).build());
        }
    }

    private static EventPattern secretPattern(final List<ISecret> secrets) {
        return EventPattern.builder()
                .source(List.of("aws.secretsmanager"))
                .detailType(List.of("Secret Label Updated"))
                .resources(resources(secrets))
                .detail(Map.of("labelUpdated", List.of(CURRENT_LABEL)))
                .build();
    }

    /**
     * The events name a secret by its complete ARN (name, hyphen, 6 random characters). A secret
     * imported by name ({@code Secret.fromSecretNameV2}) has only the ARN without the suffix: it is
     * matched by prefix, {@code <partial ARN>-}, which no other secret's name can share unless it
     * continues with a hyphen
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-prefix-matching,
     * https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen).
     */
    private static List<String> resources(final List<ISecret> secrets) {
        final List<String> resources = new ArrayList<>();
        for (final ISecret secret : secrets) {
            if (secret.getSecretFullArn() != null) {
                resources.add(secret.getSecretFullArn());
            } else {
                resources.addAll(Match.prefix(secret.getSecretArn() + "-"));
            }
        }
        return resources;
    }

    /** @return the strings as a JSONata array literal, such as {@code ['PENDING', 'IN_PROGRESS']} */
    private static String jsonataList(final List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + "]";
    }

    /** In a sorted map: the template renders them in iteration order, which Map.of randomises per JVM. */
    private static Map<String, IMetric> metrics(final StateMachine stateMachine) {
        final Map<String, IMetric> metrics = new TreeMap<>();
        metrics.put("failed", stateMachine.metricFailed());
        metrics.put("timedOut", stateMachine.metricTimedOut());
        return metrics;
    }

    /** @return the EventBridge rule on the secrets' label changes, or null without secrets */
    public @Nullable Rule rule() {
        return rule;
    }

    /** @return the state machine that redeploys */
    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** @return the alarm on failed or timed-out redeploys */
    public Alarm alarm() {
        return alarm;
    }
}
