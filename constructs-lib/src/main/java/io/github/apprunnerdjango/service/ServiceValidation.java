package io.github.apprunnerdjango.service;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.PropsValidator;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;

/** Validates {@link ServiceStackProps} before any resource exists. */
final class ServiceValidation {
    /** App Runner's CPU and memory combinations. */
    static final Map<String, List<String>> CPU_MEMORY = Map.of(
            "0.25 vCPU", List.of("0.5 GB", "1 GB"),
            "0.5 vCPU", List.of("1 GB"),
            "1 vCPU", List.of("2 GB", "3 GB", "4 GB"),
            "2 vCPU", List.of("4 GB", "6 GB"),
            "4 vCPU", List.of("8 GB", "10 GB", "12 GB"));
    private static final Pattern SERVICE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$");
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern HOST = Pattern.compile("^\\.?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?)+$");
    private static final Pattern ECR_REPOSITORY = Pattern.compile(
            "^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$");
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final Pattern DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");

    private ServiceValidation() {
    }

    /** @return the props, after checking them; throws once on any failure */
    static ServiceStackProps validated(final ServiceStackProps p) {
        if (p == null) {
            throw new IllegalArgumentException("Invalid ServiceStack props:\n  - props: got null; required");
        }
        final Checks v = new Checks();
        ServiceWiring.validate(v, p);
        v.required("image", p.getImage());
        if (p.getImage() != null) {
            p.getImage().validate(v);
        }
        if (known(p.getServiceName())) {
            v.check(SERVICE_NAME.matcher(p.getServiceName()).matches(), "serviceName", p.getServiceName(),
                    "allowed: 4 to 40 of letters, digits, - and _, starting with a letter or digit");
        }
        final Cpu cpu = p.getCpu() != null ? p.getCpu() : Cpu.QUARTER_VCPU;
        final Memory memory = p.getMemory() != null ? p.getMemory() : Memory.HALF_GB;
        final List<String> memories = CPU_MEMORY.get(cpu.getUnit());
        v.check(memories != null && memories.contains(memory.getUnit()), "memory", memory.getUnit(),
                "allowed with cpu " + cpu.getUnit() + ": " + memories + " (App Runner's combinations: " + CPU_MEMORY + ")");
        v.range("port", p.getPort(), 1, 65535);
        if (p.getStartCommand() != null) {
            v.check(!p.getStartCommand().isEmpty()
                            && p.getStartCommand().stream().allMatch(ServiceStack.StartCommand::isUnambiguous),
                    "startCommand", p.getStartCommand(), "allowed: at least one argument, each made of letters, digits"
                            + " and _@%+=:,./- only (App Runner runs the command without a documented shell, so"
                            + " spaces, quotes and shell syntax would be ambiguous: put such a command in a script in"
                            + " the image)");
        }
        checkDomain(v, p);
        if (p.getAllowedHosts() != null) {
            for (final String host : p.getAllowedHosts()) {
                if (host == null || !PropsValidator.isToken(host)) {
                    v.check(host != null && HOST.matcher(host).matches(), "allowedHosts", host,
                            "allowed: host names such as example.com or .example.com");
                }
            }
        }
        if (known(p.getHealthCheckPath())) {
            v.check(p.getHealthCheckPath().startsWith("/") && p.getHealthCheckPath().length() <= 2048
                    && p.getHealthCheckPath().chars().noneMatch(c -> c <= 0x20), "healthCheckPath",
                    p.getHealthCheckPath(), "allowed: a path starting with /, without spaces");
        }
        v.seconds("healthCheckInterval", p.getHealthCheckInterval(), 1, 20);
        v.seconds("healthCheckTimeout", p.getHealthCheckTimeout(), 1, 20);
        v.range("healthyThreshold", p.getHealthyThreshold(), 1, 20);
        v.range("unhealthyThreshold", p.getUnhealthyThreshold(), 1, 20);
        v.range("minSize", p.getMinSize(), 1, 25);
        v.range("maxSize", p.getMaxSize(), 1, 25);
        v.range("maxConcurrency", p.getMaxConcurrency(), 1, 200);
        final int min = p.getMinSize() != null ? p.getMinSize() : ServiceStack.DEFAULT_MIN_SIZE;
        final int max = p.getMaxSize() != null ? p.getMaxSize() : ServiceStack.DEFAULT_MAX_SIZE;
        v.check(min <= max, "minSize", min, "must not exceed maxSize (" + max + ")");
        // a switch with no effect is a mistake: the endpoint exists only for tracing
        v.check(p.getTracingEndpoint() == null || Boolean.TRUE.equals(p.getTracing()), "tracingEndpoint",
                p.getTracingEndpoint(), "only allowed together with tracing(true)");
        v.throwIfInvalid();
        return p;
    }

