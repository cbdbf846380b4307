package io.github.apprunnerdjango.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.Checks;
import io.github.apprunnerdjango.internal.ComplianceProfile;
import io.github.apprunnerdjango.internal.Json;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.service.IDjangoService;
import io.github.apprunnerdjango.service.MediaAccess;
import io.github.apprunnerdjango.service.ServiceContainer;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.SubnetFilter;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.EcsRunFargateTask;
import software.amazon.awscdk.services.sqs.CfnQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Django management commands for a service of this library (App Runner's or Express Mode's), on ECS
 * Fargate: a cluster of their own, a task definition running the service's image with the service's
 * variables and secrets ({@link IDjangoService#getContainer()}, those added to the service later
 * included) in the service's subnets and security group (which the database admits on its port), logs
 * in a log group of their own;
 * <ul>
 *   <li>on a schedule: each {@link ScheduledCommand} an EventBridge Scheduler schedule in a schedule
 *       group of its own, which runs the task with the command as the container's command, retries a
 *       failed RunTask ({@code retryAttempts}, {@code maxEventAge}) and then sends it to a dead-letter
 *       queue;</li>
 *   <li>once: the {@code RunTaskCommand} output prints the {@code aws ecs run-task} line to start
 *       the task with a command of one's own; with {@code executeCommand}, two more outputs start a
 *       task to enter and open an interactive {@code manage.py shell} in it with ECS Exec.</li>
 * </ul>
 * A command that fails (the task stops with a non-zero exit code, or fails to start) matches an
 * EventBridge rule that keeps the event in a queue ({@link #metricFailedTasks}); a schedule that could
 * not start the task counts in EventBridge Scheduler's metrics of the schedule group
 * ({@link #metricScheduleFailures}). {@code DjangoMonitoring}'s {@code commands} prop alarms on both.
 *
 * <p>The task role has no permission of its own (ECS Exec's channels aside): grant the commands what
 * they call ({@code bucket.grantReadWrite(commands)}); the service's own grants go to its role, which
 * App Runner's service principal alone can assume.
 */
public class DjangoCommands extends Construct implements IGrantable {
    /** The container's name in the task definition (the overrides of run-task name it). */
    public static final String CONTAINER_NAME = "django";
    /** The user of the Django image (django-image/Dockerfile's USER), named in the task under a compliance profile. */
    public static final String IMAGE_USER = "10001:10001";
    /** The command the one-off line prints, to be replaced with one's own. */
    public static final List<String> ONE_OFF_PLACEHOLDER = List.of("python3", "manage.py", "showmigrations");
    /** The command of a task started to be entered with ECS Exec: it waits an hour, then exits 0. */
    public static final List<String> EXEC_TASK_COMMAND = List.of("sleep", "3600");
    /** The prefix of the containers' log streams. */
    public static final String LOG_STREAM_PREFIX = "command";
    /**
     * What ECS Exec's agent needs of the task role; these actions take no resource
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-iam-permissions).
     */
    public static final List<String> EXEC_ACTIONS = List.of("ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel");
    /** EventBridge Scheduler's namespace (https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html). */
    public static final String SCHEDULER_NAMESPACE = "AWS/Scheduler";
    /** EventBridge's namespace (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html). */
    public static final String EVENTS_NAMESPACE = "AWS/Events";
    private static final Duration FIVE_MINUTES = Duration.minutes(5);

    private final IDjangoService service;
    private final ServiceContainer container;
    private final Cluster cluster;
    private final LogGroup logGroup;
    private final Role executionRole;
    private final Role taskRole;
    private final FargateTaskDefinition taskDefinition;
    private final ContainerDefinition containerDefinition;
    private final Queue failedTasks;
    private final Rule failedTaskRule;
    private final SubnetSelection subnets;
    private final List<ISecurityGroup> securityGroups;
    private final boolean assignPublicIp;
    private final int retryAttempts;
    private final Duration maxEventAge;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private @Nullable ScheduleGroup scheduleGroup;
    private @Nullable Queue deadLetterQueue;
    private @Nullable Role schedulerRole;

    /**
     * @param scope the parent construct, in any stack (the service's, usually)
     * @param id the construct id (part of every logical id below it: never change it once deployed)
     * @param props the props; service is required
     */
    public DjangoCommands(final Construct scope, final String id, final DjangoCommandsProps props) {
        super(scope, id);
        CommandsValidation.validated(props);
        this.service = props.getService();
        this.container = service.getContainer();
        this.securityGroups = container.getSecurityGroups();
        this.assignPublicIp = container.isAssignPublicIp();
        // the scheduler's ECS target accepts a public IP only with a selection by the PUBLIC type: the
        // service's own subnets among the VPC's public ones
        this.subnets = assignPublicIp ? SubnetSelection.builder().subnetType(SubnetType.PUBLIC)
                .subnetFilters(List.of(SubnetFilter.byIds(container.getSubnets().stream().map(ISubnet::getSubnetId).toList())))
                .build() : SubnetSelection.builder().subnets(container.getSubnets()).build();
        this.retryAttempts = props.getRetryAttempts() == null ? DjangoCommandsProps.DEFAULT_RETRY_ATTEMPTS
                : props.getRetryAttempts().intValue();
        this.maxEventAge = Objects.requireNonNullElse(props.getMaxEventAge(), DjangoCommandsProps.DEFAULT_MAX_EVENT_AGE);

        final boolean profile = props.getCompliance() != null;
        // the compliance profile turns Container Insights on (CT.ECS.PR.1 asks for it on every cluster)
        this.cluster = Cluster.Builder.create(this, "Cluster").vpc(container.getVpc())
                .containerInsightsV2(profile ? ContainerInsights.ENABLED : null)
                .build();
        if (!profile) {
            NagSuppressions.suppress(cluster, "AwsSolutions-ECS4", "The cluster runs short management command tasks"
                    + " only: their failures alarm through the task state change rule and the scheduler's metrics, and"
                    + " Container Insights would bill metrics for a cluster idle most of the day");
        }
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(Objects.requireNonNullElse(props.getLogRetention(), RetentionDays.THREE_MONTHS))
                .build();
        this.executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("ECS pulls the service's image, writes the commands' logs and reads exactly the"
                        + " service's secrets with it")
                .build();
        this.taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("The management commands' own permissions (grant them to the DjangoCommands)")
                .build();
        this.taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .cpu(props.getCpu() == null ? DjangoCommandsProps.DEFAULT_CPU : props.getCpu().intValue())
                .memoryLimitMiB(props.getMemory() == null ? DjangoCommandsProps.DEFAULT_MEMORY : props.getMemory().intValue())
                .executionRole(executionRole)
                .taskRole(taskRole)
                .build();
        // the image's entrypoint waits for the database, then runs the command given (no migrate: the service does)
        this.containerDefinition = taskDefinition.addContainer(CONTAINER_NAME, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(container.getImage().getImageUri()))
                .essential(true)
                // the compliance profile: the image's own non-root user, a read-only root file system with a
                // writable /tmp, and the task's memory as the container's hard limit (CT.ECS.PR.3, .4, .5)
                .user(profile ? IMAGE_USER : null)
                .readonlyRootFilesystem(profile ? true : null)
                .memoryLimitMiB(profile ? taskDefinition.getMemoryMiB().intValue() : null)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix(LOG_STREAM_PREFIX)
                        .build()))
                .build());
        if (profile) {
            taskDefinition.addVolume(Volume.builder().name("tmp").build());
            containerDefinition.addMountPoints(MountPoint.builder().containerPath("/tmp").sourceVolume("tmp")
                    .readOnly(false).build());
        }
        container.getImage().getRepository().grantPull(executionRole);
        if (container.getImage().getPushedBy() != null) {
            // a schedule or a one-off run must never pull a tag the stack's own push has not written yet
            taskDefinition.getNode().addDependency(container.getImage().getPushedBy());
        }
        if (service.getMediaBucket() != null) {
            // a command touches the uploads as the app does (App Runner's instance role is not for ECS)
            MediaAccess.grant(this, service.getMediaBucket(), taskRole);
        }
        // every variable and secret of the service, now and added later; a secret grants the execution role
        container.subscribe(containerDefinition::addEnvironment,
                (name, secret) -> containerDefinition.addSecret(name, secret.toEcs()));
        NagSuppressions.suppress(executionRole, "AwsSolutions-IAM5", "ECS task execution role:"
                + " ecr:GetAuthorizationToken accepts only Resource *; pulls are limited to the image's repository",
                "Resource::*");
        NagSuppressions.suppress(taskDefinition, "AwsSolutions-ECS2", "The plain variables are the service's own"
                + " non-secret settings (domain, hosts, port, the app's environment prop); every credential comes from"
                + " Secrets Manager through the container's secrets");
        if (Boolean.TRUE.equals(props.getExecuteCommand())) {
            taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(EXEC_ACTIONS)
                    .resources(List.of("*"))
                    .build());
            NagSuppressions.suppress(taskRole, "AwsSolutions-IAM5", "ECS Exec: the ssmmessages channel actions"
                    + " accept only Resource * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                    + "ecs-exec.html#ecs-exec-required-iam-permissions)", "Resource::*");
        }

        this.failedTasks = Queue.Builder.create(this, "FailedTasks")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.suppress(failedTasks, "AwsSolutions-SQS3", "The queue keeps the stopped-task events of"
                + " failed commands for 14 days, for investigation; nothing consumes it, so it needs no dead-letter queue");
        this.failedTaskRule = Rule.Builder.create(this, "FailedTaskRule")
                .description("A management command's task stopped with a non-zero exit code or failed to start")
                .eventPattern(failedTaskPattern())
                .targets(List.of(new SqsQueue(failedTasks)))
                .build();

        if (props.getSchedules() != null) {
            props.getSchedules().forEach(this::schedule);
        }
        outputs(Boolean.TRUE.equals(props.getExecuteCommand()));
        ComplianceProfile.apply(this, props.getCompliance(), container.getVpc());
        if (profile) {
            // both queues are dead-letter stores themselves (failed tasks' events, the scheduler's give-ups):
            // a redrive-allow policy says so, which CT.SQS.PR.1 exempts from needing a dead-letter queue
            for (final Queue queue : deadLetterQueue == null ? List.of(failedTasks) : List.of(failedTasks, deadLetterQueue)) {
                ((CfnQueue) Objects.requireNonNull(queue.getNode().getDefaultChild()))
                        .setRedriveAllowPolicy(Map.of("redrivePermission", "allowAll"));
            }
        }
    }

    /**
     * A task of this family in this cluster stopped: its container exited with a non-zero code (but not
     * because a person stopped it), or the task failed to start (image pull, secrets)
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html).
     */
    private EventPattern failedTaskPattern() {
        final Map<String, Object> exited = new LinkedHashMap<>();
        exited.put("containers", Map.of("exitCode", List.of(Map.of("anything-but", List.of(0)))));
        exited.put("stopCode", List.of(Map.of("anything-but", List.of("UserInitiated"))));
        final Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("clusterArn", List.of(cluster.getClusterArn()));
        detail.put("lastStatus", List.of("STOPPED"));
        detail.put("taskDefinitionArn", List.of(Map.of("prefix", taskDefinitionFamilyArnPrefix())));
        detail.put("$or", List.of(exited, Map.of("stopCode", List.of("TaskFailedToStart"))));
        return EventPattern.builder()
                .source(List.of("aws.ecs"))
                .detailType(List.of("ECS Task State Change"))
                .detail(detail)
                .build();
    }

    /** @return {@code arn:<partition>:ecs:<region>:<account>:task-definition/<family>:}, every revision's prefix */
    private String taskDefinitionFamilyArnPrefix() {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("ecs")
                .resource("task-definition")
                .resourceName(taskDefinition.getFamily() + ":")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    /**
     * Adds a command run on a schedule: an EventBridge Scheduler schedule in this construct's schedule
     * group that runs the task with the command, retrying a failed RunTask and then sending it to the
     * dead-letter queue. The first one creates the group, the queue and the scheduler's role.
     *
     * @param command the command, its name unused so far
     * @return the schedule
     */
    public Schedule addSchedule(final ScheduledCommand command) {
        final Checks v = new Checks("DjangoCommands.addSchedule");
        CommandsValidation.schedule(v, "", command);
        v.check(command.getName() == null || !schedules.containsKey(command.getName()), "name", command.getName(),
                "a name used once among the schedules");
        v.throwIfInvalid();
        return schedule(command);
    }

    private Schedule schedule(final ScheduledCommand command) {
        if (scheduleGroup == null) {
            // a group of its own: the scheduler's metrics are published per group
            this.scheduleGroup = ScheduleGroup.Builder.create(this, "ScheduleGroup")
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            this.deadLetterQueue = Queue.Builder.create(this, "ScheduleDeadLetters")
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .retentionPeriod(Duration.days(14))
                    .build();
            NagSuppressions.suppress(deadLetterQueue, "AwsSolutions-SQS3", "The schedules' dead-letter queue itself:"
                    + " it keeps the RunTask requests the scheduler gave up on, for investigation");
            // confused deputy: only schedules of this account may assume it
            // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role)
            this.schedulerRole = Role.Builder.create(this, "SchedulerRole")
                    .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of("StringEquals",
                            Map.of("aws:SourceAccount", Stack.of(this).getAccount()))))
                    .description("EventBridge Scheduler runs the management commands' task definition with it")
                    .build();
        }
        final Map<String, Object> override = new LinkedHashMap<>();
        override.put("name", CONTAINER_NAME);
        override.put("command", command.getCommand());
        final String timeZone = command.getTimeZone();
        final Schedule schedule = Schedule.Builder.create(this, "Schedule" + command.getName())
                .scheduleGroup(scheduleGroup)
                .description(command.getDescription() != null ? command.getDescription()
                        : command.getName() + ": " + String.join(" ", command.getCommand()))
                .schedule(timeZone == null ? ScheduleExpression.expression(command.getSchedule())
                        : ScheduleExpression.expression(command.getSchedule(), TimeZone.of(timeZone)))
                .target(EcsRunFargateTask.Builder.create(cluster)
                        .taskDefinition(taskDefinition)
                        .role(schedulerRole)
                        .vpcSubnets(subnets)
                        .securityGroups(securityGroups)
                        .assignPublicIp(assignPublicIp)
                        // the scheduler's input of an ECS target is RunTask's overrides
                        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/tasks-scheduled.html)
                        .input(ScheduleTargetInput.fromObject(Map.of("containerOverrides", List.of(override))))
                        .retryAttempts(retryAttempts)
                        .maxEventAge(maxEventAge)
                        .deadLetterQueue(deadLetterQueue)
                        .build())
                .build();
        schedules.put(command.getName(), schedule);
        return schedule;
    }

    /** The one-off lines, with every value of this deployment in place. */
    private void outputs(final boolean executeCommand) {
        CfnOutput.Builder.create(this, "RunTaskCommand")
                .description("Runs a management command once (replace the command in --overrides); its output goes"
                        + " to the commands' log group")
                .value(runTaskLine(ONE_OFF_PLACEHOLDER, false))
                .build();
        if (executeCommand) {
            CfnOutput.Builder.create(this, "ExecTaskCommand")
                    .description("Starts a task to enter with ECS Exec (it exits after an hour); then run the"
                            + " ExecShellCommand line with its task id")
                    .value(runTaskLine(EXEC_TASK_COMMAND, true))
                    .build();
            CfnOutput.Builder.create(this, "ExecShellCommand")
                    .description("Opens manage.py shell in the task ExecTaskCommand started (needs the Session Manager"
                            + " plugin of the AWS CLI)")
                    .value(Fn.join("", List.of("aws ecs execute-command --region ", Stack.of(this).getRegion(),
                            " --cluster ", cluster.getClusterName(), " --task TASK_ID --container ", CONTAINER_NAME,
                            " --interactive --command \"python3 manage.py shell\"")))
                    .build();
        }
    }

    /**
     * @param command the container's command
     * @param exec whether the task may be entered with ECS Exec
     * @return the {@code aws ecs run-task} line for this cluster, task definition family and network
     *     (https://docs.aws.amazon.com/cli/latest/reference/ecs/run-task.html)
     */
    private String runTaskLine(final List<String> command, final boolean exec) {
        final List<String> parts = new ArrayList<>(List.of("aws ecs run-task --region ", Stack.of(this).getRegion(),
                " --cluster ", cluster.getClusterName(),
                " --task-definition ", taskDefinition.getFamily(),
                " --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=[",
                Fn.join(",", container.getSubnets().stream().map(ISubnet::getSubnetId).toList()),
                "],securityGroups=[",
                Fn.join(",", securityGroups.stream().map(ISecurityGroup::getSecurityGroupId).toList()),
                "],assignPublicIp=", assignPublicIp ? "ENABLED" : "DISABLED", "}'"));
        if (exec) {
            parts.add(" --enable-execute-command");
        }
        final Map<String, Object> override = new LinkedHashMap<>();
        override.put("name", CONTAINER_NAME);
        override.put("command", command);
        parts.add(" --overrides '" + Json.value(Map.of("containerOverrides", List.of(override))) + "'");
        return Fn.join("", parts);
    }

    // ---- metrics ----------------------------------------------------------------------------------

    /**
     * Failed commands: the events of tasks of this family that stopped with a non-zero exit code or
     * failed to start, as the times the rule matched ({@code AWS/Events TriggeredRules} by
     * {@code RuleName}, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
     *
     * @param props the metric's options, or null: sum over 5 minutes
     * @return the metric
     */
    public Metric metricFailedTasks(final @Nullable MetricOptions props) {
        final Metric metric = Metric.Builder.create()
                .namespace(EVENTS_NAMESPACE)
                .metricName("TriggeredRules")
                .dimensionsMap(Map.of("RuleName", failedTaskRule.getRuleName()))
                .statistic("Sum")
                .period(FIVE_MINUTES)
                .build();
        return props == null ? metric : metric.with(props);
    }

    /**
     * Schedules that could not run their task: RunTask requests the scheduler gave up on after its
     * retries, sent to the dead-letter queue or dropped ({@code AWS/Scheduler} by {@code ScheduleGroup}:
     * InvocationsSentToDeadLetterCount, InvocationsFailedToBeSentToDeadLetterCount, InvocationDroppedCount;
     * https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html).
     *
     * @param props the metric's options (period), or null: 5 minutes
     * @return their sum, or null when there is no schedule
     */
    public @Nullable IMetric metricScheduleFailures(final @Nullable MetricOptions props) {
        if (scheduleGroup == null) {
            return null;
        }
        final Duration period = props != null && props.getPeriod() != null ? props.getPeriod() : FIVE_MINUTES;
        final Map<String, IMetric> using = new TreeMap<>();
        using.put("sent", schedulerMetric("InvocationsSentToDeadLetterCount", period));
        using.put("unsent", schedulerMetric("InvocationsFailedToBeSentToDeadLetterCount", period));
        using.put("dropped", schedulerMetric("InvocationDroppedCount", period));
        return MathExpression.Builder.create()
                .expression("FILL(sent, 0) + FILL(unsent, 0) + FILL(dropped, 0)")
                .usingMetrics(using)
                .label("Scheduled commands not started")
                .period(period)
                .build();
    }

    /**
     * @param metricName an {@code AWS/Scheduler} metric
     * @param period its period
     * @return the metric of this construct's schedule group, summed
     */
    public Metric schedulerMetric(final String metricName, final Duration period) {
        return Metric.Builder.create()
                .namespace(SCHEDULER_NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(Map.of("ScheduleGroup", Objects.requireNonNull(scheduleGroup,
                        "no schedule: the scheduler publishes nothing for this construct").getScheduleGroupName()))
                .statistic("Sum")
                .period(period)
                .build();
    }

    // ---- IGrantable and getters ------------------------------------------------------------------

    /** @return the task role: grants to the commands are their permissions */
    @Override
    public @NotNull IPrincipal getGrantPrincipal() {
        return taskRole;
    }

    /** @return the service the commands run as */
    public IDjangoService getService() {
        return service;
    }

    /** @return the cluster the tasks run in */
    public Cluster getCluster() {
        return cluster;
    }

    /** @return the task definition */
    public FargateTaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /** @return the container, named {@link #CONTAINER_NAME} */
    public ContainerDefinition getContainer() {
        return containerDefinition;
    }

    /** @return the commands' log group */
    public LogGroup getLogGroup() {
        return logGroup;
    }

    /** @return the role ECS pulls the image, writes the logs and reads the secrets with */
    public Role getExecutionRole() {
        return executionRole;
    }

    /** @return the role the commands run with */
    public Role getTaskRole() {
        return taskRole;
    }

    /** @return the rule on failed tasks */
    public Rule getFailedTaskRule() {
        return failedTaskRule;
    }

    /** @return the queue that keeps the failed tasks' events */
    public Queue getFailedTasksQueue() {
        return failedTasks;
    }

    /** @return the schedules, by command name */
    public Map<String, Schedule> getSchedules() {
        return Map.copyOf(schedules);
    }

    /** @return the schedule group, or null without schedules */
    public @Nullable ScheduleGroup getScheduleGroup() {
        return scheduleGroup;
    }

    /** @return the schedules' dead-letter queue, or null without schedules */
    public @Nullable Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** @return the role EventBridge Scheduler runs the task with, or null without schedules */
    public @Nullable Role getSchedulerRole() {
        return schedulerRole;
    }
}
