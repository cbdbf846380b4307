package io.github.apprunnerdjango.commands;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.service.IDjangoService;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Props of {@link DjangoCommands}. Required: service. Every other prop has a default.
 */
public final class DjangoCommandsProps {
    /** Default of {@code cpu}: 0.25 vCPU. */
    public static final int DEFAULT_CPU = 256;
    /** Default of {@code memory}: 512 MiB. */
    public static final int DEFAULT_MEMORY = 512;
    /** Default of {@code retryAttempts}. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 2;
    /** Default of {@code maxEventAge}. */
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.hours(1);

    private final IDjangoService service;
    private final @Nullable List<ScheduledCommand> schedules;
    private final @Nullable Number cpu;
    private final @Nullable Number memory;
    private final @Nullable RetentionDays logRetention;
    private final @Nullable Boolean executeCommand;
    private final @Nullable Number retryAttempts;
    private final @Nullable Duration maxEventAge;
    private final @Nullable Compliance compliance;

    private DjangoCommandsProps(final Builder b) {
        this.service = b.service;
        this.schedules = b.schedules == null ? null : Collections.unmodifiableList(new ArrayList<>(b.schedules));
        this.cpu = b.cpu;
        this.memory = b.memory;
        this.logRetention = b.logRetention;
        this.executeCommand = b.executeCommand;
        this.retryAttempts = b.retryAttempts;
        this.maxEventAge = b.maxEventAge;
        this.compliance = b.compliance;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the service whose image, variables, secrets and network the commands run with */
    public IDjangoService getService() {
        return service;
    }

    /** @return the commands run on a schedule. Default: - none (one-off commands only) */
    public @Nullable List<ScheduledCommand> getSchedules() {
        return schedules;
    }

    /** @return the task's CPU units, a Fargate size. Default: - {@link #DEFAULT_CPU} */
    public @Nullable Number getCpu() {
        return cpu;
    }

    /** @return the task's memory in MiB, a Fargate size for the CPU. Default: - {@link #DEFAULT_MEMORY} */
    public @Nullable Number getMemory() {
        return memory;
    }

    /**
     * @return the compliance profile, such as {@link Compliance#controlTower()}: the commands' log group
     *     encrypted with the profile's key and kept at least a year; give the service's profile.
     *     Default: - none (nothing beyond the defaults)
     */
    public @Nullable Compliance getCompliance() {
        return compliance;
    }

    /** @return how long the commands' logs are kept. Default: - three months */
    public @Nullable RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * @return whether one-off tasks may be entered with {@code aws ecs execute-command} (ECS Exec): the
     *     task role gets the {@code ssmmessages} permissions and the outputs print the lines for an
     *     interactive {@code manage.py shell}. The tasks' subnets must reach Systems Manager (NAT, a public
     *     IP or an {@code ssmmessages} interface endpoint). Default: - false
     */
    public @Nullable Boolean getExecuteCommand() {
        return executeCommand;
    }

    /** @return how often the scheduler retries a failed RunTask, 0 to 185. Default: - {@link #DEFAULT_RETRY_ATTEMPTS} */
    public @Nullable Number getRetryAttempts() {
        return retryAttempts;
    }

    /**
     * @return how long the scheduler keeps retrying a RunTask, 1 minute to 24 hours, then sends the
     *     event to the dead-letter queue. Default: - {@link #DEFAULT_MAX_EVENT_AGE}
     */
    public @Nullable Duration getMaxEventAge() {
        return maxEventAge;
    }

    /** Builds {@link DjangoCommandsProps}. */
    public static final class Builder {
        private IDjangoService service;
        private List<ScheduledCommand> schedules;
        private Number cpu;
        private Number memory;
        private RetentionDays logRetention;
        private Boolean executeCommand;
        private Number retryAttempts;
        private Duration maxEventAge;
        private Compliance compliance;

        private Builder() {
        }

        /**
         * @param compliance a compliance profile ({@link Compliance#controlTower()}): give the service's.
         *     Default: - none
         * @return this builder
         */
        public Builder compliance(final Compliance compliance) {
            this.compliance = compliance;
            return this;
        }

        /**
         * @param service an {@code AppRunnerDjangoService} or an {@code ExpressDjangoService}
         * @return this builder
         */
        public Builder service(final IDjangoService service) {
            this.service = service;
            return this;
        }

        /**
         * @param schedules the commands run on a schedule; Default: - none
         * @return this builder
         */
        public Builder schedules(final List<ScheduledCommand> schedules) {
            this.schedules = schedules;
            return this;
        }

        /**
         * @param cpu the task's CPU units; Default: - {@link #DEFAULT_CPU}
         * @return this builder
         */
        public Builder cpu(final Number cpu) {
            this.cpu = cpu;
            return this;
        }

        /**
         * @param memory the task's memory in MiB; Default: - {@link #DEFAULT_MEMORY}
         * @return this builder
         */
        public Builder memory(final Number memory) {
            this.memory = memory;
            return this;
        }

        /**
         * @param logRetention how long the logs are kept; Default: - three months
         * @return this builder
         */
        public Builder logRetention(final RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * @param executeCommand whether ECS Exec is allowed into one-off tasks; Default: - false
         * @return this builder
         */
        public Builder executeCommand(final Boolean executeCommand) {
            this.executeCommand = executeCommand;
            return this;
        }

        /**
         * @param retryAttempts the scheduler's retries of a failed RunTask; Default: - {@link #DEFAULT_RETRY_ATTEMPTS}
         * @return this builder
         */
        public Builder retryAttempts(final Number retryAttempts) {
            this.retryAttempts = retryAttempts;
            return this;
        }

        /**
         * @param maxEventAge how long the scheduler retries; Default: - {@link #DEFAULT_MAX_EVENT_AGE}
         * @return this builder
         */
        public Builder maxEventAge(final Duration maxEventAge) {
            this.maxEventAge = maxEventAge;
            return this;
        }

        /** @return the props */
        public DjangoCommandsProps build() {
            return new DjangoCommandsProps(this);
        }
    }
}
