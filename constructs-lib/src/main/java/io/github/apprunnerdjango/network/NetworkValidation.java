package io.github.apprunnerdjango.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.ConstructScopes;
import io.github.apprunnerdjango.internal.AwsEndpointServices;
import io.github.apprunnerdjango.internal.PropsValidator;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.constructs.Construct;

/** Validates {@link NetworkStackProps} before any resource exists. */
final class NetworkValidation {
    private static final Pattern IPV4_CIDR =
            Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");

    /** An availability zone name: the region, then a letter (eu-west-1a, us-gov-west-1b). */
    private static final Pattern ZONE_NAME = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d[a-z]$");
    /** An availability zone ID: a short region code, then -az and a number (euw1-az1, use1-az6). */
    private static final Pattern ZONE_ID = Pattern.compile("^[a-z]+\\d-az\\d+$");
    /** Aurora's DB subnet group needs subnets in at least two zones. */
    static final String AURORA_TWO_ZONES_URL =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html";
    /**
     * Zone IDs reported as not supporting App Runner VPC connector subnets, to reject with a pointer to
     * https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html. Empty on purpose: that page
     * says some zones are unsupported ("If you choose subnets in these Availability Zones, your
     * service fails to be created or updated") but AWS publishes no list, the service's error names
     * them, and no citable report of specific zone IDs was found. Add an ID only with a source.
     */
    static final Set<String> APP_RUNNER_UNSUPPORTED_ZONE_IDS = Set.of();
    /** An Application Load Balancer's subnets: /27 or larger, at least 8 free addresses. */
    static final String ALB_SUBNETS_URL = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
            + "application-load-balancers.html#subnets-load-balancer";
    /** CDK's context key (cx-api AVAILABILITY_ZONE_FALLBACK_CONTEXT_KEY) for an agnostic stack's zones. */
    private static final String AZ_FALLBACK_CONTEXT_KEY = "aws:cdk:availability-zones:fallback";
    /** The zones aws-cdk-lib's Stack gives an environment-agnostic stack: Fn::GetAZs picks 0 and 1. */
    private static final int AGNOSTIC_ZONES = 2;
    /** The short name of Secrets Manager's interface endpoint service. */
    private static final String SECRETS_MANAGER = AwsEndpointServices.SECRETS_MANAGER;
    /** The short name of S3's endpoint services (gateway and interface). */
    private static final String S3 = "s3";
    /** What to tell a user who gave a NAT-only prop without a NAT gateway. */
    private static final String NAT_ONLY = "only allowed with a NAT egress (egress Egress.natGateway() or"
            + " Egress.natGatewayPerAz())";

    private NetworkValidation() {
    }

    /** @return the props (all defaults when null), after checking them; throws once on any failure */
    static NetworkStackProps validated(final NetworkStackProps props) {
        return validated(null, props);
    }

    /**
     * @param scope the stack's scope, whose Stage may set the account and region; null for none
     * @param props the props, null for all defaults
     * @return the props (all defaults when null), after checking them; throws once on any failure
     */
    static NetworkStackProps validated(final @Nullable Construct scope, final NetworkStackProps props) {
        return validated(scope, props, false);
    }

