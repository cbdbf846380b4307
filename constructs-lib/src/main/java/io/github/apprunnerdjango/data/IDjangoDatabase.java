package io.github.apprunnerdjango.data;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Everything a Django service needs from its database, as one typed construct:
 * {@link DjangoAuroraDatabase} (and {@link DataStack}, which holds one) implements it, and
 * {@link DjangoDatabase#fromDatabaseAttributes} imports an existing one. The credentials are always
 * those the service must log in with (the application user's with
 * {@link RotationStrategy#ALTERNATING_USERS}), never chosen by hand.
 *
 * <p>Its {@link #getConnections() connections} are the cluster's, on PostgreSQL's port:
 * {@code database.getConnections().allowDefaultPortFrom(client)} lets another client in. A Django
 * service needs no such rule: it joins {@link #getDatabaseClientSecurityGroup()}.
 */
public interface IDjangoDatabase extends IConstruct, IConnectable {
    /** @return the credentials the service logs in with (keys in {@link SecretFields}) */
    ISecret getServiceDatabaseSecret();

    /** @return the Django superuser's name, e-mail and password */
    ISecret getSuperuserSecret();

    /** @return the Django SECRET_KEY and its fallbacks */
    ISecret getSecretKeySecret();

    /** @return the security group whose members may connect to the database */
    ISecurityGroup getDatabaseClientSecurityGroup();

    /** @return how the database password is rotated */
    RotationStrategy getRotationStrategy();

    /**
     * @return the VPC the database is in, when this library knows it (a database it made); null for an
     *     imported one. Services check theirs against it: the client security group belongs to one VPC.
     */
    default @Nullable IVpc getVpc() {
        return null;
    }

    /**
     * @return the Aurora database this library made, whose cluster and metrics are known (a
     *     {@link DjangoAuroraDatabase}, or the one a {@link DataStack} holds); null for an imported one
     */
    default @Nullable DjangoAuroraDatabase getAuroraDatabase() {
        return null;
    }

    /**
     * The database as a construct in {@code scope}'s stack should use it. A database made in another
     * stack of the same app is read there through SSM parameters (no CloudFormation export, so no
     * export lock on day-2 changes), and the consumer's stack depends on the database's.
     *
     * @param scope a construct in the consumer's stack
     * @param id the id of the construct that holds the imports, when any are needed
     * @return this database when no import is needed (same stack, or an imported database)
     */
    default IDjangoDatabase forUseIn(final Construct scope, final String id) {
        return this;
    }
}
