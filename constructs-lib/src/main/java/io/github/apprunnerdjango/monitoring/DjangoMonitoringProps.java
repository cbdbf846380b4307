package io.github.apprunnerdjango.monitoring;

import java.util.List;

import io.github.apprunnerdjango.commands.DjangoCommands;
import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.service.IDjangoService;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Props of {@link DjangoMonitoring}. Required: service. Every threshold has a default; alarms go to one
 * SNS topic, given ({@code topic}) or created ({@code alarmEmail} subscribes an address to it).
 */
public final class DjangoMonitoringProps {
    /** Default of {@code serverErrorRatePercent}. */
    public static final double DEFAULT_SERVER_ERROR_RATE_PERCENT = 5;
    /** Default of {@code latencyP99Millis}. */
    public static final double DEFAULT_LATENCY_P99_MILLIS = 2000;
    /** Default of {@code acuUtilizationPercent}. */
    public static final double DEFAULT_ACU_UTILIZATION_PERCENT = 90;
    /** Default of {@code connectionsPercent}. */
    public static final double DEFAULT_CONNECTIONS_PERCENT = 80;

    private final IDjangoService service;
    private final @Nullable IDjangoDatabase database;
    private final @Nullable ITopic topic;
    private final @Nullable String alarmEmail;
    private final @Nullable Number serverErrorRatePercent;
    private final @Nullable Number latencyP99Millis;
    private final @Nullable Number acuUtilizationPercent;
    private final @Nullable Number connectionsPercent;
    private final @Nullable Number maxConnections;
    private final @Nullable String dashboardName;
    private final @Nullable List<DjangoCommands> commands;

    private final Compliance compliance;

