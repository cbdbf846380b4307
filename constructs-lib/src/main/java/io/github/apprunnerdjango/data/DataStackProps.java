package io.github.apprunnerdjango.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.apprunnerdjango.CommonStackProps;
import io.github.apprunnerdjango.Compliance;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;

/**
 * Props of {@link DataStack}. Only {@code vpc} (or {@code vpcAttributes}) is required. Unlike the other stacks, termination
 * protection defaults to the cluster's deletion protection (on by default).
 */
public final class DataStackProps extends CommonStackProps {
    private final IVpc vpc;
    private final VpcAttributes vpcAttributes;
    private final SubnetSelection vpcSubnets;
    private final IInterfaceVpcEndpoint secretsManagerEndpoint;
    private final Boolean secretsManagerReachable;
    private final AuroraPostgresEngineVersion engineVersion;
    private final Number minCapacity;
    private final Number maxCapacity;
    private final Integer readers;
    private final String databaseName;
    private final String masterUsername;
    private final Duration rotationInterval;
    private final Duration backupRetention;
    private final Boolean deletionProtection;
    private final RemovalPolicy removalPolicy;
    private final List<String> cloudwatchLogsExports;
    private final String superuserName;
    private final String superuserEmail;
    private final RotationStrategy rotationStrategy;
    private final String applicationUsername;
    private final DjangoMediaBucketProps mediaBucket;

    private final Compliance compliance;

