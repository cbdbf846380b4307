package io.github.apprunnerdjango.data;

import java.util.ArrayList;
import java.util.List;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.Port;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.PropsValidator;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/** An existing Django database imported by its attributes: an {@link IDjangoDatabase} with no resource. */
public final class DjangoDatabase extends Construct implements IDjangoDatabase {
    /**
     * A complete secret ARN ends in the secret name, a hyphen and 6 random characters: a partial ARN
     * matches no IAM policy and no EventBridge event
     * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources).
     */
    private static final Pattern COMPLETE_SECRET_ARN =
            Pattern.compile("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+-[A-Za-z0-9]{6}$");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("^sg-[0-9a-f]{8,17}$");

    private final ISecret serviceDatabaseSecret;
    private final ISecret superuserSecret;
    private final ISecret secretKeySecret;
    private final ISecurityGroup databaseClientSecurityGroup;
    private final RotationStrategy rotationStrategy;
    private final @Nullable ISecurityGroup clusterSecurityGroup;

    private DjangoDatabase(final Construct scope, final String id, final DjangoDatabaseAttributes attrs) {
        super(scope, id);
        this.serviceDatabaseSecret = Secret.fromSecretCompleteArn(this, "ServiceDatabaseSecret",
                attrs.getServiceDatabaseSecretArn());
        this.superuserSecret = Secret.fromSecretCompleteArn(this, "SuperuserSecret", attrs.getSuperuserSecretArn());
        this.secretKeySecret = Secret.fromSecretCompleteArn(this, "SecretKeySecret", attrs.getSecretKeySecretArn());
        this.databaseClientSecurityGroup = SecurityGroup.fromSecurityGroupId(this, "DatabaseClientSecurityGroup",
                attrs.getDatabaseClientSecurityGroupId());
        this.rotationStrategy = attrs.getRotationStrategy();
        this.clusterSecurityGroup = attrs.getClusterSecurityGroupId() == null ? null
                : SecurityGroup.fromSecurityGroupId(this, "ClusterSecurityGroup", attrs.getClusterSecurityGroupId());
    }

    /**
     * An imported database's client security group and secrets, given as objects: how the deprecated
     * ServiceStack props ({@code databaseSecret}, ...) name a database.
     *
     * @param scope the construct that holds the database (it creates no resource)
     * @param id the construct id
     * @param serviceDatabaseSecret the credentials the service logs in with
     * @param superuserSecret the Django superuser's secret
     * @param secretKeySecret the Django SECRET_KEY's secret
     * @param client the database client security group
     * @param strategy how the database password is rotated
     * @return the database
     */
    public static IDjangoDatabase fromSecrets(final Construct scope, final String id, final ISecret serviceDatabaseSecret,
                                              final ISecret superuserSecret, final ISecret secretKeySecret,
                                              final ISecurityGroup client, final RotationStrategy strategy) {
        return new DjangoDatabase(scope, id, serviceDatabaseSecret, superuserSecret, secretKeySecret, client, strategy);
    }

    private DjangoDatabase(final Construct scope, final String id, final ISecret serviceDatabaseSecret,
                           final ISecret superuserSecret, final ISecret secretKeySecret, final ISecurityGroup client,
                           final RotationStrategy strategy) {
        super(scope, id);
        this.serviceDatabaseSecret = serviceDatabaseSecret;
        this.superuserSecret = superuserSecret;
        this.secretKeySecret = secretKeySecret;
        this.databaseClientSecurityGroup = client;
        this.rotationStrategy = strategy;
        this.clusterSecurityGroup = null;
    }

    /**
     * Imports an existing database by its attributes, inside {@code scope} (any construct in a stack).
     *
     * @param scope the construct that holds the imports (it creates no resource)
     * @param id the construct id
     * @param attrs the attributes; every one is required
     * @return the database
     * @throws IllegalArgumentException naming every missing or malformed attribute
     */
    public static IDjangoDatabase fromDatabaseAttributes(final Construct scope, final String id,
                                                         final DjangoDatabaseAttributes attrs) {
        validate(attrs);
        return new DjangoDatabase(scope, id, attrs);
    }

    /**
     * Checks the attributes before anything is imported.
     *
     * @param attrs the attributes
     * @throws IllegalArgumentException naming every missing or malformed attribute, all at once
     */
    public static void validate(final DjangoDatabaseAttributes attrs) {
        final PropsValidator v = new PropsValidator("DjangoDatabase");
        if (attrs == null) {
            v.check(false, "attributes", null, "required");
            v.throwIfInvalid();
        }
        final List<String[]> arns = new ArrayList<>();
        arns.add(new String[] {"serviceDatabaseSecretArn", attrs.getServiceDatabaseSecretArn()});
        arns.add(new String[] {"superuserSecretArn", attrs.getSuperuserSecretArn()});
        arns.add(new String[] {"secretKeySecretArn", attrs.getSecretKeySecretArn()});
        for (final String[] arn : arns) {
            if (arn[1] == null) {
                v.check(false, arn[0], null, "required");
            } else if (!Token.isUnresolved(arn[1])) {
                v.check(COMPLETE_SECRET_ARN.matcher(arn[1]).matches(), arn[0], arn[1],
                        "allowed: a complete secret ARN, ending in -<6 characters> (a partial ARN matches no IAM policy)");
            }
        }
        final String cluster = attrs.getClusterSecurityGroupId();
        if (cluster != null && !PropsValidator.isToken(cluster)) {
            v.check(SECURITY_GROUP_ID.matcher(cluster).matches(), "clusterSecurityGroupId", cluster,
                    "allowed: a security group id such as sg-0123456789abcdef0");
        }
        final String sg = attrs.getDatabaseClientSecurityGroupId();
        if (sg == null) {
            v.check(false, "databaseClientSecurityGroupId", null, "required");
        } else if (!PropsValidator.isToken(sg)) {
            v.check(SECURITY_GROUP_ID.matcher(sg).matches(), "databaseClientSecurityGroupId", sg,
                    "allowed: a security group id such as sg-0123456789abcdef0");
        }
        v.throwIfInvalid();
    }

    @Override
    public ISecret getServiceDatabaseSecret() {
        return serviceDatabaseSecret;
    }

    @Override
    public ISecret getSuperuserSecret() {
        return superuserSecret;
    }

    @Override
    public ISecret getSecretKeySecret() {
        return secretKeySecret;
    }

    @Override
    public ISecurityGroup getDatabaseClientSecurityGroup() {
        return databaseClientSecurityGroup;
    }

    @Override
    public RotationStrategy getRotationStrategy() {
        return rotationStrategy;
    }

    /**
     * @return the cluster's connections on PostgreSQL's port
     * @throws IllegalStateException when imported without {@code clusterSecurityGroupId}: there is no
     *     security group whose rules could change
     */
    @Override
    public Connections getConnections() {
        if (clusterSecurityGroup == null) {
            throw new IllegalStateException("The database " + getNode().getPath() + " was imported without"
                    + " clusterSecurityGroupId: give it in DjangoDatabaseAttributes to change the cluster's rules,"
                    + " or add the client to getDatabaseClientSecurityGroup()");
        }
        return Connections.Builder.create().securityGroups(List.of(clusterSecurityGroup))
                .defaultPort(Port.tcp(5432)).build();
    }
}