    private DjangoMonitoringProps(final Builder b) {
        this.service = b.service;
        this.database = b.database;
        this.topic = b.topic;
        this.alarmEmail = b.alarmEmail;
        this.serverErrorRatePercent = b.serverErrorRatePercent;
        this.latencyP99Millis = b.latencyP99Millis;
        this.acuUtilizationPercent = b.acuUtilizationPercent;
        this.connectionsPercent = b.connectionsPercent;
        this.maxConnections = b.maxConnections;
        this.dashboardName = b.dashboardName;
        this.commands = b.commands == null ? null : List.copyOf(b.commands);
        this.compliance = b.compliance;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the service watched: an {@code AppRunnerDjangoService} or an {@code ExpressDjangoService} */
    public IDjangoService getService() {
        return service;
    }

    /**
     * @return the database watched: a {@code DjangoAuroraDatabase} or a {@code DataStack}. Default: - the
     *     database's alarms are left out
     */
    public @Nullable IDjangoDatabase getDatabase() {
        return database;
    }

    /**
     * @return the topic every alarm notifies. An encrypted topic needs a customer managed key whose policy
     *     lets cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*): with the AWS managed key
     *     (alias/aws/sns) CloudWatch cannot publish and the alarms notify nobody
     *     (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
     *     Default: - a topic is created (encrypted with such a key, HTTPS only)
     */
    public @Nullable ITopic getTopic() {
        return topic;
    }

    /** @return an e-mail address subscribed to the created topic. Default: - no subscription */
    public @Nullable String getAlarmEmail() {
        return alarmEmail;
    }

    /** @return the share of 5xx answers, in percent of requests over 5 minutes, that alarms. Default: - 5 */
    public @Nullable Number getServerErrorRatePercent() {
        return serverErrorRatePercent;
    }

    /** @return the p99 latency in milliseconds that alarms after 15 minutes. Default: - 2000 */
    public @Nullable Number getLatencyP99Millis() {
        return latencyP99Millis;
    }

    /** @return the capacity in percent of the maximum ACU that alarms after 15 minutes. Default: - 90 */
    public @Nullable Number getAcuUtilizationPercent() {
        return acuUtilizationPercent;
    }

    /** @return the connections in percent of {@code maxConnections} that alarm. Default: - 80 */
    public @Nullable Number getConnectionsPercent() {
        return connectionsPercent;
    }

    /**
     * @return the database's max_connections per instance. Default: - derived from the cluster's capacity
     *     range: 189 per ACU of the maximum (Aurora PostgreSQL's documented value at 1 ACU, below the
     *     documented values of larger maxima), at most 5,000, at most 2,000 when the minimum is below 1 ACU
     */
    public @Nullable Number getMaxConnections() {
        return maxConnections;
    }

    /** @return the dashboard's name. Default: - a name CloudFormation generates */
    public @Nullable String getDashboardName() {
        return dashboardName;
    }

    /**
     * @return the management commands watched: an alarm when a command's task fails ({@code CommandFailed})
     *     and, with schedules, when a schedule could not start it ({@code ScheduleFailed}). Default: - none
     */
    public @Nullable List<DjangoCommands> getCommands() {
        return commands;
    }

    /**
     * @return the compliance profile, such as {@link Compliance#controlTower()}, which makes every
     *     resource of the monitoring (its created topic's key)
     *     meet its controls; Default: - none (nothing beyond the defaults)
     */
    public Compliance getCompliance() {
        return compliance;
    }

    /** Builder of {@link DjangoMonitoringProps}. */
    public static final class Builder {
        private Compliance compliance;
        private IDjangoService service;
        private IDjangoDatabase database;
        private ITopic topic;
        private String alarmEmail;
        private Number serverErrorRatePercent;
        private Number latencyP99Millis;
        private Number acuUtilizationPercent;
        private Number connectionsPercent;
        private Number maxConnections;
        private String dashboardName;
        private List<DjangoCommands> commands;

        private Builder() {
        }

        /**
         * @param service the service to watch (required)
         * @return this
         */
        public Builder service(final IDjangoService service) {
            this.service = service;
            return this;
        }

        /**
         * @param database the database to watch; Default: - none
         * @return this
         */
        public Builder database(final IDjangoDatabase database) {
            this.database = database;
            return this;
        }

        /**
         * @param topic the alarms' topic (encrypted: with a customer managed key that CloudWatch may use, not
         *     alias/aws/sns); Default: - a topic is created
         * @return this
         */
        public Builder topic(final ITopic topic) {
            this.topic = topic;
            return this;
        }

        /**
         * @param alarmEmail an address subscribed to the created topic; Default: - none
         * @return this
         */
        public Builder alarmEmail(final String alarmEmail) {
            this.alarmEmail = alarmEmail;
            return this;
        }

        /**
         * @param percent see {@link #getServerErrorRatePercent()}; Default: - 5
         * @return this
         */
        public Builder serverErrorRatePercent(final Number percent) {
            this.serverErrorRatePercent = percent;
            return this;
        }

        /**
         * @param millis see {@link #getLatencyP99Millis()}; Default: - 2000
         * @return this
         */
        public Builder latencyP99Millis(final Number millis) {
            this.latencyP99Millis = millis;
            return this;
        }

        /**
         * @param percent see {@link #getAcuUtilizationPercent()}; Default: - 90
         * @return this
         */
        public Builder acuUtilizationPercent(final Number percent) {
            this.acuUtilizationPercent = percent;
            return this;
        }

        /**
         * @param percent see {@link #getConnectionsPercent()}; Default: - 80
         * @return this
         */
        public Builder connectionsPercent(final Number percent) {
            this.connectionsPercent = percent;
            return this;
        }

        /**
         * @param maxConnections see {@link #getMaxConnections()}; Default: - derived
         * @return this
         */
        public Builder maxConnections(final Number maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * @param dashboardName the dashboard's name; Default: - generated
         * @return this
         */
        public Builder dashboardName(final String dashboardName) {
            this.dashboardName = dashboardName;
            return this;
        }

        /**
         * @param commands the management commands to watch; Default: - none
         * @return this
         */
        public Builder commands(final List<DjangoCommands> commands) {
            this.commands = commands;
            return this;
        }

        /**
         * @param compliance a compliance profile: with {@link Compliance#controlTower()} the created
         *     topic's key lets only AWS services create grants (CT.KMS.PR.3); give the service's profile.
         *     Default: - none
         * @return this
         */
        public Builder compliance(final Compliance compliance) {
            this.compliance = compliance;
            return this;
        }

        /** @return the props */
        public DjangoMonitoringProps build() {
            return new DjangoMonitoringProps(this);
        }
    }
}