    private DataStackProps(final Builder b) {
        super(b);
        this.vpc = b.vpc;
        this.vpcAttributes = b.vpcAttributes;
        this.vpcSubnets = b.vpcSubnets;
        this.secretsManagerEndpoint = b.secretsManagerEndpoint;
        this.secretsManagerReachable = b.secretsManagerReachable;
        this.engineVersion = b.engineVersion;
        this.minCapacity = b.minCapacity;
        this.maxCapacity = b.maxCapacity;
        this.readers = b.readers;
        this.databaseName = b.databaseName;
        this.masterUsername = b.masterUsername;
        this.rotationInterval = b.rotationInterval;
        this.backupRetention = b.backupRetention;
        this.deletionProtection = b.deletionProtection;
        this.removalPolicy = b.removalPolicy;
        this.cloudwatchLogsExports = b.cloudwatchLogsExports == null ? null
                : Collections.unmodifiableList(new ArrayList<>(b.cloudwatchLogsExports));
        this.superuserName = b.superuserName;
        this.superuserEmail = b.superuserEmail;
        this.rotationStrategy = b.rotationStrategy;
        this.applicationUsername = b.applicationUsername;
        this.mediaBucket = b.mediaBucket;
        this.compliance = b.compliance;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the VPC of the cluster (required): NetworkStack's or an imported one */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return an existing VPC by its attributes (id, zones, subnet ids), imported inside this stack. Default: - vpc */
    public VpcAttributes getVpcAttributes() {
        return vpcAttributes;
    }

    /** @return the subnets of the cluster; Default: - the VPC's private-isolated subnets */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /** @return the Secrets Manager endpoint the rotation waits for; Default: - no explicit dependency */
    public IInterfaceVpcEndpoint getSecretsManagerEndpoint() {
        return secretsManagerEndpoint;
    }

    /**
     * @return whether the subnets reach Secrets Manager without {@code secretsManagerEndpoint};
     *     Default: - false
     */
    public Boolean getSecretsManagerReachable() {
        return secretsManagerReachable;
    }

    /** @return the Aurora PostgreSQL version; Default: {@link DataStack#DEFAULT_ENGINE_VERSION} */
    public AuroraPostgresEngineVersion getEngineVersion() {
        return engineVersion;
    }

    /** @return the minimum capacity in ACU; Default: 0.5 */
    public Number getMinCapacity() {
        return minCapacity;
    }

    /** @return the maximum capacity in ACU; Default: 2 */
    public Number getMaxCapacity() {
        return maxCapacity;
    }

    /** @return the number of Serverless v2 readers; Default: 0 */
    public Integer getReaders() {
        return readers;
    }

    /** @return the database name; Default: {@code django} */
    public String getDatabaseName() {
        return databaseName;
    }

    /** @return the master user name; Default: {@code postgres} */
    public String getMasterUsername() {
        return masterUsername;
    }

    /** @return the interval between password rotations; Default: 7 days */
    public Duration getRotationInterval() {
        return rotationInterval;
    }

    /** @return how long automated backups are kept; Default: 7 days */
    public Duration getBackupRetention() {
        return backupRetention;
    }

    /** @return whether deletion protection is on; Default: true */
    public Boolean getDeletionProtection() {
        return deletionProtection;
    }

    /** @return what happens to the cluster when it leaves the stack; Default: {@link RemovalPolicy#SNAPSHOT} */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /** @return the logs exported to CloudWatch Logs; Default: {@code [postgresql]} */
    public List<String> getCloudwatchLogsExports() {
        return cloudwatchLogsExports;
    }

    /** @return the Django superuser's name; Default: {@code admin} */
    public String getSuperuserName() {
        return superuserName;
    }

    /** @return the Django superuser's e-mail; Default: {@code admin@example.com} */
    public String getSuperuserEmail() {
        return superuserEmail;
    }

    /** @return how the database password is rotated; Default: {@link RotationStrategy#SINGLE_USER} */
    public RotationStrategy getRotationStrategy() {
        return rotationStrategy;
    }

    /** @return the application user's name (alternating users only); Default: {@code django} */
    public String getApplicationUsername() {
        return applicationUsername;
    }

    /**
     * @return the S3 bucket of the app's uploads, made by the stack ({@link DataStack#getMediaBucket()})
     *     with these props; {@link DataStack} only (next to a {@link DjangoAuroraDatabase}, make a
     *     {@link DjangoMediaBucket}). Default: - no media bucket
     */
    public DjangoMediaBucketProps getMediaBucket() {
        return mediaBucket;
    }

    /**
     * @return the compliance profile, such as {@link Compliance#controlTower()}, which makes every
     *     resource of the database (enhanced monitoring, the secrets' key, handlers in the VPC)
     *     meet its controls; Default: - none (nothing beyond the defaults)
     */
    public Compliance getCompliance() {
        return compliance;
    }

    /** Builder of {@link DataStackProps}. */
    public static final class Builder extends CommonStackProps.Builder<Builder> {
        private Compliance compliance;
        private IVpc vpc;
        private VpcAttributes vpcAttributes;
        private SubnetSelection vpcSubnets;
        private IInterfaceVpcEndpoint secretsManagerEndpoint;
        private Boolean secretsManagerReachable;
        private AuroraPostgresEngineVersion engineVersion;
        private Number minCapacity;
        private Number maxCapacity;
        private Integer readers;
        private String databaseName;
        private String masterUsername;
        private Duration rotationInterval;
        private Duration backupRetention;
        private Boolean deletionProtection;
        private RemovalPolicy removalPolicy;
        private List<String> cloudwatchLogsExports;
        private String superuserName;
        private String superuserEmail;
        private RotationStrategy rotationStrategy;
        private String applicationUsername;
        private DjangoMediaBucketProps mediaBucket;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param vpc the VPC of the cluster: {@code NetworkStack.getVpc()} or an imported VPC. Required unless vpcAttributes is given.
         * @return this builder
         */
        public Builder vpc(final IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /**
         * @param vpcAttributes an existing VPC by its attributes (id, zones, subnet ids), imported inside
         *     this stack, instead of vpc. Default: - vpc
         * @return this builder
         */
        public Builder vpcAttributes(final VpcAttributes vpcAttributes) {
            this.vpcAttributes = vpcAttributes;
            return this;
        }

        /**
         * @param vpcSubnets the subnets of the cluster and its rotation function, in at least 2
         *     availability zones (Aurora's DB subnet group). Default: - the VPC's private-isolated subnets
         * @return this builder
         */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @param secretsManagerEndpoint the Secrets Manager interface endpoint (with private DNS) that
         *     the rotation function reaches the API through; the rotation is created after it. The
         *     function always calls the regional name, which private DNS resolves to the endpoint.
         *     Without it, private-isolated subnets (the default) are refused unless the VPC is a
         *     {@code NetworkStack}'s with its endpoint, or {@code secretsManagerReachable} is true: the
         *     rotation functions there would otherwise time out on every rotation, silently.
         *     Default: - no explicit dependency; the VPC must reach Secrets Manager some other way
         * @return this builder
         */
        public Builder secretsManagerEndpoint(final IInterfaceVpcEndpoint secretsManagerEndpoint) {
            this.secretsManagerEndpoint = secretsManagerEndpoint;
            return this;
        }

        /**
         * @param secretsManagerReachable set when the subnets reach Secrets Manager another way: an
         *     endpoint of your own, NAT. It lifts the check that private-isolated subnets without
         *     {@code secretsManagerEndpoint} have a way to Secrets Manager; nothing else changes.
         *     Default: - false
         * @return this builder
         */
        public Builder secretsManagerReachable(final Boolean secretsManagerReachable) {
            this.secretsManagerReachable = secretsManagerReachable;
            return this;
        }

        /**
         * @param engineVersion the Aurora PostgreSQL version (16.x or 17.x for auto-pause at 0 ACU).
         *     Default: {@link DataStack#DEFAULT_ENGINE_VERSION}
         * @return this builder
         */
        public Builder engineVersion(final AuroraPostgresEngineVersion engineVersion) {
            this.engineVersion = engineVersion;
            return this;
        }

        /**
         * @param minCapacity the minimum capacity in Aurora capacity units, 0 to 256 in steps of 0.5;
         *     0 pauses the cluster when idle. Default: 0.5
         * @return this builder
         */
        public Builder minCapacity(final Number minCapacity) {
            this.minCapacity = minCapacity;
            return this;
        }

        /**
         * @param maxCapacity the maximum capacity in Aurora capacity units, 1 to 256 in steps of 0.5,
         *     at least {@code minCapacity}. Default: 2
         * @return this builder
         */
        public Builder maxCapacity(final Number maxCapacity) {
            this.maxCapacity = maxCapacity;
            return this;
        }

        /**
         * @param readers the number of Serverless v2 readers, 0 to 15, scaling with the writer. Default: 0
         * @return this builder
         */
        public Builder readers(final Integer readers) {
            this.readers = readers;
            return this;
        }

        /**
         * @param databaseName the database created in the cluster: a letter, then letters, digits or
         *     underscores, 63 characters at most. Default: {@code django}
         * @return this builder
         */
        public Builder databaseName(final String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        /**
         * @param masterUsername the master user name, same rules as the database name, not a
         *     reserved name such as {@code rdsadmin}. Default: {@code postgres}
         * @return this builder
         */
        public Builder masterUsername(final String masterUsername) {
            this.masterUsername = masterUsername;
            return this;
        }

        /**
         * @param rotationInterval the interval between password rotations, 1 to 1000 days. Default: 7 days
         * @return this builder
         */
        public Builder rotationInterval(final Duration rotationInterval) {
            this.rotationInterval = rotationInterval;
            return this;
        }

        /**
         * @param backupRetention how long automated backups are kept, 1 to 35 days. Default: 7 days
         * @return this builder
         */
        public Builder backupRetention(final Duration backupRetention) {
            this.backupRetention = backupRetention;
            return this;
        }

        /**
         * @param deletionProtection whether the cluster refuses deletion. The stack's termination
         *     protection follows it unless {@code terminationProtection} is set. Default: true
         * @return this builder
         */
        public Builder deletionProtection(final Boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        /**
         * @param removalPolicy what happens to the cluster when it leaves the stack: SNAPSHOT, RETAIN
         *     or DESTROY. Default: {@link RemovalPolicy#SNAPSHOT}
         * @return this builder
         */
        public Builder removalPolicy(final RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /**
         * @param cloudwatchLogsExports the logs exported to CloudWatch Logs; Aurora PostgreSQL offers
         *     {@code postgresql} and {@code iam-db-auth-error}. Default: {@code [postgresql]}
         * @return this builder
         */
        public Builder cloudwatchLogsExports(final List<String> cloudwatchLogsExports) {
            this.cloudwatchLogsExports = cloudwatchLogsExports;
            return this;
        }

        /**
         * @param superuserName the Django superuser's name, 1 to 150 of letters, digits and
         *     {@code @.+-_}. Default: {@code admin}
         * @return this builder
         */
        public Builder superuserName(final String superuserName) {
            this.superuserName = superuserName;
            return this;
        }

        /**
         * @param superuserEmail the Django superuser's e-mail address. Default: {@code admin@example.com}
         * @return this builder
         */
        public Builder superuserEmail(final String superuserEmail) {
            this.superuserEmail = superuserEmail;
            return this;
        }

        /**
         * @param rotationStrategy how the database password is rotated: the master user alone, or an
         *     application user with alternating users (no window after a rotation). Alternating users
         *     create the user through the RDS Data API, which Aurora PostgreSQL does not offer in every
         *     Region: refused where AWS lists it as not available (see {@link RotationStrategy}).
         *     Default: {@link RotationStrategy#SINGLE_USER}
         * @return this builder
         */
        public Builder rotationStrategy(final RotationStrategy rotationStrategy) {
            this.rotationStrategy = rotationStrategy;
            return this;
        }

        /**
         * @param applicationUsername the application user's name with alternating users: a PostgreSQL
         *     identifier of at most 57 characters (the rotation appends {@code _clone}), other than the
         *     master user. Default: {@code django}
         * @return this builder
         */
        public Builder applicationUsername(final String applicationUsername) {
            this.applicationUsername = applicationUsername;
            return this;
        }

        /**
         * @param mediaBucket the S3 bucket of the app's uploads, made by the stack with these props
         *     ({@code DjangoMediaBucketProps.builder().build()} for the defaults: versioned, S3-managed
         *     encryption, retained); {@link DataStack} only. Its logical id is kept from release to
         *     release. Default: - no media bucket
         * @return this builder
         */
        public Builder mediaBucket(final DjangoMediaBucketProps mediaBucket) {
            this.mediaBucket = mediaBucket;
            return this;
        }

        /**
         * @param compliance a compliance profile: {@link Compliance#controlTower()} meets the AWS Control
         *     Tower proactive controls (docs/security.md, "Compliance", lists what it changes and costs).
         *     Give every stack of the app the same profile. Default: - none
         * @return this builder
         */
        public Builder compliance(final Compliance compliance) {
            this.compliance = compliance;
            return this;
        }

        /** @return the props */
        public DataStackProps build() {
            return new DataStackProps(this);
        }
    }
}
