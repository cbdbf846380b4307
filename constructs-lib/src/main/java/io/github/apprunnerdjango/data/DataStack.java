package io.github.apprunnerdjango.data;

import java.util.Objects;

import org.jetbrains.annotations.NotNull;
import io.github.apprunnerdjango.internal.StackPathsKept;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * Aurora PostgreSQL Serverless v2 in isolated subnets, its credentials in Secrets Manager rotated
 * by a single-user rotation function, the Django secrets, and a "database client" security group
 * that the service joins to reach the cluster.
 *
 * <p>A thin stack around {@link DjangoAuroraDatabase}: to put the database into a stack of your own
 * (or a Stage), use the construct. This stack also writes the SSM parameters its consumers read
 * at once, keeps 0.1.0's exports, and adds the stack outputs {@code ClusterEndpoint} and
 * {@code DatabaseSecretArn}.
 */
public class DataStack extends Stack implements IDjangoDatabase {
    /**
     * Characters never used in generated passwords: space, backtick and the punctuation that breaks
     * connection URLs and shells ({@code %+~#$&*()|[]{}:;?!'/@"\}).
     */
    public static final String PASSWORD_EXCLUDED_CHARACTERS = DjangoAuroraDatabase.PASSWORD_EXCLUDED_CHARACTERS;
    /** The application user's name when none is given (alternating-users rotation). */
    public static final String DEFAULT_APPLICATION_USERNAME = DjangoAuroraDatabase.DEFAULT_APPLICATION_USERNAME;
    /** The minimum capacity in ACU when none is given. */
    public static final Number DEFAULT_MIN_CAPACITY = DjangoAuroraDatabase.DEFAULT_MIN_CAPACITY;
    /** The maximum capacity in ACU when none is given. */
    public static final Number DEFAULT_MAX_CAPACITY = DjangoAuroraDatabase.DEFAULT_MAX_CAPACITY;
    /** The length of the generated database password. */
    public static final int PASSWORD_LENGTH = DjangoAuroraDatabase.PASSWORD_LENGTH;
    /** The length of the generated Django SECRET_KEY (Django asks for 50 or more). */
    public static final int SECRET_KEY_LENGTH = DjangoAuroraDatabase.SECRET_KEY_LENGTH;
    /** The engine version used when none is given: the newest 17.x that aws-cdk-lib 2.263 offers. */
    public static final AuroraPostgresEngineVersion DEFAULT_ENGINE_VERSION = DjangoAuroraDatabase.DEFAULT_ENGINE_VERSION;

    private final DjangoAuroraDatabase database;
    private final @Nullable DjangoMediaBucket mediaBucket;

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param props the props; {@code vpc} is required
     */
    public DataStack(final Construct scope, final String id, final @NotNull DataStackProps props) {
        // Termination protection follows deletion protection unless set: otherwise `cdk destroy` deletes
        // the writer, then fails on the protected cluster and leaves the stack in DELETE_FAILED.
        super(scope, id, DataValidation.validated(scope, props)
                .toStackProps("Aurora PostgreSQL Serverless v2 and secrets for the App Runner Django service",
                        Objects.requireNonNullElse(props.getDeletionProtection(), true)));
        // "Default" is left out of logical ids: the resources keep the ids they had when this stack
        // made them itself (https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers_logical_ids)
        this.database = new DjangoAuroraDatabase(this, "Default", props, true);
        StackPathsKept.applyTo(this, "Default");
        CfnOutput.Builder.create(this, "ClusterEndpoint")
                .value(database.getCluster().getClusterEndpoint().getHostname())
                .description("Aurora writer endpoint").build();
        CfnOutput.Builder.create(this, "DatabaseSecretArn")
                .value(database.getDatabaseSecret().getSecretArn())
                .description("Secrets Manager ARN of the database credentials").build();
        // beside "Default", not in it: its logical id (MediaBucket...) is API from its first release
        this.mediaBucket = props.getMediaBucket() == null ? null
                : new DjangoMediaBucket(this, "Media", props.getMediaBucket(), props.getCompliance());
        if (mediaBucket != null) {
            CfnOutput.Builder.create(this, "MediaBucketName")
                    .value(mediaBucket.getBucket().getBucketName())
                    .description("S3 bucket of the app's uploads (media files)").build();
        }
        database.publishReferences();
        DatabaseReferences.exportFor010Consumers(this, database);
    }