    /**
     * @param scope where the network is made: the stack's scope, or the construct's scope
     * @param props the props, null for all defaults
     * @param construct whether a {@link DjangoNetwork} is made on its own (stack-level settings refused)
     * @return the props (all defaults when null), after checking them; throws once on any failure
     */
    static NetworkStackProps validated(final @Nullable Construct scope, final NetworkStackProps props,
                                       final boolean construct) {
        final NetworkStackProps p = props != null ? props : NetworkStackProps.builder().build();
        final PropsValidator v = new PropsValidator(construct ? "DjangoNetwork" : "NetworkStack");
        if (construct) {
            ConstructScopes.refuseStackSettings(v, "DjangoNetwork", p.hasStackSettings());
        }
        final String cidr = p.getCidr() != null ? p.getCidr() : NetworkStackProps.DEFAULT_CIDR;
        final List<String> names = p.getAvailabilityZones();
        final List<String> ids = p.getAvailabilityZoneIds();
        // the zone list decides the number of zones; maxAzs, if also given, must agree with it
        final String zonesProp = names != null ? "availabilityZones" : ids != null ? "availabilityZoneIds" : "maxAzs";
        final List<String> zoneList = names != null ? names : ids;
        final int azs = zoneList != null ? zoneList.size()
                : p.getMaxAzs() != null ? p.getMaxAzs() : NetworkStackProps.DEFAULT_MAX_AZS;
        final Object zonesValue = zoneList != null ? zoneList : azs;
        final int mask = p.getSubnetCidrMask() != null ? p.getSubnetCidrMask()
                : NetworkStackProps.DEFAULT_SUBNET_CIDR_MASK;
        final Egress egress = p.getEgress() != null ? p.getEgress() : Egress.none();
        final int egressMask = p.getEgressSubnetCidrMask() != null ? p.getEgressSubnetCidrMask()
                : NetworkStackProps.DEFAULT_EGRESS_SUBNET_CIDR_MASK;
        final int publicMask = p.getPublicSubnetCidrMask() != null ? p.getPublicSubnetCidrMask()
                : NetworkStackProps.DEFAULT_PUBLIC_SUBNET_CIDR_MASK;

        if (p.getMaxAzs() != null) {
            v.check(p.getMaxAzs() >= 1 && p.getMaxAzs() <= 6, "maxAzs", p.getMaxAzs(), "allowed: 2 to 6");
        }
        checkZones(v, scope, p, azs);
        v.check(mask >= 16 && mask <= 28, "subnetCidrMask", mask, "allowed: 16 to 28 (AWS subnet sizes)");
        checkEgress(v, p, egress);
        checkIngress(v, p);
        checkEndpoints(v, p);
        final Integer prefix = PropsValidator.isToken(cidr) ? null : prefixOf(cidr);
        v.check(!PropsValidator.isToken(cidr), "cidr", "an unresolved token",
                "allowed: a literal IPv4 CIDR block; the VPC's subnets are computed at synth time");
        if (!PropsValidator.isToken(cidr)) {
            v.check(prefix != null, "cidr", cidr, "allowed: an IPv4 CIDR block such as 10.0.0.0/24");
        }
        if (prefix != null) {
            v.check(prefix >= 16 && prefix <= 28, "cidr", cidr, "allowed: a prefix from /16 to /28 (AWS VPC sizes)");
            v.check(isNetworkAddress(cidr, prefix), "cidr", cidr,
                    "allowed: a network address with no host bits set, such as " + networkOf(cidr, prefix) + "/" + prefix);
            if (mask <= 28 && mask < prefix) {
                v.check(false, "subnetCidrMask", mask, "must be at least the cidr's prefix /" + prefix);
            } else if (mask <= 28) {
                final long subnets = 1L << (mask - prefix);
                v.check(subnets >= azs, zonesProp, zonesValue, "the cidr " + cidr + " holds only " + subnets
                        + " subnet(s) of /" + mask + "; use fewer zones, a larger cidr or a larger subnetCidrMask");
                if (subnets >= azs && azs >= 1 && egress.hasNatGateway()) {
                    checkRoomForEgress(v, cidr, prefix, azs, mask, egressMask, publicMask, egress);
                }
                if (subnets >= azs && azs >= 1 && Boolean.TRUE.equals(p.getPublicIngress())) {
                    checkRoomForIngress(v, p, cidr, prefix, azs, mask, egressMask, publicMask, egress);
                }
            }
        }
        v.throwIfInvalid();
        return p;
    }

    /** The egress rules: the NAT-only masks are given only with NAT, and are subnet sizes. */
    private static void checkEgress(final PropsValidator v, final NetworkStackProps p, final Egress egress) {
        final Integer cidrPrefix = p.getCidr() == null ? prefixOf(NetworkStackProps.DEFAULT_CIDR)
                : PropsValidator.isToken(p.getCidr()) ? null : prefixOf(p.getCidr());
        for (final String prop : List.of("egressSubnetCidrMask", "publicSubnetCidrMask")) {
            final Integer given = prop.equals("egressSubnetCidrMask") ? p.getEgressSubnetCidrMask()
                    : p.getPublicSubnetCidrMask();
            if (given == null) {
                continue;
            }
            if (!egress.hasNatGateway()) {
                v.check(false, prop, given, NAT_ONLY + "; with " + egress + " the connector uses the"
                        + " private-isolated subnets (subnetCidrMask)");
                continue;
            }
            v.check(given >= 16 && given <= 28, prop, given, "allowed: 16 to 28 (AWS subnet sizes)");
            if (given >= 16 && given <= 28 && cidrPrefix != null && cidrPrefix >= 16 && cidrPrefix <= 28) {
                v.check(given >= cidrPrefix, prop, given, "must be at least the cidr's prefix /" + cidrPrefix);
            }
        }
    }

