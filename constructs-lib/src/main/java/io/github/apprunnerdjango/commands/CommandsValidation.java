package io.github.apprunnerdjango.commands;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.Checks;
import io.github.apprunnerdjango.internal.PropsValidator;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.service.ServiceContainer;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;

/** Validates {@link DjangoCommandsProps} and {@link ScheduledCommand}s before any resource exists. */
final class CommandsValidation {
    /** Where the schedule expressions' syntax is documented. */
    static final String SCHEDULE_TYPES_URL = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html";
    /** Fargate's task sizes (Linux): CPU units to the memory sizes in MiB allowed with them. */
    static final String FARGATE_SIZES_URL = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size";
    /** What tasks in subnets without a route out need (ECR's API and registry, S3 for the layers, logs, secrets). */
    static final String ECR_ENDPOINTS_URL = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html";
    /** ECS Exec's agent talks to Systems Manager's ssmmessages. */
    static final String EXEC_URL = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html";
    /** The interface endpoints a task in an isolated subnet needs, by short name. */
    static final List<String> TASK_ENDPOINTS = List.of("ecr.api", "ecr.dkr", "logs", "secretsmanager");
    /** Systems Manager's endpoint, for SSM parameters among the secrets. */
    static final String SSM_ENDPOINT = "ssm";
    /** ECS reads SSM parameters into a task's secrets with the execution role, from Systems Manager. */
    static final String SSM_PARAMETERS_URL = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html";
    /** ECS Exec's endpoint. */
    static final String EXEC_ENDPOINT = "ssmmessages";

    static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{0,39}$");
    private static final Pattern RATE = Pattern.compile("^rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)$");
    private static final Pattern CRON = Pattern.compile("^cron\\((.*)\\)$");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final Map<Integer, List<Integer>> FARGATE_SIZES = fargateSizes();

    private CommandsValidation() {
    }

    /** @return the props after checking them; throws once, listing every failure */
    static DjangoCommandsProps validated(final DjangoCommandsProps p) {
        final Checks v = new Checks("DjangoCommands");
        v.required("service", p.getService());
        final int cpu = p.getCpu() == null ? DjangoCommandsProps.DEFAULT_CPU : p.getCpu().intValue();
        final int memory = p.getMemory() == null ? DjangoCommandsProps.DEFAULT_MEMORY : p.getMemory().intValue();
        final List<Integer> memories = FARGATE_SIZES.get(cpu);
        v.check(memories != null, "cpu", p.getCpu(), "allowed: one of Fargate's CPU sizes " + FARGATE_SIZES.keySet()
                + " (" + FARGATE_SIZES_URL + ")");
        v.check(memories == null || memories.contains(memory), "memory", p.getMemory() == null ? memory : p.getMemory(),
                "allowed with cpu " + cpu + ": " + describeMemories(memories) + " MiB (" + FARGATE_SIZES_URL + ")");
        if (p.getRetryAttempts() != null) {
            v.range("retryAttempts", p.getRetryAttempts().intValue(), 0, 185);
        }
        v.seconds("maxEventAge", p.getMaxEventAge(), 60, 86_400);
        final Set<String> names = new HashSet<>();
        final List<ScheduledCommand> schedules = p.getSchedules() == null ? List.of() : p.getSchedules();
        for (int i = 0; i < schedules.size(); i++) {
            final ScheduledCommand s = schedules.get(i);
            if (s == null) {
                v.check(false, "schedules[" + i + "]", null, "a ScheduledCommand");
                continue;
            }
            schedule(v, "schedules[" + i + "].", s);
            v.check(s.getName() == null || names.add(s.getName()), "schedules[" + i + "].name", s.getName(),
                    "a name used once among the schedules");
        }
        if (p.getService() != null) {
            network(v, p.getService().getContainer(), Boolean.TRUE.equals(p.getExecuteCommand()));
        }
        v.throwIfInvalid();
        return p;
    }

