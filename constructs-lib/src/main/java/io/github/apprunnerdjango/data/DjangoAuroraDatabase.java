package io.github.apprunnerdjango.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.apprunnerdjango.internal.Json;
import io.github.apprunnerdjango.internal.ComplianceProfile;
import io.github.apprunnerdjango.internal.NagSuppressions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.RotationMultiUserOptions;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.secretsmanager.CfnRotationSchedule;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretRotation;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * A Django service's database, as a construct for any stack: Aurora PostgreSQL Serverless v2 in
 * isolated subnets, its credentials in Secrets Manager rotated by a single-user (or alternating-users)
 * rotation function, the Django secrets, and a "database client" security group that a service
 * joins to reach the cluster.
 *
 * <p>{@link DataStack} is this construct in a stack of its own. Its props are {@link DataStackProps}
 * without the stack-level settings, which belong to the stack that holds it. A service in another
 * stack reads it through SSM parameters ({@link #forUseIn}), never through an export.
 */
public class DjangoAuroraDatabase extends Construct implements IDjangoDatabase {
    /** The engine version used when none is given: the newest 17.x that aws-cdk-lib 2.263 offers. */
    public static final AuroraPostgresEngineVersion DEFAULT_ENGINE_VERSION = AuroraPostgresEngineVersion.VER_17_9;
    /**
     * Characters never used in generated passwords: space, backtick and the punctuation that breaks
     * connection URLs and shells ({@code %+~#$&*()|[]{}:;?!'/@"\}).
     */
    public static final String PASSWORD_EXCLUDED_CHARACTERS = " `%+~#$&*()|[]{}:;?!'/@\"\\";
    /** The application user's name when none is given (alternating-users rotation). */
    public static final String DEFAULT_APPLICATION_USERNAME = "django";
    /** The minimum capacity in ACU when none is given. */
    public static final Number DEFAULT_MIN_CAPACITY = 0.5;
    /** The maximum capacity in ACU when none is given. */
    public static final Number DEFAULT_MAX_CAPACITY = 2;
    /** The length of the generated database password. */
    public static final int PASSWORD_LENGTH = 30;
    /** The length of the generated Django SECRET_KEY (Django asks for 50 or more). */
    public static final int SECRET_KEY_LENGTH = 64;

    private final DatabaseCluster cluster;
    private final ISecret databaseSecret;
    private final @Nullable IKey secretsKey;
    private final @Nullable ISecret applicationSecret;
    private final RotationStrategy rotationStrategy;
    private final ISecret superuserSecret;
    private final ISecret secretKeySecret;
    private final SecurityGroup databaseClientSecurityGroup;
    private final String databaseName;

    /**
     * @param scope the parent construct, in any stack
     * @param id the construct id (part of every logical id below it: never change it once deployed)
     * @param props the props; {@code vpc} is required; no stack-level settings
     */
    public DjangoAuroraDatabase(final Construct scope, final String id, final @NotNull DataStackProps props) {
        this(scope, id, DataValidation.validated(scope, props, true), true);
    }

    /** The database of a {@link DataStack}, whose props were checked before the stack was made. */
    DjangoAuroraDatabase(final Construct scope, final String id, final DataStackProps props, final boolean validated) {
        super(scope, id);
        final IVpc vpc = props.getVpc() != null ? props.getVpc() : importVpc(props.getVpcAttributes());
        final SubnetSelection subnets = Objects.requireNonNullElse(props.getVpcSubnets(),
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build());
        this.databaseName = Objects.requireNonNullElse(props.getDatabaseName(), "django");
        final String username = Objects.requireNonNullElse(props.getMasterUsername(), "postgres");
        this.rotationStrategy = Objects.requireNonNullElse(props.getRotationStrategy(), RotationStrategy.SINGLE_USER);
        final boolean alternating = rotationStrategy == RotationStrategy.ALTERNATING_USERS;
        final Duration rotationInterval = Objects.requireNonNullElse(props.getRotationInterval(), Duration.days(7));
        // the Control Tower profile encrypts the secrets with its customer-managed key; grantRead grants its use
        this.secretsKey = props.getCompliance() == null ? null : ComplianceProfile.key(this, props.getCompliance());

        // dbname is written by the template: attaching the secret adds host and port, not dbname.
        final DatabaseSecret dbSecret = DatabaseSecret.Builder.create(this, "DatabaseSecret")
                .username(username)
                .dbname(databaseName)
                .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS)
                .encryptionKey(secretsKey)
                .build();
        this.databaseSecret = dbSecret;

        final SecurityGroup clusterSecurityGroup = SecurityGroup.Builder.create(this, "ClusterSecurityGroup")
                .vpc(vpc)
                .description("Aurora cluster of the App Runner Django service")
                .allowAllOutbound(false)
                .build();
        this.databaseClientSecurityGroup = SecurityGroup.Builder.create(this, "DatabaseClientSecurityGroup")
                .vpc(vpc)
                .description("Members may connect to the Aurora cluster (App Runner VPC connector)")
                .allowAllOutbound(true)
                .build();

        this.cluster = DatabaseCluster.Builder.create(this, "Cluster")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(Objects.requireNonNullElse(props.getEngineVersion(), DEFAULT_ENGINE_VERSION)).build()))
                .credentials(Credentials.fromSecret(dbSecret))
                .defaultDatabaseName(databaseName)
                .writer(ClusterInstance.serverlessV2("Writer", ServerlessV2ClusterInstanceProps.builder()
                        .autoMinorVersionUpgrade(true).build()))
                .readers(readers(Objects.requireNonNullElse(props.getReaders(), 0)))
                .serverlessV2MinCapacity(Objects.requireNonNullElse(props.getMinCapacity(), DEFAULT_MIN_CAPACITY))
                .serverlessV2MaxCapacity(Objects.requireNonNullElse(props.getMaxCapacity(), DEFAULT_MAX_CAPACITY))
                .vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroups(List.of(clusterSecurityGroup))
                .storageEncrypted(true)
                .iamAuthentication(true)
                .cloudwatchLogsExports(Objects.requireNonNullElse(props.getCloudwatchLogsExports(),
                        List.of("postgresql")))
                .backup(BackupProps.builder()
                        .retention(Objects.requireNonNullElse(props.getBackupRetention(), Duration.days(7)))
                        .build())
                .deletionProtection(Objects.requireNonNullElse(props.getDeletionProtection(), true))
                .removalPolicy(Objects.requireNonNullElse(props.getRemovalPolicy(), RemovalPolicy.SNAPSHOT))
                .copyTagsToSnapshot(true)
                .enableDataApi(alternating ? true : null)
                // the Control Tower profile: enhanced monitoring every minute (CT.RDS.PR.2), with the role CDK creates
                .monitoringInterval(props.getCompliance() == null ? null : Duration.seconds(60))
                .build();
        cluster.getConnections().allowDefaultPortFrom(databaseClientSecurityGroup,
                "App Runner VPC connector to PostgreSQL");

        // The rotation function calls the regional Secrets Manager name, which the interface endpoint's
        // private DNS resolves inside the VPC. CDK's `endpoint` option is not used: it renders
        // https://<vpce-id>.secretsmanager.<region>.<suffix>, a name that does not exist (endpoint
        // names are <vpce-id>-<suffix>.secretsmanager.<region>.vpce.amazonaws.com).
        final SecretRotation rotation = cluster.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(rotationInterval)
                .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS)
                .vpcSubnets(subnets)
                .build());
        if (props.getSecretsManagerEndpoint() != null) {
            rotation.getNode().addDependency(props.getSecretsManagerEndpoint());
        }
        this.applicationSecret = alternating ? applicationUser(props, subnets, dbSecret, rotationInterval) : null;
        // the credentials must outlive a cluster kept as a snapshot or retained
        final RemovalPolicy clusterRemoval = Objects.requireNonNullElse(props.getRemovalPolicy(), RemovalPolicy.SNAPSHOT);
        dbSecret.applyRemovalPolicy(clusterRemoval == RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);

        this.superuserSecret = Secret.Builder.create(this, "DjangoSuperuserSecret")
                .description("Django superuser created by the image's entrypoint")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate(Json.object(Map.of(
                                SecretFields.SUPERUSER_USERNAME,
                                Objects.requireNonNullElse(props.getSuperuserName(), "admin"),
                                SecretFields.SUPERUSER_EMAIL,
                                Objects.requireNonNullElse(props.getSuperuserEmail(), "admin@example.com"))))
                        .generateStringKey(SecretFields.SUPERUSER_PASSWORD)
                        .passwordLength(PASSWORD_LENGTH)
                        .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS)
                        .build())
                .encryptionKey(secretsKey)
                .build();
        NagSuppressions.suppress(superuserSecret, "AwsSolutions-SMG4",
                "No rotation function can change a Django user: the superuser password is changed by updating"
                        + " this secret and redeploying, when the entrypoint's ensure_superuser applies it (README)");
        // Rotated by hand (README): a new key plus the old one in the fallbacks logs nobody out.
        this.secretKeySecret = Secret.Builder.create(this, "DjangoSecretKeySecret")
                .description("Django SECRET_KEY and SECRET_KEY_FALLBACKS")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate(Json.object(Map.of(SecretFields.SECRET_KEY_FALLBACKS, "")))
                        .generateStringKey(SecretFields.SECRET_KEY)
                        .passwordLength(SECRET_KEY_LENGTH)
                        .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS + ",")
                        .build())
                .encryptionKey(secretsKey)
                .build();
        NagSuppressions.suppress(secretKeySecret, "AwsSolutions-SMG4",
                "Django's SECRET_KEY is rotated by hand: the old key moves to secretkeyfallbacks so sessions and"
                        + " signed links survive; a scheduled rotation would log every user out (README)");        if (props.getCompliance() != null) {
            NagSuppressions.suppress(cluster, "AwsSolutions-IAM4", "Enhanced monitoring role (Control Tower profile):"
                    + " AmazonRDSEnhancedMonitoringRole is the policy RDS documents for it, writing only RDSOSMetrics",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
            ComplianceProfile.apply(this, props.getCompliance(), vpc);
        }
    }

    /**
     * In a construct of another stack, the database is read through the SSM parameters this construct
     * then writes (once, however many services read them), never through a CloudFormation export, so
     * day-2 changes here (rotation strategy, a replaced secret) never meet an export that a deployed
     * consumer still imports. The consumer's stack depends on this one.
     *
     * @param scope a construct in the consumer's stack
     * @param id the id of the construct that holds the imports
     * @return this database in its own stack, else the database read from the parameters
     */
    @Override
    public IDjangoDatabase forUseIn(final Construct scope, final String id) {
        return Stack.of(scope) == Stack.of(this) ? this : DatabaseReferences.readFrom(scope, id, this);
    }

    /**
     * @param key one of the keys the references publish (see the operations guide, cross-stack references)
     * @return the SSM parameter name of that value: {@code /apprunner-django/<stack name>/<key>} for the
     *     database of a {@link DataStack}, {@code /apprunner-django/<stack name>/<construct path>/<key>} otherwise
     */
    public String getParameterName(final String key) {
        return DatabaseReferences.parameterName(this, key);
    }

    /**
     * The cluster's identifier for a construct in any stack of the app: a construct of another stack
     * (alarms, a dashboard) reads it through an SSM parameter this database then writes, never through
     * an export that would lock the identifier.
     *
     * @param scope a construct in the stack that uses the identifier
     * @return the identifier, as {@code scope}'s stack may use it
     */
    public String clusterIdentifierFor(final Construct scope) {
        return DatabaseReferences.clusterIdentifier(scope, this);
    }

    /** Writes the SSM parameters other stacks read (idempotent); DataStack writes them at once. */
    void publishReferences() {
        DatabaseReferences.publish(this);
    }

    /** @return the master secret, as given to the cluster */
    ISecret masterSecret() {
        return databaseSecret;
    }

    private IVpc importVpc(final VpcAttributes attributes) {
        final IVpc imported = Vpc.fromVpcAttributes(this, "ImportedVpc", attributes);
        // the cluster, its subnet group and the rotation take subnet ids only: no route table is read
        Annotations.of(imported).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                "the cluster and the rotation use subnet ids, never route tables");
        return imported;
    }

    /** The application user, its secret (attached to the cluster) and its alternating-users rotation. */
    private ISecret applicationUser(final DataStackProps props, final SubnetSelection subnets,
                                    final DatabaseSecret masterSecret, final Duration rotationInterval) {
        final DatabaseSecret secret = DatabaseSecret.Builder.create(this, "ApplicationUserSecret")
                .username(Objects.requireNonNullElse(props.getApplicationUsername(), DEFAULT_APPLICATION_USERNAME))
                .dbname(databaseName)
                .masterSecret(masterSecret)
                .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS)
                .encryptionKey(secretsKey)
                .build();
        final ISecret attached = secret.attach(cluster);
        final ApplicationUser user = new ApplicationUser(this, "ApplicationUser", cluster, masterSecret,
                masterRotationSchedule(masterSecret), attached, databaseName);
        final SecretRotation rotation = cluster.addRotationMultiUser("ApplicationUserRotation",
                RotationMultiUserOptions.builder()
                        .secret(attached)
                        .automaticallyAfter(rotationInterval)
                        .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS)
                        .vpcSubnets(subnets)
                        .build());
        // the first rotation clones the user, which must exist by then
        rotation.getNode().addDependency(user);
        if (props.getSecretsManagerEndpoint() != null) {
            rotation.getNode().addDependency(props.getSecretsManagerEndpoint());
        }
        return attached;
    }

    /** @return the rotation schedule of the master secret's single-user rotation, the only one under it */
    private static CfnRotationSchedule masterRotationSchedule(final DatabaseSecret masterSecret) {
        final List<CfnRotationSchedule> schedules = masterSecret.getNode().findAll().stream()
                .filter(CfnRotationSchedule.class::isInstance).map(CfnRotationSchedule.class::cast).toList();
        if (schedules.size() != 1) {
            throw new IllegalStateException("expected one rotation schedule under " + masterSecret.getNode().getPath()
                    + ", found " + schedules.size());
        }
        return schedules.get(0);
    }

    private static List<IClusterInstance> readers(final int count) {
        final List<IClusterInstance> readers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            readers.add(ClusterInstance.serverlessV2("Reader" + i, ServerlessV2ClusterInstanceProps.builder()
                    .scaleWithWriter(true).autoMinorVersionUpgrade(true).build()));
        }
        return readers;
    }

    /** @return the Aurora cluster */
    public DatabaseCluster getCluster() {
        return cluster;
    }

    /** @return the master user's credentials (keys in {@link SecretFields}), rotated */
    public ISecret getDatabaseSecret() {
        return databaseSecret;
    }

    /**
     * @return the credentials the service should log in with: the application user's with
     *     {@link RotationStrategy#ALTERNATING_USERS}, the master user's otherwise
     */
    @Override
    public ISecret getServiceDatabaseSecret() {
        return applicationSecret != null ? applicationSecret : databaseSecret;
    }

    /** @return the application user's credentials, or null with {@link RotationStrategy#SINGLE_USER} */
    public @Nullable ISecret getApplicationSecret() {
        return applicationSecret;
    }

    /** @return how the database password is rotated */
    @Override
    public RotationStrategy getRotationStrategy() {
        return rotationStrategy;
    }

    /** @return the Django superuser's name, e-mail and password */
    @Override
    public ISecret getSuperuserSecret() {
        return superuserSecret;
    }

    /** @return the Django SECRET_KEY and its fallbacks */
    @Override
    public ISecret getSecretKeySecret() {
        return secretKeySecret;
    }

    /** @return the security group whose members may connect to the cluster's port */
    @Override
    public ISecurityGroup getDatabaseClientSecurityGroup() {
        return databaseClientSecurityGroup;
    }

    /** @return the database name */
    public String getDatabaseName() {
        return databaseName;
    }

    /** @return this database */
    @Override
    public DjangoAuroraDatabase getAuroraDatabase() {
        return this;
    }

    /** @return the VPC of the cluster */
    @Override
    public IVpc getVpc() {
        return cluster.getVpc();
    }

    /** @return the cluster's connections, on PostgreSQL's port */
    @Override
    public Connections getConnections() {
        return cluster.getConnections();
    }

    /**
     * @param props the metric's options (period, statistic, ...)
     * @return the Aurora Serverless v2 capacity in ACU ({@code ServerlessDatabaseCapacity}, average per minute by default)
     */
    public Metric metricServerlessDatabaseCapacity(final @Nullable MetricOptions props) {
        return cluster.metricServerlessDatabaseCapacity(props);
    }

    /**
     * @param props the metric's options
     * @return the capacity used as a percentage of the maximum ({@code ACUUtilization})
     */
    public Metric metricAcuUtilization(final @Nullable MetricOptions props) {
        return cluster.metricACUUtilization(props);
    }

    /**
     * @param props the metric's options
     * @return the open database connections ({@code DatabaseConnections})
     */
    public Metric metricDatabaseConnections(final @Nullable MetricOptions props) {
        return cluster.metricDatabaseConnections(props);
    }

    /**
     * @param props the metric's options
     * @return the cluster's CPU use in percent ({@code CPUUtilization})
     */
    public Metric metricCpuUtilization(final @Nullable MetricOptions props) {
        return cluster.metricCPUUtilization(props);
    }
}