    /**
     * CDK's Vpc allocates subnet CIDRs in the order of its subnet configuration, each zone in turn,
     * every block aligned on its own size (aws-ec2 NetworkBuilder). The private-isolated subnets come
     * first, so their CIDRs do not move when a NAT egress is added; the private-with-egress and public
     * subnets follow, and must fit in what is left.
     */
    private static void checkRoomForEgress(final PropsValidator v, final String cidr, final int prefix, final int azs,
                                           final int mask, final int egressMask, final int publicMask,
                                           final Egress egress) {
        if (egressMask < prefix || egressMask > 28 || publicMask < prefix || publicMask > 28) {
            return; // reported on its own prop
        }
        long next = 0;
        for (final int m : new int[] {mask, egressMask, publicMask}) {
            final long size = 1L << (32 - m);
            for (int i = 0; i < azs; i++) {
                next = (next + size - 1) / size * size + size;
            }
        }
        final long vpcSize = 1L << (32 - prefix);
        if (next > vpcSize) {
            final int needed = 32 - (64 - Long.numberOfLeadingZeros(next - 1));
            v.check(false, "cidr", cidr, "with egress " + egress + " the cidr must hold " + azs
                    + " private-isolated subnet(s) of /" + mask + " (subnetCidrMask), then " + azs
                    + " private-with-egress of /" + egressMask + " (egressSubnetCidrMask) and " + azs
                    + " public of /" + publicMask + " (publicSubnetCidrMask): that needs a /" + needed
                    + " or larger cidr; use a larger cidr, fewer zones or larger subnet masks (the private-isolated"
                    + " subnets come first and keep their CIDRs)");
        }
    }

    /** The public ingress rules: the mask only with publicIngress, and large enough for a load balancer. */
    private static void checkIngress(final PropsValidator v, final NetworkStackProps p) {
        final Integer given = p.getIngressSubnetCidrMask();
        if (given == null) {
            return;
        }
        if (!Boolean.TRUE.equals(p.getPublicIngress())) {
            v.check(false, "ingressSubnetCidrMask", given, "only allowed with publicIngress(true)");
            return;
        }
        v.check(given >= 16 && given <= 27, "ingressSubnetCidrMask", given, "allowed: 16 to 27: an Application Load"
                + " Balancer needs a /27 or larger subnet with at least 8 free addresses, and the Express Mode tasks"
                + " take one each (" + ALB_SUBNETS_URL + ")");
        final Integer cidrPrefix = p.getCidr() == null ? prefixOf(NetworkStackProps.DEFAULT_CIDR)
                : PropsValidator.isToken(p.getCidr()) ? null : prefixOf(p.getCidr());
        if (given >= 16 && given <= 27 && cidrPrefix != null && cidrPrefix >= 16 && cidrPrefix <= 28) {
            v.check(given >= cidrPrefix, "ingressSubnetCidrMask", given, "must be at least the cidr's prefix /" + cidrPrefix);
        }
    }

    /** Every group, in CDK's allocation order, must fit; the ingress subnets come last. */
    private static void checkRoomForIngress(final PropsValidator v, final NetworkStackProps p, final String cidr,
                                            final int prefix, final int azs, final int mask, final int egressMask,
                                            final int publicMask, final Egress egress) {
        final int ingressMask = p.getIngressSubnetCidrMask() != null ? p.getIngressSubnetCidrMask()
                : NetworkStackProps.DEFAULT_INGRESS_SUBNET_CIDR_MASK;
        final List<Integer> masks = new ArrayList<>(List.of(mask));
        if (egress.hasNatGateway()) {
            masks.add(egressMask);
            masks.add(publicMask);
        }
        masks.add(ingressMask);
        for (final int m : masks) {
            if (m < prefix || m > 28) {
                return; // reported on its own prop
            }
        }
        long next = 0;
        for (final int m : masks) {
            final long size = 1L << (32 - m);
            for (int i = 0; i < azs; i++) {
                next = (next + size - 1) / size * size + size;
            }
        }
        if (next > (1L << (32 - prefix))) {
            final int needed = 32 - (64 - Long.numberOfLeadingZeros(next - 1));
            v.check(false, "cidr", cidr, "with publicIngress the cidr must hold, after the " + (egress.hasNatGateway()
                    ? "private-isolated, private-with-egress and public subnets" : "private-isolated subnets") + ", "
                    + azs + " public ingress subnet(s) of /" + ingressMask + " (ingressSubnetCidrMask): that needs a /"
                    + needed + " or larger cidr; use a larger cidr, fewer zones or a larger ingressSubnetCidrMask (27 at"
                    + " most: " + ALB_SUBNETS_URL + ")");
        }
    }