    /** Checks one scheduled command's own values; failures go to {@code v} under {@code prefix}. */
    static void schedule(final Checks v, final String prefix, final ScheduledCommand s) {
        v.check(s.getName() != null && NAME.matcher(s.getName()).matches(), prefix + "name", s.getName(),
                "allowed: 1 to 40 of letters, digits and hyphens, starting with a letter");
        final List<String> command = s.getCommand();
        v.check(command != null && !command.isEmpty() && command.stream().allMatch(a -> a != null)
                && !command.get(0).isBlank(), prefix + "command", command,
                "allowed: a non-empty list of arguments, none null, the first not blank, such as"
                        + " [python3, manage.py, clearsessions]");
        final String failure = scheduleFailure(s.getSchedule());
        v.check(failure == null, prefix + "schedule", s.getSchedule(), failure + " (" + SCHEDULE_TYPES_URL + ")");
        v.check(s.getTimeZone() == null || ZoneId.getAvailableZoneIds().contains(s.getTimeZone()), prefix + "timeZone",
                s.getTimeZone(), "allowed: an IANA time zone name such as Europe/Paris or UTC");
    }

    /**
     * The documented syntax: {@code rate(value unit)}, a positive whole value, the unit singular for 1
     * and plural above; {@code cron(minutes hours day-of-month month day-of-week year)}, six fields, one
     * of day-of-month and day-of-week a {@code ?}.
     *
     * @return why the expression is refused, or null when it is accepted
     */
    static @Nullable String scheduleFailure(final @Nullable String expression) {
        if (expression == null) {
            return "required: cron(...) or rate(...)";
        }
        final Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            final long value;
            try {
                value = Long.parseLong(rate.group(1));
            } catch (NumberFormatException e) {
                return "allowed: rate(value unit) with a whole value of at least 1";
            }
            final boolean plural = rate.group(2).endsWith("s");
            if (value < 1) {
                return "allowed: rate(value unit) with a whole value of at least 1";
            }
            return value == 1 == plural ? "allowed: rate(1 minute|hour|day), or a plural unit for a value above 1" : null;
        }
        final Matcher cron = CRON.matcher(expression);
        if (!cron.matches()) {
            return "allowed: cron(minutes hours day-of-month month day-of-week year) or rate(value unit)";
        }
        final String[] fields = cron.group(1).trim().split("\\s+");
        if (fields.length != 6) {
            return "allowed: cron with 6 fields (minutes hours day-of-month month day-of-week year), got " + fields.length;
        }
        final boolean domAny = fields[2].equals("?");
        final boolean dowAny = fields[4].equals("?");
        if (domAny == dowAny) {
            return "allowed: cron with ? in exactly one of day-of-month and day-of-week";
        }
        final List<String> wrong = new ArrayList<>();
        field(wrong, "minutes", fields[0], "[0-9,*/-]+", 0, 59, null);
        field(wrong, "hours", fields[1], "[0-9,*/-]+", 0, 23, null);
        field(wrong, "day-of-month", fields[2], "\\?|[0-9,*/LW-]+", 1, 31, null);
        field(wrong, "month", fields[3], "[0-9A-Za-z,*/-]+", 1, 12, MONTHS);
        field(wrong, "day-of-week", fields[4], "\\?|[0-9A-Za-z,*L#-]+", 1, 7, DAYS);
        field(wrong, "year", fields[5], "[0-9,*/-]+", 1970, 2199, null);
        return wrong.isEmpty() ? null : "allowed: cron fields in range; wrong: " + String.join(", ", wrong);
    }

    /** One cron field: its characters, and each value (a number in range, or a name) of each list item. */
    private static void field(final List<String> wrong, final String name, final String value, final String chars,
                              final int lo, final int hi, final @Nullable String[] names) {
        boolean ok = value.matches(chars);
        for (final String item : ok ? value.split(",", -1) : new String[0]) {
            // item: a value or a range, optionally /increment, or day#week-of-month
            final String[] step = item.split("/", -1);
            final String[] nth = step[0].split("#", -1);
            ok &= step.length <= 2 && nth.length <= 2
                    && (step.length == 1 || step[1].matches("\\d+") && Integer.parseInt(step[1]) >= 1)
                    && (nth.length == 1 || nth[1].matches("[1-5]"));
            for (final String bound : nth[0].split("-", -1)) {
                // 6L (the last Friday), 15W (the weekday nearest the 15th)
                final String token = bound.matches("\\d+[LW]") ? bound.substring(0, bound.length() - 1) : bound;
                ok &= token.equals("*") || token.equals("?") || token.equals("L")
                        || token.matches("\\d+") && Integer.parseInt(token) >= lo && Integer.parseInt(token) <= hi
                        || names != null && List.of(names).contains(token.toUpperCase(Locale.ROOT));
            }
        }
        if (!ok) {
            wrong.add(name + " " + value);
        }
    }

    /**
     * Tasks without a public IP in subnets without a route out reach ECR, CloudWatch Logs and Secrets
     * Manager only through the VPC's endpoints: a {@link DjangoNetwork} must have them (an imported VPC
     * cannot be checked). Public subnets give a task no way out without a public IP.
     */
    static void network(final Checks v, final ServiceContainer c, final boolean executeCommand) {
        final IVpc vpc = c.getVpc();
        final Set<String> withEgress = ids(vpc.getPrivateSubnets());
        final Set<String> publicIds = ids(vpc.getPublicSubnets());
        final List<ISubnet> subnets = c.getSubnets();
        final Object shown = PropsValidator.shown("the service's subnets (" + subnets.size() + ", of "
                + PropsValidator.describeVpc(vpc) + ")");
        if (c.isAssignPublicIp()) {
            return;
        }
        v.check(subnets.stream().noneMatch(s -> publicIds.contains(s.getSubnetId())), "service", shown,
                "public subnets without a public IP: a task there reaches neither ECR nor the logs; give the service"
                        + " private or isolated subnets");
        if (subnets.stream().allMatch(s -> withEgress.contains(s.getSubnetId()))) {
            return;
        }
        final DjangoNetwork network = DjangoNetwork.of(vpc);
        if (network == null) {
            return;
        }
        final Set<String> missing = new TreeSet<>();
        for (final String name : TASK_ENDPOINTS) {
            if (network.getInterfaceEndpoint(name) == null) {
                missing.add(name);
            }
        }
        if (network.getS3GatewayEndpoint() == null) {
            missing.add("S3 gateway");
        }
        v.check(missing.isEmpty(), "service", shown, "tasks in isolated subnets without NAT pull the image, ship logs"
                + " and read secrets through VPC endpoints; missing " + missing + ": set NetworkStack"
                + " fargateEndpoints(true) (with secretsManagerEndpoint and the S3 gateway) or a NAT egress ("
                + ECR_ENDPOINTS_URL + ")");
        // an SSM parameter among the secrets (ServiceSecret.fromSsmParameter) is read from Systems Manager
        final List<String> parameters = c.getSecrets().entrySet().stream()
                .filter(e -> e.getValue().getSecretsManagerSecret() == null).map(Map.Entry::getKey).toList();
        v.check(parameters.isEmpty() || network.getInterfaceEndpoint(SSM_ENDPOINT) != null, "service", shown,
                "the secrets " + parameters + " are SSM parameters, which tasks in isolated subnets without NAT read"
                        + " through an ssm interface endpoint: list InterfaceVpcEndpointAwsService.SSM in NetworkStack"
                        + " interfaceEndpoints (" + SSM_PARAMETERS_URL + ")");
        v.check(!executeCommand || network.getInterfaceEndpoint(EXEC_ENDPOINT) != null, "executeCommand", true,
                "ECS Exec in isolated subnets without NAT needs an ssmmessages interface endpoint: list"
                        + " InterfaceVpcEndpointAwsService.SSM_MESSAGES in NetworkStack interfaceEndpoints, or leave"
                        + " executeCommand off (" + EXEC_URL + ")");
    }

    private static Set<String> ids(final List<ISubnet> subnets) {
        final Set<String> ids = new HashSet<>();
        subnets.forEach(s -> ids.add(s.getSubnetId()));
        return ids;
    }

    private static String describeMemories(final @Nullable List<Integer> memories) {
        if (memories == null) {
            return "see the table";
        }
        return memories.size() <= 4 ? memories.toString()
                : memories.get(0) + " to " + memories.get(memories.size() - 1) + " in steps of "
                        + (memories.get(1) - memories.get(0));
    }

    private static Map<Integer, List<Integer>> fargateSizes() {
        final Map<Integer, List<Integer>> sizes = new TreeMap<>();
        sizes.put(256, List.of(512, 1024, 2048));
        sizes.put(512, steps(1024, 4096, 1024));
        sizes.put(1024, steps(2048, 8192, 1024));
        sizes.put(2048, steps(4096, 16_384, 1024));
        sizes.put(4096, steps(8192, 30_720, 1024));
        sizes.put(8192, steps(16_384, 61_440, 4096));
        sizes.put(16_384, steps(32_768, 122_880, 8192));
        return sizes;
    }

    private static List<Integer> steps(final int from, final int to, final int step) {
        final List<Integer> out = new ArrayList<>();
        for (int m = from; m <= to; m += step) {
            out.add(m);
        }
        return List.copyOf(out);
    }
}