    private static void checkDomain(final Checks v, final ServiceStackProps p) {
        final String domain = p.getDomainName();
        if (domain == null) {
            v.check(p.getHostedZone() == null, "hostedZone", p.getHostedZone() == null ? null : "a hosted zone",
                    "only allowed together with domainName");
            return;
        }
        if (PropsValidator.isToken(domain)) {
            return;
        }
        v.check(DOMAIN.matcher(domain).matches(), "domainName", domain,
                "allowed: a lower-case DNS name such as app.example.com (labels of letters, digits and -)");
        if (p.getHostedZone() != null && known(p.getHostedZone().getZoneName())) {
            final String zone = p.getHostedZone().getZoneName().replaceAll("\\.$", "").toLowerCase();
            v.check(domain.endsWith("." + zone), "domainName", domain,
                    "must be a sub-domain inside the hosted zone " + zone
                            + " (the zone apex cannot take the CNAME App Runner needs)");
        }
    }

    private static boolean known(final String value) {
        return value != null && !PropsValidator.isToken(value);
    }

    /** The checks of this package, shared by the props and the image sources. */
    static final class Checks {
        private final PropsValidator v = new PropsValidator("ServiceStack");

        Checks check(final boolean ok, final String prop, final Object value, final String allowed) {
            v.check(ok, prop, value, allowed);
            return this;
        }

        void required(final String prop, final Object value) {
            v.check(value != null, prop, null, "required");
        }

        void range(final String prop, final Integer value, final int lo, final int hi) {
            if (value != null) {
                v.check(value >= lo && value <= hi, prop, value, "allowed: " + lo + " to " + hi);
            }
        }

        void seconds(final String prop, final Duration value, final int lo, final int hi) {
            if (value != null && !value.isUnresolved()) {
                final double s = value.toMilliseconds().doubleValue() / 1000;
                v.check(s >= lo && s <= hi && s == Math.rint(s), prop, value.toHumanString(),
                        "allowed: " + lo + " to " + hi + " whole seconds");
            }
        }

        void directory(final String prop, final String dir) {
            v.check(dir != null && Files.isRegularFile(Paths.get(dir, "Dockerfile")), prop, dir,
                    "allowed: a directory holding a Dockerfile");
        }

        void repositoryName(final String prop, final String name) {
            if (name == null || !PropsValidator.isToken(name)) {
                v.check(name != null && ECR_REPOSITORY.matcher(name).matches(), prop, name,
                        "allowed: an ECR repository name, 2 to 256 of lower-case letters, digits and . _ - /"
                                + " such as kawashima/django");
            }
        }

        void tag(final String prop, final String tag) {
            if (tag == null || !PropsValidator.isToken(tag)) {
                v.check(tag != null && TAG.matcher(tag).matches(), prop, tag,
                        "allowed: 1 to 128 of letters, digits, _ . -, not starting with . or -");
            }
        }

        void tagOrDigest(final String prop, final String value) {
            if (value == null || !PropsValidator.isToken(value)) {
                v.check(value != null && (TAG.matcher(value).matches() || DIGEST.matcher(value).matches()), prop, value,
                        "allowed: a tag (1 to 128 of letters, digits, _ . -) or a digest sha256:<64 hex digits>");
            }
        }

        void throwIfInvalid() {
            v.throwIfInvalid();
        }
    }
}
