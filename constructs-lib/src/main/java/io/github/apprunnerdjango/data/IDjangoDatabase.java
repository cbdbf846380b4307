package io.github.apprunnerdjango.data;

import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * Everything a Django service needs from its database, as one typed value: {@link DataStack}
 * implements it, and {@link DjangoDatabase#fromDatabaseAttributes} imports an existing one. The
 * credentials are always those the service must log in with (the application user's with
 * {@link RotationStrategy#ALTERNATING_USERS}), never chosen by hand.
 */
public interface IDjangoDatabase {
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
}
