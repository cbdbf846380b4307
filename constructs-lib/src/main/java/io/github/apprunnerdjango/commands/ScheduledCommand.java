package io.github.apprunnerdjango.commands;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jetbrains.annotations.Nullable;

/**
 * A management command run on a schedule by {@link DjangoCommands}: an EventBridge Scheduler schedule
 * that starts one Fargate task of the service's image with {@code command} as the container's command
 * (the image's entrypoint waits for the database, then runs it; the service migrates). Required: name, command,
 * schedule.
 */
public final class ScheduledCommand {
    private final String name;
    private final List<String> command;
    private final String schedule;
    private final @Nullable String timeZone;
    private final @Nullable String description;

    private ScheduledCommand(final Builder b) {
        this.name = b.name;
        this.command = b.command == null ? null : Collections.unmodifiableList(new ArrayList<>(b.command));
        this.schedule = b.schedule;
        this.timeZone = b.timeZone;
        this.description = b.description;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the command's name, unique among the commands of one {@link DjangoCommands}: 1 to 40 of
     *     letters, digits and hyphens, starting with a letter (part of the schedule's construct id)
     */
    public String getName() {
        return name;
    }

    /** @return the container's command, one argument per element, such as {@code python3 manage.py clearsessions} */
    public List<String> getCommand() {
        return command;
    }

    /**
     * @return when it runs: {@code cron(minutes hours day-of-month month day-of-week year)} or
     *     {@code rate(value unit)} (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html)
     */
    public String getSchedule() {
        return schedule;
    }

    /** @return the IANA time zone a cron expression is read in, such as {@code Europe/Paris}. Default: - UTC */
    public @Nullable String getTimeZone() {
        return timeZone;
    }

    /** @return the schedule's description. Default: - the command's name and arguments */
    public @Nullable String getDescription() {
        return description;
    }

    /** Builds a {@link ScheduledCommand}. */
    public static final class Builder {
        private String name;
        private List<String> command;
        private String schedule;
        private String timeZone;
        private String description;

        private Builder() {
        }

        /**
         * @param name the command's name, unique in its {@link DjangoCommands}
         * @return this builder
         */
        public Builder name(final String name) {
            this.name = name;
            return this;
        }

        /**
         * @param command the container's command, one argument per element
         * @return this builder
         */
        public Builder command(final List<String> command) {
            this.command = command;
            return this;
        }

        /**
         * @param schedule {@code cron(...)} or {@code rate(...)}, as EventBridge Scheduler reads it
         * @return this builder
         */
        public Builder schedule(final String schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * @param timeZone an IANA time zone; Default: - UTC
         * @return this builder
         */
        public Builder timeZone(final String timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        /**
         * @param description the schedule's description; Default: - the command's name and arguments
         * @return this builder
         */
        public Builder description(final String description) {
            this.description = description;
            return this;
        }

        /** @return the scheduled command */
        public ScheduledCommand build() {
            return new ScheduledCommand(this);
        }
    }
}