    /**
     * The database as a consumer in another stack sees it: every value read from the SSM parameters
     * this stack writes, none from a CloudFormation export, so day-2 changes of this stack (rotation
     * strategy, a replaced secret) never meet an export that a deployed consumer still imports. The
     * consumer's stack depends on this one. The service stacks call it when given {@code database(this)}.
     *
     * @param scope a construct in the consumer's stack, where the parameters are read
     * @param id the id of the construct that holds the imports
     * @return the database, for use inside {@code scope}'s stack only
     */
    public IDjangoDatabase referenceFrom(final Construct scope, final String id) {
        return DatabaseReferences.readFrom(scope, id, database);
    }

    @Override
    public IDjangoDatabase forUseIn(final Construct scope, final String id) {
        return database.forUseIn(scope, id);
    }

    /**
     * @param key one of the keys this stack publishes (see the operations guide, cross-stack references)
     * @return the SSM parameter name of that value: {@code /apprunner-django/<stack name>/<key>}
     */
    public String getParameterName(final String key) {
        return database.getParameterName(key);
    }

    /**
     * @return the S3 bucket of the app's uploads ({@code mediaBucket}), for the services'
     *     {@code mediaBucket}; null when the stack makes none
     */
    public @Nullable IBucket getMediaBucket() {
        return mediaBucket == null ? null : mediaBucket.getBucket();
    }

    /** @return the media bucket construct ({@code mediaBucket}), or null when the stack makes none */
    public @Nullable DjangoMediaBucket getMediaBucketConstruct() {
        return mediaBucket;
    }

    /** @return the database construct this stack holds */
    public DjangoAuroraDatabase getDatabase() {
        return database;
    }

    /** @return the Aurora cluster */
    public IDatabaseCluster getCluster() {
        return database.getCluster();
    }

    /** @return the master user's credentials (keys in {@link SecretFields}), rotated */
    public ISecret getDatabaseSecret() {
        return database.getDatabaseSecret();
    }

    /**
     * @return the credentials the service should log in with: the application user's with
     *     {@link RotationStrategy#ALTERNATING_USERS}, the master user's otherwise
     */
    @Override
    public ISecret getServiceDatabaseSecret() {
        return database.getServiceDatabaseSecret();
    }

    /** @return the application user's credentials, or null with {@link RotationStrategy#SINGLE_USER} */
    public @Nullable ISecret getApplicationSecret() {
        return database.getApplicationSecret();
    }

    /** @return how the database password is rotated */
    @Override
    public RotationStrategy getRotationStrategy() {
        return database.getRotationStrategy();
    }

    /** @return the Django superuser's name, e-mail and password */
    @Override
    public ISecret getSuperuserSecret() {
        return database.getSuperuserSecret();
    }

    /** @return the Django SECRET_KEY and its fallbacks */
    @Override
    public ISecret getSecretKeySecret() {
        return database.getSecretKeySecret();
    }

    /** @return the security group whose members may connect to the cluster's port */
    @Override
    public ISecurityGroup getDatabaseClientSecurityGroup() {
        return database.getDatabaseClientSecurityGroup();
    }

    /** @return the database construct this stack holds */
    @Override
    public DjangoAuroraDatabase getAuroraDatabase() {
        return database;
    }

    /** @return the VPC of the cluster */
    @Override
    public IVpc getVpc() {
        return database.getVpc();
    }

    /** @return the cluster's connections, on PostgreSQL's port */
    @Override
    public Connections getConnections() {
        return database.getConnections();
    }

    /** @return the database name */
    public String getDatabaseName() {
        return database.getDatabaseName();
    }

    /**
     * @param props the metric's options
     * @return the Aurora Serverless v2 capacity in ACU
     */
    public Metric metricServerlessDatabaseCapacity(final @Nullable MetricOptions props) {
        return database.metricServerlessDatabaseCapacity(props);
    }

    /**
     * @param props the metric's options
     * @return the open database connections
     */
    public Metric metricDatabaseConnections(final @Nullable MetricOptions props) {
        return database.metricDatabaseConnections(props);
    }
}