    /** The endpoint rules: each service once, Secrets Manager only once, S3 through the gateway. */
    private static void checkEndpoints(final PropsValidator v, final NetworkStackProps p) {
        final boolean fargate = Boolean.TRUE.equals(p.getFargateEndpoints());
        v.check(!fargate || !Boolean.FALSE.equals(p.getS3GatewayEndpoint()), "s3GatewayEndpoint", false,
                "fargateEndpoints(true) needs the S3 gateway endpoint: ECR keeps image layers in S3"
                        + " (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html)");
        final List<InterfaceVpcEndpointAwsService> services = p.getInterfaceEndpoints();
        if (services == null) {
            return;
        }
        final List<String> names = new ArrayList<>();
        for (final InterfaceVpcEndpointAwsService service : services) {
            names.add(service == null ? null : service.getShortName());
        }
        final Set<String> seen = new HashSet<>();
        final Set<String> repeated = new LinkedHashSet<>();
        for (final String name : names) {
            if (name == null) {
                v.check(false, "interfaceEndpoints", null,
                        "allowed: an InterfaceVpcEndpointAwsService such as InterfaceVpcEndpointAwsService.SQS");
                continue;
            }
            if (PropsValidator.isToken(name)) {
                continue;
            }
            if (!seen.add(name)) {
                repeated.add(name);
            }
            v.check(!name.equals(SECRETS_MANAGER) || Boolean.FALSE.equals(p.getSecretsManagerEndpoint()),
                    "interfaceEndpoints", name, "the Secrets Manager endpoint is already created by"
                            + " secretsManagerEndpoint (default true); list it here only with"
                            + " secretsManagerEndpoint(false)");
            v.check(!fargate || !NetworkStack.FARGATE_ENDPOINT_SERVICES.contains(name),
                    "interfaceEndpoints", name, "already created by fargateEndpoints(true); list it in one place");
            v.check(!name.equals(S3), "interfaceEndpoints", name,
                    "use s3GatewayEndpoint(true) for S3: a gateway endpoint, free"
                            + " (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html)");
        }
        v.check(repeated.isEmpty(), "interfaceEndpoints", names,
                "allowed: each service once (listed more than once: " + String.join(", ", repeated) + ")");
    }

    /** The zone rules: how many, which, and whether CDK can give that many. */
    private static void checkZones(final PropsValidator v, final @Nullable Construct scope, final NetworkStackProps p,
                                   final int azs) {
        final List<String> names = p.getAvailabilityZones();
        final List<String> ids = p.getAvailabilityZoneIds();
        final Integer maxAzs = p.getMaxAzs();
        if (names != null && ids != null) {
            v.check(false, "availabilityZoneIds", ids,
                    "not with availabilityZones: give the zones by name or by zone ID, not both");
        }
        // Aurora: "the DB subnet group must have subnets in at least two Availability Zones"
        final String twoZones = "Aurora needs subnets in at least 2 availability zones (" + AURORA_TWO_ZONES_URL + ")";
        if (names == null && ids == null) {
            if (azs >= 1 && azs <= 6) {
                v.check(azs >= 2, "maxAzs", azs, twoZones);
            }
        }
        for (final String prop : List.of("availabilityZones", "availabilityZoneIds")) {
            final List<String> zones = prop.equals("availabilityZones") ? names : ids;
            if (zones == null) {
                continue;
            }
            v.check(zones.size() >= 2, prop, zones, twoZones);
            v.check(zones.size() <= 6, prop, zones, "allowed: 2 to 6 zones");
            if (maxAzs != null) {
                v.check(maxAzs == zones.size(), "maxAzs", maxAzs,
                        "must equal the number of " + prop + " (" + zones.size() + "), or be left unset");
            }
            final Set<String> seen = new HashSet<>();
            final Set<String> repeated = new LinkedHashSet<>();
            for (final String zone : zones) {
                if (zone != null && !seen.add(zone)) {
                    repeated.add(zone);
                }
            }
            v.check(repeated.isEmpty(), prop, zones,
                    "allowed: each zone once (listed more than once: " + String.join(", ", repeated) + ")");
        }
        if (names != null) {
            final String region = literalRegion(scope, ConstructScopes.environment(scope, p.getEnv()));
            for (final String name : names) {
                if (PropsValidator.isToken(name)) {
                    continue;
                }
                final boolean wellFormed = name != null && ZONE_NAME.matcher(name).matches();
                v.check(wellFormed, "availabilityZones", name,
                        "allowed: a zone name such as eu-west-1a (zone IDs such as euw1-az1 go in availabilityZoneIds)");
                if (wellFormed && region != null) {
                    // a zone name is its region's name followed by one letter
                    v.check(name.substring(0, name.length() - 1).equals(region), "availabilityZones", name,
                            "allowed: a zone of the stack's region " + region);
                }
            }
        }
        if (ids != null) {
            // A zone ID's prefix (euw1) abbreviates its region, but AWS documents no rule from region
            // name to prefix, so zone IDs are not checked against the stack's region.
            for (final String id : ids) {
                if (PropsValidator.isToken(id)) {
                    continue;
                }
                v.check(id != null && ZONE_ID.matcher(id).matches(), "availabilityZoneIds", id,
                        "allowed: a zone ID such as euw1-az1 (zone names such as eu-west-1a go in availabilityZones)");
                v.check(id == null || !APP_RUNNER_UNSUPPORTED_ZONE_IDS.contains(id), "availabilityZoneIds", id,
                        "App Runner VPC connectors do not support this zone"
                                + " (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html)");
            }
        }
        // aws-cdk-lib's Stack gives an environment-agnostic stack 2 zones (Fn::GetAZs picks 0 and 1)
        // whatever maxAzs asks: the VPC would silently have 2 subnets
        if (names == null && ids == null && maxAzs != null && maxAzs <= 6 && isEnvironmentAgnostic(scope, ConstructScopes.environment(scope, p.getEnv()))) {
            final int available = agnosticZones(scope);
            v.check(maxAzs <= available, "maxAzs", maxAzs, "an environment-agnostic stack gets at most " + available
                    + " zones from CDK: set env (account and region) or list the zones (availabilityZones or"
                    + " availabilityZoneIds)");
        }
    }

