package io.github.apprunnerdjango.service;

import software.constructs.Construct;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.ConstructScopes;
import io.github.apprunnerdjango.internal.Domains;
import io.github.apprunnerdjango.internal.PropsValidator;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;

/** Validates {@link ServiceStackProps} before any resource exists. */
final class ServiceValidation {
    /**
     * App Runner's CPU and memory combinations, in vCPU and GB, smallest first. App Runner's API also
     * takes CPU units (1024 = 1 vCPU) and MB; {@link #normalisedCpu} and {@link #normalisedMemory}
     * turn those into these keys and values
     * (https://docs.aws.amazon.com/apprunner/latest/api/API_InstanceConfiguration.html).
     */
    static final Map<String, List<String>> CPU_MEMORY = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "0.25 vCPU", List.of("0.5 GB", "1 GB"),
            "0.5 vCPU", List.of("1 GB"),
            "1 vCPU", List.of("2 GB", "3 GB", "4 GB"),
            "2 vCPU", List.of("4 GB", "6 GB"),
            "4 vCPU", List.of("8 GB", "10 GB", "12 GB"))));
    private static final Pattern VCPU = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*vCPU$", Pattern.CASE_INSENSITIVE);
    private static final Pattern GB = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*GB$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHOLE = Pattern.compile("^\\d{1,9}$");
    /** Django's ALLOWED_HOSTS, on what the wildcard "*" gives up (cited when allowedHosts holds it). */
    static final String ALLOWED_HOSTS_URL = Domains.ALLOWED_HOSTS_URL;
    private static final Pattern SERVICE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$");

    /** The most instances App Runner's auto scaling allows (and aws-cdk's App Runner L2 checks). */
    static final int MAX_INSTANCES = 25;

    /** Where App Runner's endpoints are listed. */
    static final String APP_RUNNER_REGIONS_URL = "https://docs.aws.amazon.com/general/latest/gr/apprunner.html";
    /** The Regions {@link #APP_RUNNER_REGIONS_URL} lists. */
    static final List<String> APP_RUNNER_REGIONS = List.of("us-east-1", "us-east-2", "us-west-2", "ap-south-1",
            "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3");

    private ServiceValidation() {
    }

    /** @return the props, after checking them; throws once on any failure */
    static ServiceStackProps validated(final ServiceStackProps p) {
        return validated(null, p, false);
    }

    /**
     * @param p the props
     * @param construct whether an {@link AppRunnerDjangoService} is made on its own (stack-level
     *     settings refused)
     * @return the props, after checking them; throws once on any failure
     */
    static ServiceStackProps validated(final @Nullable Construct scope, final ServiceStackProps p,
                                       final boolean construct) {
        final String owner = construct ? "AppRunnerDjangoService" : "ServiceStack";
        if (p == null) {
            throw new IllegalArgumentException("Invalid " + owner + " props:\n  - props: got null; required");
        }
        final Checks v = new Checks(owner);
        if (construct) {
            ConstructScopes.refuseStackSettings(v.validator(), owner, p.hasStackSettings());
        }
        ServiceWiring.validate(v, p);
        v.required("image", p.getImage());
        if (p.getImage() != null) {
            p.getImage().validate(v);
        }
        if (known(p.getServiceName())) {
            v.check(SERVICE_NAME.matcher(p.getServiceName()).matches(), "serviceName", p.getServiceName(),
                    "allowed: 4 to 40 of letters, digits, - and _, starting with a letter or digit");
        }
        checkInstanceSize(v, p);
        if (p.getVpc() != null) {
            checkSubnets(v, p);
            // the connector's interfaces have no public IP address: S3 through NAT or a gateway endpoint only
            MediaAccess.check(v, p.getMediaBucket(), p.getVpc(), p.getVpcSubnets() != null ? p.getVpcSubnets()
                    : AppRunnerDjangoService.defaultSubnets(p.getVpc()), false, ConstructScopes.literalRegion(scope, p.getEnv()));
        }
        v.range("port", p.getPort(), 1, 65535);
        if (p.getStartCommand() != null) {
            v.check(!p.getStartCommand().isEmpty()
                            && p.getStartCommand().stream().allMatch(AppRunnerDjangoService.StartCommand::isUnambiguous),
                    "startCommand", p.getStartCommand(), "allowed: at least one argument, each made of letters, digits"
                            + " and _@%+=:,./- only (App Runner runs the command without a documented shell, so"
                            + " spaces, quotes and shell syntax would be ambiguous: put such a command in a script in"
                            + " the image)");
        }
        checkDomain(v, p);
        Domains.checkHosts(v, p.getAllowedHosts(), "the App Runner domain and domainName");
        if (known(p.getHealthCheckPath())) {
            v.check(p.getHealthCheckPath().startsWith("/") && p.getHealthCheckPath().length() <= 2048
                    && p.getHealthCheckPath().chars().noneMatch(c -> c <= 0x20), "healthCheckPath",
                    p.getHealthCheckPath(), "allowed: a path starting with /, without spaces");
        }
        v.seconds("healthCheckInterval", p.getHealthCheckInterval(), 1, 20);
        v.seconds("healthCheckTimeout", p.getHealthCheckTimeout(), 1, 20);
        v.range("healthyThreshold", p.getHealthyThreshold(), 1, 20);
        v.range("unhealthyThreshold", p.getUnhealthyThreshold(), 1, 20);
        final boolean sizesInRange = v.range("minSize", p.getMinSize(), 1, MAX_INSTANCES)
                & v.range("maxSize", p.getMaxSize(), 1, MAX_INSTANCES);
        v.range("maxConcurrency", p.getMaxConcurrency(), 1, 200);
        // App Runner's L2 demands minSize < maxSize (AutoScalingConfiguration: "maxSize must be greater
        // than minSize."): checked here with the same rule, so its stack trace never reaches a user; the
        // order names the prop the user set, not a default
        final int min = p.getMinSize() != null ? p.getMinSize() : AppRunnerDjangoService.DEFAULT_MIN_SIZE;
        if (sizesInRange && p.getMaxSize() == null) {
            v.check(min < MAX_INSTANCES, "minSize", min, "at most " + (MAX_INSTANCES - 1) + " without maxSize: the"
                    + " default maxSize follows minSize (minSize + 1, at least " + AppRunnerDjangoService.DEFAULT_MAX_SIZE
                    + ") and App Runner allows at most " + MAX_INSTANCES + " instances");
        } else if (sizesInRange && p.getMinSize() == null) {
            v.check(p.getMaxSize() > min, "maxSize", p.getMaxSize(), "must be greater than the default minSize " + min
                    + " (App Runner's auto scaling needs maxSize > minSize)");
        } else if (sizesInRange) {
            v.check(min < p.getMaxSize(), "minSize", min, "must be less than maxSize (" + p.getMaxSize()
                    + "): App Runner's auto scaling needs maxSize > minSize");
        }
        final String region = ConstructScopes.literalRegion(scope, p.getEnv());
        if (region != null) {
            v.check(APP_RUNNER_REGIONS.contains(region), "env", region, "App Runner runs only in " + APP_RUNNER_REGIONS
                    + " (" + APP_RUNNER_REGIONS_URL + "); use ExpressServiceStack (ECS Express Mode) elsewhere");
        }
        Wiring.checkDatabasePlace(v, scope, p.getEnv(), p.getDatabase(), p.getVpc());
        // a switch with no effect is a mistake: the endpoint exists only for tracing
        v.check(p.getTracingEndpoint() == null || Boolean.TRUE.equals(p.getTracing()), "tracingEndpoint",
                p.getTracingEndpoint(), "only allowed together with tracing(true)");
        v.throwIfInvalid();
        return p;
    }

    private static void checkDomain(final Checks v, final ServiceStackProps p) {
        final String domain = p.getDomainName();
        v.check(p.getDomainRecordWeight() == null || domain != null && (p.getHostedZone() != null
                        || p.getHostedZoneAttributes() != null), "domainRecordWeight", p.getDomainRecordWeight(),
                "only allowed together with domainName and a hosted zone (without a zone no record is created)");
        v.range("domainRecordWeight", p.getDomainRecordWeight(), 0, 255);
        if (domain == null) {
            v.check(p.getHostedZone() == null, "hostedZone", p.getHostedZone() == null ? null : "a hosted zone",
                    "only allowed together with domainName");
            return;
        }
        if (PropsValidator.isToken(domain)) {
            return;
        }
        // the messages show the domain as given; the checks use its normal form
        final String normal = normalisedDomain(domain);
        v.check(Domains.isDomain(normal), "domainName", domain,
                "allowed: a DNS name such as app.example.com (labels of letters, digits and -; upper case and"
                        + " one trailing dot are normalised away)");
        if (p.getHostedZone() == null && p.getHostedZoneAttributes() == null) {
            return;
        }
        final String zoneName = Domains.zoneName(v, p.getHostedZone(), p.getHostedZoneAttributes());
        if (known(zoneName)) {
            final String zone = normalisedDomain(zoneName);
            v.check(normal.endsWith("." + zone), "domainName", domain,
                    "must be a sub-domain inside the hosted zone " + zone
                            + " (the zone apex cannot take the CNAME App Runner needs)");
        }
    }

    /**
     * @param domain a domain name, or null
     * @return the domain lower-cased and without one trailing dot, as App Runner, Route 53 and
     *     Django's ALLOWED_HOSTS should get it; null and unresolved tokens unchanged
     */
    static @Nullable String normalisedDomain(final @Nullable String domain) {
        return Domains.normalised(domain);
    }

    /**
     * CPU and memory, in either of App Runner's units. A failure names the prop the user set: with
     * only cpu set, cpu (the memory is the default); with only memory set, memory.
     */
    private static void checkInstanceSize(final Checks v, final ServiceStackProps p) {
        final String cpuGiven = p.getCpu() == null ? null : p.getCpu().getUnit();
        final String memoryGiven = p.getMemory() == null ? null : p.getMemory().getUnit();
        if (PropsValidator.isToken(cpuGiven) || PropsValidator.isToken(memoryGiven)) {
            return;
        }
        final String cpu = normalisedCpu(cpuGiven != null ? cpuGiven : Cpu.QUARTER_VCPU.getUnit());
        final String memory = normalisedMemory(memoryGiven != null ? memoryGiven : Memory.HALF_GB.getUnit());
        v.check(cpu != null, "cpu", cpuGiven, "allowed: one of " + CPU_MEMORY.keySet()
                + ", or in CPU units 256, 512, 1024, 2048 or 4096");
        v.check(memory != null, "memory", memoryGiven, "allowed: one of " + memories()
                + ", or in MB 512, 1024, 2048, 3072, 4096, 6144, 8192, 10240 or 12288");
        if (cpu == null || memory == null || CPU_MEMORY.get(cpu).contains(memory)) {
            return;
        }
        final List<String> memories = CPU_MEMORY.get(cpu);
        if (memoryGiven == null) {
            v.check(false, "cpu", PropsValidator.shown(given(cpuGiven, cpu) + " with the default memory " + memory),
                    "set memory to one of " + memories);
        } else if (cpuGiven == null) {
            v.check(false, "memory", PropsValidator.shown(given(memoryGiven, memory) + " with the default cpu " + cpu),
                    "allowed with it: " + memories + "; or set cpu to one of " + CPU_MEMORY.entrySet().stream()
                            .filter(e -> e.getValue().contains(memory)).map(Map.Entry::getKey).toList());
        } else {
            v.check(false, "memory", PropsValidator.shown(given(memoryGiven, memory)), "allowed with cpu "
                    + (cpuGiven.equals(cpu) ? cpu : cpuGiven + " (" + cpu + ")") + ": " + memories
                    + " (App Runner's combinations: " + CPU_MEMORY + ")");
        }
    }

    /** @return the value as the user gave it, quoted, with its normal form when that differs */
    private static String given(final String value, final String normal) {
        return "\"" + value + "\"" + (value.equals(normal) ? "" : " (" + normal + ")");
    }

    /** @return every memory of {@link #CPU_MEMORY}, smallest first */
    private static List<String> memories() {
        final TreeSet<String> all = new TreeSet<>((a, b) -> gb(a).compareTo(gb(b)));
        CPU_MEMORY.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    private static BigDecimal gb(final String memory) {
        return new BigDecimal(memory.substring(0, memory.indexOf(' ')));
    }

    /**
     * @param unit a CPU as App Runner's API takes it: {@code 1 vCPU} (also {@code 1vCPU}) or CPU units ({@code 1024})
     * @return its key in {@link #CPU_MEMORY}, such as {@code 1 vCPU}, or null for a CPU App Runner does not offer
     */
    static @Nullable String normalisedCpu(final @Nullable String unit) {
        final String normal = normalised(unit, VCPU, " vCPU");
        return normal != null && CPU_MEMORY.containsKey(normal) ? normal : null;
    }

    /**
     * @param unit a memory as App Runner's API takes it: {@code 2 GB} (also {@code 2GB}) or MB ({@code 2048})
     * @return its form in {@link #CPU_MEMORY}, such as {@code 2 GB}, or null for a memory App Runner does not offer
     */
    static @Nullable String normalisedMemory(final @Nullable String unit) {
        final String normal = normalised(unit, GB, " GB");
        return normal != null && memories().contains(normal) ? normal : null;
    }

    /** @return "n suffix" for "n suffix", "nsuffix" or a whole number of 1/1024ths (CPU units, MB) */
    private static @Nullable String normalised(final @Nullable String unit, final Pattern form, final String suffix) {
        if (unit == null) {
            return null;
        }
        final String value = unit.strip();
        final Matcher m = form.matcher(value);
        final BigDecimal amount;
        if (m.matches()) {
            amount = new BigDecimal(m.group(1));
        } else if (WHOLE.matcher(value).matches()) {
            // 1024 CPU units make a vCPU and 1024 MB a GB: a power of two, so the division is exact
            amount = new BigDecimal(value).divide(BigDecimal.valueOf(1024));
        } else {
            return null;
        }
        return amount.stripTrailingZeros().toPlainString() + suffix;
    }

    /**
     * The connector's subnets: a selection the VPC can make, resolved here so that CDK's error does
     * not come from inside the connector, with the stack already in the app. A failure of the default
     * selection names vpc, the prop the user set; of a selection the user gave, vpcSubnets.
     */
    private static void checkSubnets(final Checks v, final ServiceStackProps p) {
        final boolean byDefault = p.getVpcSubnets() == null;
        final SubnetSelection selection = byDefault ? AppRunnerDjangoService.defaultSubnets(p.getVpc()) : p.getVpcSubnets();
        final String failure = PropsValidator.selectSubnets(p.getVpc(), selection).failure();
        if (failure == null) {
            return;
        }
        if (byDefault) {
            v.check(false, "vpc", PropsValidator.shown(PropsValidator.describeVpc(p.getVpc())
                            + " with the default vpcSubnets " + PropsValidator.describeSelection(selection)),
                    failure + "; allowed: a VPC with private (with egress) or private-isolated subnets, or set"
                            + " vpcSubnets to subnets this VPC has");
        } else {
            v.check(false, "vpcSubnets", PropsValidator.describeSelection(selection), failure
                    + "; allowed: subnets this VPC has (by subnetType, subnetGroupName, availabilityZones or subnets)");
        }
    }

    private static boolean known(final String value) {
        return value != null && !PropsValidator.isToken(value);
    }

    /** The checks of this package, shared by the props and the image sources: owner ServiceStack. */
    static final class Checks extends io.github.apprunnerdjango.internal.Checks {
        Checks() {
            this("ServiceStack");
        }

        Checks(final String owner) {
            super(owner);
        }
    }
}
