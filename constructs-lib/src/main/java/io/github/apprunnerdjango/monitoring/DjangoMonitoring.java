package io.github.apprunnerdjango.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.commands.DjangoCommands;
import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.data.DjangoAuroraDatabase;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.internal.ComplianceProfile;
import io.github.apprunnerdjango.internal.Checks;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.CfnDBCluster;
import software.amazon.awscdk.services.sam.CfnApplication;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Alarms and a dashboard for a Django service of this library and, optionally, its database: each alarm
 * on a metric the compute or database service publishes under its own namespace and dimensions, each
 * with an action to one SNS topic.
 * <ul>
 *   <li>{@code ServerErrorRate}: 5xx answers in percent of requests over 5 minutes;</li>
 *   <li>{@code LatencyP99}: p99 latency over 15 minutes (App Runner's RequestLatency, the load
 *       balancer's TargetResponseTime for Express);</li>
 *   <li>{@code NoHealthyCapacity}: App Runner received requests while no instance was active, or no
 *       Express task ran for 5 minutes;</li>
 *   <li>the service's own redeploy alarm (a redeploy after a rotation or a push failed, was rolled back
 *       or timed out) gets the topic as its action;</li>
 *   <li>with a database: {@code AcuNearMax} (ACUUtilization), {@code ConnectionsNearLimit}
 *       (DatabaseConnections against max_connections) and {@code RotationFailed} per rotation function
 *       (its {@code AWS/Lambda} Errors: a rotation step that fails ends the function in error);</li>
 *   <li>with {@code commands}: {@code CommandFailed} (a management command's task stopped with a non-zero
 *       exit code or failed to start) and {@code ScheduleFailed} (a schedule gave up starting its task).</li>
 * </ul>
 * Express's load balancer is shared by the VPC's Express services: its request, 5xx and latency
 * metrics count all of them. A database in another stack is named by its cluster identifier, read
 * through an SSM parameter the database writes (no export).
 */
public class DjangoMonitoring extends Construct {
    /** Aurora PostgreSQL's max_connections at 1 ACU of maximum capacity (aurora-serverless-v2.setting-capacity). */
    static final int MAX_CONNECTIONS_PER_ACU = 189;
    /** Aurora PostgreSQL's ceiling of the default max_connections. */
    static final int MAX_CONNECTIONS_CEILING = 5000;
    /** The ceiling when the minimum capacity is below 1 ACU. */
    static final int MAX_CONNECTIONS_LOW_MINIMUM = 2000;
    private static final Duration FIVE_MINUTES = Duration.minutes(5);

    private final ITopic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    /**
     * @param scope the parent construct, in any stack
     * @param id the construct id
     * @param props the props; service is required
     */
    public DjangoMonitoring(final Construct scope, final String id, final DjangoMonitoringProps props) {
        super(scope, id);
        final Checks v = new Checks("DjangoMonitoring");
        v.required("service", props.getService());
        final ServiceSignals signals = props.getService() == null ? null : ServiceSignals.of(props.getService());
        v.check(props.getService() == null || signals != null, "service", props.getService(),
                "an AppRunnerDjangoService or an ExpressDjangoService (their metrics are known)");
        final DjangoAuroraDatabase database = aurora(props.getDatabase());
        v.check(props.getDatabase() == null || database != null, "database", props.getDatabase(),
                "a DjangoAuroraDatabase or a DataStack (an imported database's metrics are unknown here)");
        v.check(props.getTopic() == null || props.getAlarmEmail() == null, "alarmEmail", props.getAlarmEmail(),
                "only with a created topic: subscribe the address to the given topic instead");
        v.check(props.getAlarmEmail() == null || Token.isUnresolved(props.getAlarmEmail())
                || props.getAlarmEmail().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), "alarmEmail", props.getAlarmEmail(),
                "an e-mail address");
        percent(v, "serverErrorRatePercent", props.getServerErrorRatePercent());
        percent(v, "acuUtilizationPercent", props.getAcuUtilizationPercent());
        percent(v, "connectionsPercent", props.getConnectionsPercent());
        positive(v, "latencyP99Millis", props.getLatencyP99Millis());
        positive(v, "maxConnections", props.getMaxConnections());
        v.check(props.getCommands() == null || props.getCommands().stream().allMatch(Objects::nonNull), "commands",
                props.getCommands(), "a list of DjangoCommands, none null");
        v.throwIfInvalid();