    /** @return the stack's region when it is a literal: from env, else from the enclosing Stage; else null */
    private static @Nullable String literalRegion(final @Nullable Construct scope, final @Nullable Environment env) {
        final Stage stage = stageOf(scope);
        final String region = env != null && env.getRegion() != null ? env.getRegion()
                : stage != null ? stage.getRegion() : null;
        return region == null || PropsValidator.isToken(region) ? null : region;
    }

    /** @return the Stage a stack created in this scope belongs to (the scope itself when a Stage) */
    private static @Nullable Stage stageOf(final @Nullable Construct scope) {
        return scope == null ? null : scope instanceof Stage stage ? stage : Stage.of(scope);
    }

    /** @return whether the stack's account or region is unknown at synth time, as aws-cdk-lib's Stack decides */
    private static boolean isEnvironmentAgnostic(final @Nullable Construct scope, final @Nullable Environment env) {
        final Stage stage = stageOf(scope);
        final String account = env != null && env.getAccount() != null ? env.getAccount()
                : stage != null ? stage.getAccount() : null;
        return account == null || PropsValidator.isToken(account) || literalRegion(scope, env) == null;
    }

    /** @return the zones CDK gives an environment-agnostic stack: its fallback context, else 2 */
    private static int agnosticZones(final @Nullable Construct scope) {
        final Object fallback = scope != null ? scope.getNode().tryGetContext(AZ_FALLBACK_CONTEXT_KEY) : null;
        return fallback instanceof List<?> list ? list.size() : AGNOSTIC_ZONES;
    }

    private static long addressOf(final String cidr) {
        final Matcher m = IPV4_CIDR.matcher(cidr);
        m.matches();
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            address = (address << 8) | Integer.parseInt(m.group(i));
        }
        return address;
    }

    private static long hostMask(final int prefix) {
        return (1L << (32 - prefix)) - 1;
    }

    private static boolean isNetworkAddress(final String cidr, final int prefix) {
        return (addressOf(cidr) & hostMask(prefix)) == 0;
    }

    private static String networkOf(final String cidr, final int prefix) {
        final long network = addressOf(cidr) & ~hostMask(prefix);
        return ((network >> 24) & 255) + "." + ((network >> 16) & 255) + "." + ((network >> 8) & 255) + "." + (network & 255);
    }

    private static Integer prefixOf(final String cidr) {
        final Matcher m = IPV4_CIDR.matcher(cidr);
        if (!m.matches()) {
            return null;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return null;
            }
        }
        final int prefix = Integer.parseInt(m.group(5));
        return prefix <= 32 ? prefix : null;
    }
}
