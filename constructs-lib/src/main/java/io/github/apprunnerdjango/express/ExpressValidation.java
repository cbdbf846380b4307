package io.github.apprunnerdjango.express;

import software.constructs.Construct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.Checks;
import io.github.apprunnerdjango.internal.ConstructScopes;
import io.github.apprunnerdjango.internal.Domains;
import io.github.apprunnerdjango.internal.PropsValidator;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.service.MediaAccess;
import io.github.apprunnerdjango.service.Wiring;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;

/** Validates {@link ExpressServiceStackProps} before any resource exists. */
final class ExpressValidation {
    /**
     * Fargate's Linux task sizes (CPU units to memory in MiB,
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html) within the
     * range documented for Express Mode: CPU 256 to 4096, memory 512 to 8192 MiB (the Terraform AWS
     * provider's aws_ecs_express_gateway_service; AWS's Express pages list no sizes). Read by
     * validation only.
     */
    static final Map<Integer, List<Integer>> CPU_MEMORY = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            256, List.of(512, 1024, 2048),
            512, List.of(1024, 2048, 3072, 4096),
            1024, List.of(2048, 3072, 4096, 5120, 6144, 7168, 8192),
            2048, List.of(4096, 5120, 6144, 7168, 8192),
            4096, List.of(8192))));
    /** Sources of {@link #CPU_MEMORY}, cited in messages. */
    static final String CPU_MEMORY_URL = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html";
    /** "up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens" (CreateExpressGatewayService). */
    static final Pattern SERVICE_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
    /** Where the service name rule comes from. */
    static final String API_URL = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html";
    /** A target group's health check path: 1 to 1024 characters (CreateTargetGroup). */
    static final int HEALTH_CHECK_PATH_MAX = 1024;
    /** An Application Load Balancer's subnets: at least two zones, one subnet per zone. */
    static final String ALB_SUBNETS_URL = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
            + "application-load-balancers.html#subnets-load-balancer";
    /**
     * Where CloudFormation's per-Region resource specifications come from. The China Regions' (cn-north-1,
     * cn-northwest-1) have no AWS::ECS::ExpressGatewayService (measured in cfn-lint 1.51.0's per-Region
     * provider schemas, which are built from those specifications); every commercial Region's has it.
     */
    static final String RESOURCE_SPECIFICATION_URL =
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-resource-specification.html";
    /** Region prefix of the aws-cn partition, where CloudFormation cannot create an Express service. */
    static final String CHINA_REGION_PREFIX = "cn-";
    /** Express puts the load balancer and the tasks in the same subnets. */
    static final String EXPRESS_NETWORK_URL = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html";

    private ExpressValidation() {
    }

    /** @return the props, after checking them; throws once on any failure */
    static ExpressServiceStackProps validated(final ExpressServiceStackProps p) {
        return validated(null, p, false);
    }

    /**
     * @param scope where the service is made (the stack's scope, or the construct's); null for none
     * @param p the props
     * @param construct whether an {@link ExpressDjangoService} is made on its own (stack-level settings refused)
     * @return the props, after checking them; throws once on any failure
     */
    static ExpressServiceStackProps validated(final @Nullable Construct scope, final ExpressServiceStackProps p,
                                              final boolean construct) {
        final String owner = construct ? "ExpressDjangoService" : "ExpressServiceStack";
        if (p == null) {
            throw new IllegalArgumentException("Invalid " + owner + " props:\n  - props: got null; required");
        }
        final Checks v = new Checks(owner);
        if (construct) {
            ConstructScopes.refuseStackSettings(v.validator(), owner, p.hasStackSettings());
        }
        final String region = ConstructScopes.literalRegion(scope, p.getEnv());
        if (region != null) {
            v.check(!region.startsWith(CHINA_REGION_PREFIX), "env", region, "CloudFormation in the China Regions has no"
                    + " AWS::ECS::ExpressGatewayService (" + RESOURCE_SPECIFICATION_URL + "); allowed: a Region of the aws"
                    + " or aws-us-gov partition");
        }
        Wiring.checkDatabasePlace(v, scope, p.getEnv(), p.getDatabase(), p.getVpc());
        Wiring.checkVpc(v, p.getVpc(), p.getVpcAttributes());
        final int sources = (p.getDatabase() != null ? 1 : 0) + (p.getDatabaseAttributes() != null ? 1 : 0);
        v.check(sources <= 1, "database", sources + " database sources", "give exactly one of database or databaseAttributes");
        v.check(sources >= 1, "database", null, "required: database(dataStack), or databaseAttributes for an existing database");
        Wiring.checkDatabaseAttributes(v, p.getDatabaseAttributes());
        Wiring.checkZone(v, p.getHostedZone(), p.getHostedZoneAttributes(), p.getDomainName());
        // ECS documents no reserved variable names; the library's own are refused (checkNames)
        Wiring.checkNames(v, p.getEnvironment(), p.getSecrets(), name -> false, "");
        Wiring.checkStatements(v, "taskRolePolicyStatements", p.getTaskRolePolicyStatements());
        v.required("image", p.getImage());
        if (p.getImage() != null) {
            p.getImage().validate(v);
        }
        if (known(p.getServiceName())) {
            v.check(SERVICE_NAME.matcher(p.getServiceName()).matches(), "serviceName", p.getServiceName(),
                    "allowed: 1 to 255 of letters, digits, - and _ (" + API_URL + ")");
        }
        checkSize(v, p);
        v.range("port", p.getPort(), 1, 65535);
        if (p.getCommand() != null) {
            v.check(!p.getCommand().isEmpty() && !p.getCommand().contains(null), "command", p.getCommand(),
                    "allowed: at least one argument, no null element");
        }
        if (known(p.getHealthCheckPath())) {
            final String path = p.getHealthCheckPath();
            v.check(path.startsWith("/") && path.length() <= HEALTH_CHECK_PATH_MAX && path.chars().noneMatch(c -> c <= 0x20),
                    "healthCheckPath", path, "allowed: a path starting with /, at most " + HEALTH_CHECK_PATH_MAX
                            + " characters, without spaces (" + API_URL + ")");
        }
        checkScaling(v, p);
        checkDomain(v, p);
        Domains.checkHosts(v, p.getAllowedHosts(), "the Express endpoints and domainName");
        if (p.getVpc() != null) {
            checkSubnets(v, p, p.getVpc());
            // a public service's tasks have public IP addresses: they reach S3 through the internet gateway
            final boolean isPrivate = Boolean.TRUE.equals(p.getPrivateEndpoint());
            MediaAccess.check(v, p.getMediaBucket(), p.getVpc(), p.getVpcSubnets() != null ? p.getVpcSubnets()
                    : defaultSubnets(p.getVpc(), isPrivate), !isPrivate, ConstructScopes.literalRegion(scope, p.getEnv()));
        }
        v.throwIfInvalid();
        return p;
    }

    private static void checkSize(final Checks v, final ExpressServiceStackProps p) {
        final int cpu = Objects.requireNonNullElse(p.getCpu(), ExpressDjangoService.DEFAULT_CPU);
        final int memory = Objects.requireNonNullElse(p.getMemory(), ExpressDjangoService.DEFAULT_MEMORY);
        if (!CPU_MEMORY.containsKey(cpu)) {
            v.check(false, "cpu", cpu, "allowed: CPU units " + CPU_MEMORY.keySet() + " (" + CPU_MEMORY_URL + ")");
            return;
        }
        final List<Integer> memories = CPU_MEMORY.get(cpu);
        if (memories.contains(memory)) {
            return;
        }
        final String combinations = "Fargate's combinations for Express: " + CPU_MEMORY + " (" + CPU_MEMORY_URL + ")";
        if (p.getMemory() == null) {
            v.check(false, "cpu", PropsValidator.shown(cpu + " with the default memory " + memory),
                    "set memory to one of " + memories + " MiB; " + combinations);
        } else if (p.getCpu() == null) {
            v.check(false, "memory", PropsValidator.shown(memory + " with the default cpu " + cpu),
                    "allowed with it: " + memories + " MiB; or set cpu; " + combinations);
        } else {
            v.check(false, "memory", memory, "allowed with cpu " + cpu + ": " + memories + " MiB; " + combinations);
        }
    }

    private static void checkScaling(final Checks v, final ExpressServiceStackProps p) {
        // no upper bound: ECS's "Tasks per service" quota (5,000) is adjustable
        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html)
        final boolean minOk = atLeastOne(v, "minTasks", p.getMinTasks());
        final boolean maxOk = atLeastOne(v, "maxTasks", p.getMaxTasks());
        final int min = Objects.requireNonNullElse(p.getMinTasks(), ExpressDjangoService.DEFAULT_MIN_TASKS);
        final int max = Objects.requireNonNullElse(p.getMaxTasks(), ExpressDjangoService.DEFAULT_MAX_TASKS);
        if (minOk && maxOk && min > max) {
            if (p.getMinTasks() == null) {
                v.check(false, "maxTasks", max, "must be at least the default minTasks " + min);
            } else if (p.getMaxTasks() == null) {
                v.check(false, "minTasks", min, "must not exceed the default maxTasks " + max + "; set maxTasks to at least " + min);
            } else {
                v.check(false, "minTasks", min, "must not exceed maxTasks (" + max + ")");
            }
        }
        final ScalingMetric metric = Objects.requireNonNullElse(p.getScalingMetric(), ScalingMetric.AVERAGE_CPU);
        if (p.getScalingTarget() != null) {
            if (metric.isPercent()) {
                v.check(p.getScalingTarget() >= 1 && p.getScalingTarget() <= 100, "scalingTarget", p.getScalingTarget(),
                        "allowed with " + metric + ": a percentage, 1 to 100");
            } else {
                v.check(p.getScalingTarget() >= 1, "scalingTarget", p.getScalingTarget(),
                        "allowed with " + metric + ": requests per target, 1 or more");
            }
        }
    }

    /** @return false when the count is given and below 1 (a failure is recorded), else true */
    private static boolean atLeastOne(final Checks v, final String prop, final @Nullable Integer count) {
        final boolean ok = count == null || count >= 1;
        v.check(ok, prop, count, "allowed: 1 or more");
        return ok;
    }

    private static void checkDomain(final Checks v, final ExpressServiceStackProps p) {
        final String domain = p.getDomainName();
        final boolean zone = p.getHostedZone() != null || p.getHostedZoneAttributes() != null;
        v.check(p.getDomainRecordWeight() == null || domain != null && zone, "domainRecordWeight",
                p.getDomainRecordWeight(), "only allowed together with domainName and a hosted zone (without a zone no"
                        + " record is created)");
        v.range("domainRecordWeight", p.getDomainRecordWeight(), 0, 255);
        if (domain == null) {
            v.check(p.getHostedZone() == null, "hostedZone", p.getHostedZone() == null ? null : "a hosted zone",
                    "only allowed together with domainName");
            v.check(p.getCertificate() == null, "certificate", "a certificate", "only allowed together with domainName");
            return;
        }
        v.check(zone || p.getCertificate() != null, "domainName", domain, "needs a hosted zone (hostedZone or"
                + " hostedZoneAttributes: the certificate is validated there) or an issued certificate (certificate)");
        v.check(!zone || p.getCertificate() == null, "certificate", "a certificate",
                "not with a hosted zone: the stack creates and validates the certificate in the zone");
        if (PropsValidator.isToken(domain)) {
            return;
        }
        final String normal = Domains.normalised(domain);
        v.check(Domains.isDomain(normal), "domainName", domain,
                "allowed: a DNS name such as app.example.com (labels of letters, digits and -; upper case and"
                        + " one trailing dot are normalised away)");
        final String zoneName = Domains.zoneName(v, p.getHostedZone(), p.getHostedZoneAttributes());
        if (known(zoneName)) {
            final String z = Domains.normalised(zoneName);
            v.check(normal.equals(z) || normal.endsWith("." + z), "domainName", domain,
                    "must be the hosted zone " + z + " or a sub-domain inside it");
            v.check(!normal.equals(z) || p.getDomainRecordWeight() == null, "domainName", domain,
                    "the zone apex cannot take the weighted CNAME of domainRecordWeight: weigh a sub-domain");
        }
    }

    /**
     * The default subnets: a public service in NetworkStack's ingress subnets (or the VPC's public
     * ones), a private one in the private subnets with egress, else the isolated ones.
     *
     * @param vpc the VPC
     * @param isPrivate whether the service is private
     * @return the selection
     */
    static SubnetSelection defaultSubnets(final IVpc vpc, final boolean isPrivate) {
        if (isPrivate) {
            return SubnetSelection.builder().subnetType(vpc.getPrivateSubnets().isEmpty()
                    ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS).build();
        }
        final DjangoNetwork network = DjangoNetwork.of(vpc);
        if (network != null && network.getIngressSubnets() != null) {
            return network.getIngressSubnets();
        }
        return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
    }

    /**
     * One subnet per zone in at least two zones (a load balancer's rule), in every zone the VPC has
     * subnets of that kind (the first Express service in a VPC fixes its load balancer's subnets;
     * later services must fit them), all public or all private (the load balancer's scheme follows
     * them, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html).
     */
    private static void checkSubnets(final Checks v, final ExpressServiceStackProps p, final IVpc vpc) {
        final boolean isPrivate = Boolean.TRUE.equals(p.getPrivateEndpoint());
        final boolean byDefault = p.getVpcSubnets() == null;
        final SubnetSelection selection = byDefault ? defaultSubnets(vpc, isPrivate) : p.getVpcSubnets();
        final PropsValidator.Subnets picked = PropsValidator.selectSubnets(vpc, selection);
        final String prop = byDefault ? "vpc" : "vpcSubnets";
        final Object shown = byDefault ? PropsValidator.shown(PropsValidator.describeVpc(vpc)
                + " with the default vpcSubnets " + PropsValidator.describeSelection(selection))
                : PropsValidator.describeSelection(selection);
        if (picked.failure() != null) {
            v.check(false, prop, shown, picked.failure() + "; allowed: " + (isPrivate
                    ? "a VPC with private (with egress) or private-isolated subnets"
                    : "a VPC with public subnets (NetworkStack publicIngress(true)), or privateEndpoint(true)")
                    + (byDefault ? ", or set vpcSubnets to subnets this VPC has" : ""));
            return;
        }
        final List<ISubnet> subnets = picked.subnets();
        final Set<String> publicIds = new TreeSet<>();
        vpc.getPublicSubnets().forEach(s -> publicIds.add(s.getSubnetId()));
        final long publicCount = subnets.stream().filter(s -> publicIds.contains(s.getSubnetId())).count();
        if (isPrivate) {
            v.check(publicCount == 0, prop, shown, "a private service needs private or isolated subnets: public ones"
                    + " give an internet-facing load balancer (" + EXPRESS_NETWORK_URL + ")");
        } else {
            v.check(publicCount == subnets.size(), prop, shown, "a public service needs public subnets: private ones"
                    + " give an internal load balancer (" + EXPRESS_NETWORK_URL + "); or set privateEndpoint(true)");
        }
        final List<String> zones = new ArrayList<>();
        final List<String> repeated = new ArrayList<>();
        for (final ISubnet subnet : subnets) {
            final String zone = subnet.getAvailabilityZone();
            if (zones.contains(zone)) {
                repeated.add(zone);
            }
            zones.add(zone);
        }
        v.check(repeated.isEmpty(), prop, shown, "one subnet per zone: a load balancer takes one subnet per zone ("
                + ALB_SUBNETS_URL + ")");
        v.check(zones.size() >= 2, prop, shown, "subnets in at least 2 zones, a load balancer's minimum (" + ALB_SUBNETS_URL + ")");
        // zone names may be tokens (an environment-agnostic stack): the VPC's subnets hold the same strings
        final List<String> missing = new ArrayList<>(vpc.getAvailabilityZones());
        missing.removeAll(zones);
        v.check(missing.isEmpty(), prop, shown, "subnets in every zone of the VPC (missing " + missing.size()
                + " of " + vpc.getAvailabilityZones().size() + "): the first Express service in a VPC fixes its load"
                + " balancer's subnets, and later services must fit them (" + EXPRESS_NETWORK_URL + ")");
        // tasks in isolated subnets of a DjangoNetwork without NAT pull images and ship logs through endpoints
        final DjangoNetwork network = DjangoNetwork.of(vpc);
        if (network != null && isPrivate && !network.getEgress().hasNatGateway() && !network.hasFargateEndpoints()) {
            final Set<String> isolated = new TreeSet<>();
            vpc.getIsolatedSubnets().forEach(s -> isolated.add(s.getSubnetId()));
            v.check(subnets.stream().noneMatch(s -> isolated.contains(s.getSubnetId())), prop, shown,
                    "tasks in private-isolated subnets cannot pull the image or ship logs without NAT or endpoints:"
                            + " set NetworkStack fargateEndpoints(true) (ECR, CloudWatch Logs, S3 gateway) or a NAT"
                            + " egress (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html)");
        }
    }

    private static boolean known(final @Nullable String value) {
        return value != null && !PropsValidator.isToken(value);
    }
}