        this.topic = props.getTopic() != null ? props.getTopic() : topic(props.getAlarmEmail(), props.getCompliance());
        final List<IWidget> widgets = new ArrayList<>();
        serviceAlarms(Objects.requireNonNull(signals), props, widgets);
        if (database != null) {
            databaseAlarms(database, props, widgets);
        }
        if (props.getCommands() != null) {
            commandAlarms(props.getCommands(), widgets);
        }
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(props.getDashboardName())
                .widgets(rows(widgets))
                .build();
    }

    private static @Nullable DjangoAuroraDatabase aurora(final @Nullable IDjangoDatabase database) {
        return database == null ? null : database.getAuroraDatabase();
    }

    private static void percent(final Checks v, final String prop, final @Nullable Number value) {
        v.check(value == null || value.doubleValue() > 0 && value.doubleValue() <= 100, prop, value,
                "a percentage above 0, at most 100");
    }

    private static void positive(final Checks v, final String prop, final @Nullable Number value) {
        v.check(value == null || value.doubleValue() > 0, prop, value, "a number above 0");
    }

    /**
     * An encrypted topic that accepts HTTPS only. CloudWatch publishes to an encrypted topic only with a
     * customer managed key whose policy lets it use the key
     * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
     * for this account's alarms only (aws:SourceAccount, against the confused deputy:
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-confused-deputy.html).
     */
    private Topic topic(final @Nullable String email, final @Nullable Compliance compliance) {
        final Key key = Key.Builder.create(this, "TopicKey")
                .description("Encrypts the Django monitoring alarms topic")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                .build());
        if (compliance != null) {
            ComplianceProfile.denyGrantsButForAwsServices(key);
        }
        final Topic created = Topic.Builder.create(this, "Topic")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        if (email != null) {
            created.addSubscription(new EmailSubscription(email));
        }
        return created;
    }

    private void serviceAlarms(final ServiceSignals s, final DjangoMonitoringProps props, final List<IWidget> widgets) {
        final double errorRate = number(props.getServerErrorRatePercent(), DjangoMonitoringProps.DEFAULT_SERVER_ERROR_RATE_PERCENT);
        final Map<String, IMetric> using = new TreeMap<>();
        using.put("errors", s.serverErrors());
        using.put("requests", s.requests());
        // no requests, no data point: missing data is not breaching
        final IMetric rate = MathExpression.Builder.create()
                .expression("100 * FILL(errors, 0) / requests")
                .usingMetrics(using)
                .label("5xx in percent of requests")
                .period(FIVE_MINUTES)
                .build();
        add("ServerErrorRate", rate, errorRate, ComparisonOperator.GREATER_THAN_THRESHOLD, 1,
                TreatMissingData.NOT_BREACHING, "More than " + errorRate + "% of the " + s.what()
                        + "'s answers in 5 minutes were 5xx", widgets);
        final double latency = number(props.getLatencyP99Millis(), DjangoMonitoringProps.DEFAULT_LATENCY_P99_MILLIS);
        add("LatencyP99", s.latencyP99(), latency / s.latencyUnitMillis(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3,
                TreatMissingData.NOT_BREACHING, "The " + s.what() + "'s p99 latency was above " + latency
                        + " ms for 15 minutes", widgets);
        add("NoHealthyCapacity", s.noCapacity(), 1, s.noCapacityComparison(), s.noCapacityPeriods(),
                s.noCapacityMissing(), s.noCapacityDescription(), widgets);
        if (s.redeployAlarm() != null) {
            s.redeployAlarm().addAlarmAction(new SnsAction(topic));
            alarms.add(s.redeployAlarm());
            widgets.add(widget(s.redeployAlarm()));
        }
    }

    private void databaseAlarms(final DjangoAuroraDatabase database, final DjangoMonitoringProps props,
                                final List<IWidget> widgets) {
        final double acu = number(props.getAcuUtilizationPercent(), DjangoMonitoringProps.DEFAULT_ACU_UTILIZATION_PERCENT);
        // the database of another stack is named through its SSM parameter: no export locks it
        final Map<String, String> cluster = Map.of("DBClusterIdentifier", database.clusterIdentifierFor(this));
        add("AcuNearMax", database.metricAcuUtilization(MetricOptions.builder().period(FIVE_MINUTES)
                        .dimensionsMap(cluster).statistic("Maximum").build()), acu, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 3,
                // a paused (0 ACU) cluster publishes nothing: that is no pressure
                TreatMissingData.NOT_BREACHING, "The Aurora cluster used " + acu
                        + "% or more of its maximum capacity for 15 minutes: raise maxCapacity", widgets);
        final double limit = props.getMaxConnections() != null ? props.getMaxConnections().doubleValue()
                : documentedMaxConnections(database);
        final double share = number(props.getConnectionsPercent(), DjangoMonitoringProps.DEFAULT_CONNECTIONS_PERCENT);
        add("ConnectionsNearLimit", database.metricDatabaseConnections(MetricOptions.builder().period(FIVE_MINUTES)
                        .dimensionsMap(cluster).statistic("Maximum").build()), Math.floor(limit * share / 100),
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING,
                "The Aurora cluster had " + share + "% or more of its " + (long) limit + " connections open", widgets);
        int index = 0;
        for (final String functionName : rotationFunctionNames(database)) {
            index++;
            final Metric errors = Metric.Builder.create()
                    .namespace("AWS/Lambda")
                    .metricName("Errors")
                    .dimensionsMap(Map.of("FunctionName", functionName))
                    .statistic("Sum")
                    .period(FIVE_MINUTES)
                    .build();
            add(index == 1 ? "RotationFailed" : "RotationFailed" + index, errors, 1,
                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING,
                    "The database secret's rotation function " + functionName + " failed: the rotation stopped,"
                            + " see its log group and the secret's AWSPENDING version", widgets);
        }
    }

    /**
     * A management command that failed (its task exited non-zero or did not start) and a schedule that
     * could not start its task each raise an alarm at the first occurrence; no data is no failure.
     */
    private void commandAlarms(final List<DjangoCommands> commands, final List<IWidget> widgets) {
        int index = 0;
        for (final DjangoCommands c : commands) {
            index++;
            final String suffix = index == 1 ? "" : String.valueOf(index);
            add("CommandFailed" + suffix, c.metricFailedTasks(null), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    1, TreatMissingData.NOT_BREACHING, "A management command's task (" + c.getNode().getPath()
                            + ") stopped with a non-zero exit code or failed to start: see its log group and the"
                            + " events in its FailedTasks queue", widgets);
            final IMetric scheduleFailures = c.metricScheduleFailures(null);
            if (scheduleFailures != null) {
                add("ScheduleFailed" + suffix, scheduleFailures, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                        1, TreatMissingData.NOT_BREACHING, "A schedule of " + c.getNode().getPath() + " could not start"
                                + " its task after its retries: see the schedules' dead-letter queue", widgets);
            }
        }
    }

    /**
     * Aurora PostgreSQL derives max_connections from the memory of the maximum capacity: 189 at 1 ACU,
     * 3,360 at 16, at most 5,000, and at most 2,000 when the minimum is below 1 ACU
     * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections).
     * 189 per ACU of the maximum is the documented value at 1 ACU and below the documented values of
     * larger maxima (3,024 against 3,360 at 16): a bound that never overstates the limit.
     *
     * @param database the database
     * @return the estimated max_connections of each instance
     */
    static double documentedMaxConnections(final DjangoAuroraDatabase database) {
        final CfnDBCluster cfn = (CfnDBCluster) Objects.requireNonNull(database.getCluster().getNode().getDefaultChild());
        // the L2 sets it lazily: resolved, it is the struct's fields
        final Object scaling = Stack.of(cfn).resolve(cfn.getServerlessV2ScalingConfiguration());
        final double max = capacity(scaling, "maxCapacity");
        final double min = capacity(scaling, "minCapacity");
        final double ceiling = min < 1 ? MAX_CONNECTIONS_LOW_MINIMUM : MAX_CONNECTIONS_CEILING;
        return Math.min(Math.floor(MAX_CONNECTIONS_PER_ACU * max), ceiling);
    }

    private static double capacity(final Object scaling, final String field) {
        final Object value = scaling instanceof CfnDBCluster.ServerlessV2ScalingConfigurationProperty p
                ? ("maxCapacity".equals(field) ? p.getMaxCapacity() : p.getMinCapacity())
                : scaling instanceof Map<?, ?> m ? (m.containsKey(field) ? m.get(field)
                        : m.get(Character.toUpperCase(field.charAt(0)) + field.substring(1))) : null;
        if (!(value instanceof Number n) || Token.isUnresolved(n)) {
            throw new IllegalArgumentException("Invalid DjangoMonitoring props:\n  - maxConnections: got null;"
                    + " allowed: a number, required when the cluster's " + field + " is not a number at synthesis");
        }
        return n.doubleValue();
    }

    /**
     * The rotation functions' names: CDK's SecretRotation deploys AWS's rotation application with its
     * {@code functionName} parameter, a name fixed at synthesis, so the metric needs no cross-stack reference.
     */
    static List<String> rotationFunctionNames(final DjangoAuroraDatabase database) {
        final List<String> names = new ArrayList<>();
        for (final IConstruct node : database.getNode().findAll()) {
            if (node instanceof CfnApplication app && app.getParameters() instanceof Map<?, ?> parameters
                    && parameters.get("functionName") instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    private void add(final String id, final IMetric metric, final double threshold, final ComparisonOperator comparison,
                     final int periods, final TreatMissingData missing, final String description,
                     final List<IWidget> widgets) {
        final Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
        widgets.add(widget(alarm));
    }

    private static GraphWidget widget(final Alarm alarm) {
        return GraphWidget.Builder.create()
                .title(alarm.getNode().getId())
                .left(List.of(alarm.getMetric()))
                .leftAnnotations(List.of(alarm.toAnnotation()))
                .width(8)
                .build();
    }

    private static List<List<IWidget>> rows(final List<IWidget> widgets) {
        final List<List<IWidget>> rows = new ArrayList<>();
        for (int i = 0; i < widgets.size(); i += 3) {
            rows.add(widgets.subList(i, Math.min(i + 3, widgets.size())));
        }
        return rows;
    }

    private static double number(final @Nullable Number value, final double fallback) {
        return value == null ? fallback : value.doubleValue();
    }

    /** @return the topic every alarm notifies */
    public ITopic getTopic() {
        return topic;
    }

    /** @return every alarm with an action to the topic, the service's redeploy alarm included */
    public List<Alarm> getAlarms() {
        return List.copyOf(alarms);
    }

    /** @return the dashboard */
    public Dashboard getDashboard() {
        return dashboard;
    }
}
