package io.github.apprunnerdjango.data;

import java.util.List;
import java.util.regex.Matcher;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.network.DjangoNetwork;

import io.github.apprunnerdjango.internal.ConstructScopes;
import io.github.apprunnerdjango.internal.VpcAttributesCheck;
import io.github.apprunnerdjango.internal.PropsValidator;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.constructs.Construct;

/** Validates {@link DataStackProps} before any resource exists. */
final class DataValidation {
    private static final Pattern PG_IDENTIFIER = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,62}$");
    private static final Set<String> RESERVED_USERS = new TreeSet<>(List.of("rdsadmin", "rdsrepladmin",
            "rds_superuser", "admin", "public", "template0", "template1"));
    private static final Set<String> RESERVED_DATABASES = new TreeSet<>(List.of("postgres", "template0", "template1",
            "rdsadmin"));
    private static final Pattern DJANGO_USERNAME = Pattern.compile("^[\\w.@+-]{1,150}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"]+@[^@\\s\"]+\\.[^@\\s\"]+$");
    private static final Set<String> LOG_EXPORTS = new TreeSet<>(List.of("iam-db-auth-error", "postgresql"));
    /** Aurora's DB subnet group needs subnets in at least two zones. */
    private static final String AURORA_TWO_ZONES_URL =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html";
    /** Where AWS lists the Regions of the RDS Data API per Aurora engine. */
    /** Aurora Serverless v2's scaling to zero and the engine versions that support it. */
    static final String AUTO_PAUSE_URL =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html";
    /** The first minor version of each major that can auto-pause ({@link #AUTO_PAUSE_URL}); 17 and later all can. */
    private static final Map<Integer, Integer> AUTO_PAUSE_LEAST_MINOR = new TreeMap<>(Map.of(13, 15, 14, 12, 15, 7, 16, 3));
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");
    static final String DATA_API_REGIONS_URL =
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.Data_API.html";
    /**
     * Regions that {@link #DATA_API_REGIONS_URL} lists as "Not available" for the RDS Data API with
     * every Aurora PostgreSQL version (Serverless v2 and provisioned): Asia Pacific (Hyderabad),
     * (Melbourne) and (New Zealand). Only these could be established from the stored copies of the
     * page (its table rows up to Asia Pacific (Osaka)); Regions further down the table, China and
     * GovCloud included, are not checked, so a Region missing here is not a Region known to work.
     */
    static final Set<String> REGIONS_WITHOUT_DATA_API_FOR_POSTGRESQL =
            new TreeSet<>(List.of("ap-south-2", "ap-southeast-4", "ap-southeast-6"));
    /** A rotation function in a VPC without internet access needs a Secrets Manager endpoint or NAT. */
    private static final String ROTATION_NETWORK_URL =
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-function-network-access.html";

    private DataValidation() {
    }

    /** @return the props, after checking them; throws once on any failure */
    static DataStackProps validated(final DataStackProps p) {
        return validated(null, p);
    }

    /**
     * @param scope the stack's scope, whose Stage may set the region; null for none
     * @param p the props
     * @return the props, after checking them; throws once on any failure
     */
    static DataStackProps validated(final @Nullable Construct scope, final DataStackProps p) {
        return validated(scope, p, false);
    }

    /**
     * @param scope where the database is made: the stack's scope, or the construct's scope
     * @param p the props
     * @param construct whether a {@link DjangoAuroraDatabase} is made on its own (stack-level settings refused)
     * @return the props, after checking them; throws once on any failure
     */
    static DataStackProps validated(final @Nullable Construct scope, final DataStackProps p, final boolean construct) {
        final String owner = construct ? "DjangoAuroraDatabase" : "DataStack";
        if (p == null) {
            throw new IllegalArgumentException("Invalid " + owner + " props:\n  - props: got null; required, with at least vpc");
        }
        final PropsValidator v = new PropsValidator(owner);
        if (construct) {
            ConstructScopes.refuseStackSettings(v, owner, p.hasStackSettings());
        }
        if (p.getMediaBucket() != null) {
            // the construct is the database alone: a bucket beside it is the user's DjangoMediaBucket
            v.check(!construct, "mediaBucket", PropsValidator.shown("DjangoMediaBucketProps"), "a DataStack prop: next to a"
                    + " DjangoAuroraDatabase, make a DjangoMediaBucket in the same stack");
            DjangoMediaBucket.check(v, p.getMediaBucket(), "mediaBucket.",
                    p.getMediaBucket().getCompliance() != null ? p.getMediaBucket().getCompliance() : p.getCompliance());
        }
        v.check(p.getVpc() != null || p.getVpcAttributes() != null, "vpc", null,
                "required: NetworkStack.getVpc(), an imported IVpc, or vpcAttributes");
        v.check(p.getVpc() == null || p.getVpcAttributes() == null, "vpcAttributes", "VPC attributes",
                "not with vpc: give the VPC as an object or by its attributes, not both");
        final boolean capacitiesInRange = checkCapacity(v, "minCapacity", p.getMinCapacity(), 0)
                & checkCapacity(v, "maxCapacity", p.getMaxCapacity(), 1);
        final Number min = p.getMinCapacity() != null ? p.getMinCapacity() : DataStack.DEFAULT_MIN_CAPACITY;
        final Number max = p.getMaxCapacity() != null ? p.getMaxCapacity() : DataStack.DEFAULT_MAX_CAPACITY;
        // a value out of range is reported above; the order names the prop the user set, not a default
        if (capacitiesInRange && !PropsValidator.isToken(min) && !PropsValidator.isToken(max)
                && min.doubleValue() > max.doubleValue()) {
            if (p.getMinCapacity() == null) {
                v.check(false, "maxCapacity", max, "must be at least the default minCapacity " + min);
            } else if (p.getMaxCapacity() == null) {
                v.check(false, "minCapacity", min, "must not exceed the default maxCapacity " + max
                        + "; set maxCapacity to at least " + min);
            } else {
                v.check(false, "minCapacity", min, "must not exceed maxCapacity (" + max + ")");
            }
        }
        if (capacitiesInRange && p.getMinCapacity() != null && !PropsValidator.isToken(p.getMinCapacity())
                && p.getMinCapacity().doubleValue() == 0 && p.getEngineVersion() != null) {
            final String version = p.getEngineVersion().getAuroraPostgresFullVersion();
            v.check(canAutoPause(version), "minCapacity", 0, "0 ACU (auto-pause) needs Aurora PostgreSQL 13.15,"
                    + " 14.12, 15.7, 16.3 or later, and engineVersion is " + version + " (" + AUTO_PAUSE_URL
                    + "): set minCapacity to 0.5 or more, or a newer engineVersion");
        }
        if (p.getReaders() != null) {
            v.check(p.getReaders() >= 0 && p.getReaders() <= 15, "readers", p.getReaders(), "allowed: 0 to 15");
        }
        final String db = p.getDatabaseName();
        if (db != null && !PropsValidator.isToken(db)) {
            v.check(PG_IDENTIFIER.matcher(db).matches() && !RESERVED_DATABASES.contains(db.toLowerCase()),
                    "databaseName", db, "allowed: a letter, then letters, digits or underscores (63 at most),"
                            + " not one of " + RESERVED_DATABASES);
        }
        final String user = p.getMasterUsername();
        if (user != null && !PropsValidator.isToken(user)) {
            v.check(PG_IDENTIFIER.matcher(user).matches() && !RESERVED_USERS.contains(user.toLowerCase()),
                    "masterUsername", user, "allowed: a letter, then letters, digits or underscores (63 at most),"
                            + " not one of " + RESERVED_USERS);
        }
        final String app = p.getApplicationUsername();
        if (app != null && !PropsValidator.isToken(app)) {
            final String master = user != null ? user : "postgres";
            v.check(PG_IDENTIFIER.matcher(app).matches() && app.length() <= 57
                            && !RESERVED_USERS.contains(app.toLowerCase()) && !app.equalsIgnoreCase(master)
                            && !app.endsWith("_clone"),
                    "applicationUsername", app, "allowed: a letter, then letters, digits or underscores (57 at most,"
                            + " as the rotation appends _clone), not ending in _clone, not the master user " + master
                            + " nor one of " + RESERVED_USERS);
            v.check(p.getRotationStrategy() == RotationStrategy.ALTERNATING_USERS, "applicationUsername", app,
                    "only used with rotationStrategy ALTERNATING_USERS, not " + (p.getRotationStrategy() == null
                            ? "the default " + RotationStrategy.SINGLE_USER : p.getRotationStrategy()));
        }
        checkDays(v, "rotationInterval", p.getRotationInterval(), 1, 1000);
        checkDays(v, "backupRetention", p.getBackupRetention(), 1, 35);
        final List<String> exports = p.getCloudwatchLogsExports();
        if (exports != null) {
            v.check(exports.stream().allMatch(e -> e != null && LOG_EXPORTS.contains(e)), "cloudwatchLogsExports", exports,
                    "allowed: any of " + LOG_EXPORTS);
        }
        final String su = p.getSuperuserName();
        if (su != null && !PropsValidator.isToken(su)) {
            v.check(DJANGO_USERNAME.matcher(su).matches(), "superuserName", su,
                    "allowed: 1 to 150 letters, digits and @.+-_");
        }
        final String email = p.getSuperuserEmail();
        if (email != null && !PropsValidator.isToken(email)) {
            v.check(EMAIL.matcher(email).matches(), "superuserEmail", email, "allowed: an e-mail address");
        }
        if (p.getVpc() != null || p.getVpcAttributes() != null) {
            final List<String> attributeProblems = p.getVpc() == null
                    ? VpcAttributesCheck.problems(p.getVpcAttributes()) : List.of();
            attributeProblems.forEach(problem -> v.check(false, "vpcAttributes",
                    "VPC attributes " + p.getVpcAttributes().getVpcId(), problem));
            if (attributeProblems.isEmpty()) {
                checkSubnets(v, p, p.getVpc() != null ? p.getVpc() : importedForValidation(p.getVpcAttributes()));
            }
        }
        final String region = literalRegion(scope, ConstructScopes.environment(scope, p.getEnv()));
        if (p.getRotationStrategy() == RotationStrategy.ALTERNATING_USERS && region != null) {
            v.check(!REGIONS_WITHOUT_DATA_API_FOR_POSTGRESQL.contains(region), "rotationStrategy", p.getRotationStrategy(),
                    "needs the RDS Data API, which AWS lists as not available for Aurora PostgreSQL in " + region
                            + " (" + DATA_API_REGIONS_URL + "): use SINGLE_USER there");
        }
        v.throwIfInvalid();
        return p;
    }

    /**
     * The cluster's subnets: a selection the VPC can make, in 2 zones or more, and with a way to
     * Secrets Manager for the rotation. A failure of the default selection names vpc, the prop the
     * user set; of a selection the user gave, vpcSubnets.
     */
    /**
     * The VPC of vpcAttributes, imported in a scope of its own that never reaches the user's app, so
     * that its subnets can be checked before the stack exists.
     */
    private static IVpc importedForValidation(final VpcAttributes attributes) {
        return Vpc.fromVpcAttributes(new Stack(new App(), "Validation"), "Vpc", attributes);
    }

    private static void checkSubnets(final PropsValidator v, final DataStackProps p, final IVpc vpc) {
        final boolean byDefault = p.getVpcSubnets() == null;
        // the prop the user set, and the VPC as the user knows it (an imported VPC's path is ours)
        final String vpcProp = p.getVpc() != null ? "vpc" : "vpcAttributes";
        final String vpcShown = p.getVpc() != null ? String.valueOf(PropsValidator.describeVpc(vpc))
                : "VPC attributes " + p.getVpcAttributes().getVpcId();
        final SubnetSelection selection = byDefault
                ? SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build() : p.getVpcSubnets();
        // CDK's own error would come from inside the cluster, with the stack already in the app
        final PropsValidator.Subnets selected = PropsValidator.selectSubnets(vpc, selection);
        if (selected.failure() != null) {
            if (byDefault) {
                v.check(false, vpcProp, PropsValidator.shown(vpcShown
                                + " with the default vpcSubnets " + PropsValidator.describeSelection(selection)),
                        selected.failure() + "; allowed: a VPC with private-isolated subnets, or set vpcSubnets to"
                                + " subnets this VPC has");
            } else {
                v.check(false, "vpcSubnets", PropsValidator.describeSelection(selection), selected.failure()
                        + "; allowed: subnets this VPC has (by subnetType, subnetGroupName, availabilityZones or"
                        + " subnets)");
            }
            // the rotation's network depends on subnets that do not exist: nothing more to check
            return;
        }
        // Aurora: "the DB subnet group must have subnets in at least two Availability Zones". Checked
        // when every selected subnet's zone is a literal (not in environment-agnostic VPCs, whose
        // zones are Fn::GetAZs picks).
        final List<ISubnet> subnets = selected.subnets();
        if (subnets.stream().noneMatch(s -> PropsValidator.isToken(s.getAvailabilityZone()))) {
            final Set<String> zones = new TreeSet<>();
            subnets.forEach(s -> zones.add(s.getAvailabilityZone()));
            if (byDefault) {
                v.check(zones.size() >= 2, vpcProp, PropsValidator.shown(vpcShown
                                + " with the default vpcSubnets " + PropsValidator.describeSelection(selection)
                                + ", whose subnets are in " + zones),
                        "Aurora needs subnets in at least 2 availability zones (" + AURORA_TWO_ZONES_URL + "); allowed:"
                                + " a VPC with private-isolated subnets in 2 zones or more, or set vpcSubnets");
            } else {
                v.check(zones.size() >= 2, "vpcSubnets", new SubnetZones(List.copyOf(zones)),
                        "Aurora needs subnets in at least 2 availability zones (" + AURORA_TWO_ZONES_URL + ")");
            }
        }
        // The rotation functions run in these subnets. Private-isolated subnets have no route out, so
        // they reach the Secrets Manager API only through an interface endpoint: without one every
        // rotation times out and nothing reports it.
        final boolean isolated = byDefault || selection.getSubnetType() == SubnetType.PRIVATE_ISOLATED;
        if (isolated && p.getSecretsManagerEndpoint() == null && !Boolean.TRUE.equals(p.getSecretsManagerReachable())
                && !hasNetworkStackEndpoint(vpc)) {
            v.check(false, "secretsManagerEndpoint", null, "the rotation functions run in private-isolated subnets,"
                    + " which reach Secrets Manager only through an interface endpoint or NAT, or every rotation times"
                    + " out (" + ROTATION_NETWORK_URL + "): pass NetworkStack.getSecretsManagerEndpoint() or your"
                    + " endpoint, or set secretsManagerReachable(true) when the subnets reach Secrets Manager another way");
        }
    }

    /**
     * @return whether the VPC is a {@link NetworkStack}'s that created its Secrets Manager endpoint:
     *     with private DNS in all its subnets, the endpoint serves every function in the VPC
     */
    private static boolean hasNetworkStackEndpoint(final IVpc vpc) {
        final DjangoNetwork network = DjangoNetwork.of(vpc);
        return network != null && network.getSecretsManagerEndpoint() != null;
    }

    /** @return the stack's region when it is a literal: from env, else from the enclosing Stage; else null */
    private static @Nullable String literalRegion(final @Nullable Construct scope, final @Nullable Environment env) {
        final Stage stage = scope == null ? null : scope instanceof Stage s ? s : Stage.of(scope);
        final String region = env != null && env.getRegion() != null ? env.getRegion()
                : stage != null ? stage.getRegion() : null;
        return region == null || PropsValidator.isToken(region) ? null : region;
    }

    /** The zones of the selected subnets, as the value a failure names. */
    private record SubnetZones(List<String> zones) {
        @Override
        public String toString() {
            return "subnets in " + zones;
        }
    }

    /** @return false when the capacity is a literal out of range (a failure is recorded), else true */
    /** @return whether this Aurora PostgreSQL version can scale to 0 ACU ({@link #AUTO_PAUSE_URL}) */
    static boolean canAutoPause(final String version) {
        final Matcher m = MAJOR_MINOR.matcher(version == null ? "" : version);
        if (!m.find()) {
            return true; // a version this check cannot read is left to RDS
        }
        final int major = Integer.parseInt(m.group(1));
        final int minor = Integer.parseInt(m.group(2));
        final Integer least = AUTO_PAUSE_LEAST_MINOR.get(major);
        return major > 16 || least != null && minor >= least;
    }

    private static boolean checkCapacity(final PropsValidator v, final String prop, final Number acu, final double least) {
        if (acu == null || PropsValidator.isToken(acu)) {
            return true;
        }
        final double value = acu.doubleValue();
        final boolean ok = value >= least && value <= 256 && value * 2 == Math.rint(value * 2);
        v.check(ok, prop, acu, "allowed: " + (least == 0 ? "0" : "1") + " to 256 ACU in steps of 0.5");
        return ok;
    }

    private static void checkDays(final PropsValidator v, final String prop, final Duration d, final int lo, final int hi) {
        if (d == null || d.isUnresolved()) {
            return;
        }
        final double days = d.toMilliseconds().doubleValue() / 86_400_000;
        v.check(days >= lo && days <= hi && days == Math.rint(days), prop, d.toHumanString(),
                "allowed: " + lo + " to " + hi + " whole days");
    }
}
