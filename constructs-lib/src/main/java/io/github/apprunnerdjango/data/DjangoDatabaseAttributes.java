package io.github.apprunnerdjango.data;

import java.util.Objects;

import org.jetbrains.annotations.Nullable;

/**
 * An existing Django database by its attributes (a {@link DataStack} deployed by another app, or a
 * database set up by hand), for {@link DjangoDatabase#fromDatabaseAttributes} or ServiceStack's
 * {@code databaseAttributes}.
 */
public final class DjangoDatabaseAttributes {
    private final String serviceDatabaseSecretArn;
    private final String superuserSecretArn;
    private final String secretKeySecretArn;
    private final String databaseClientSecurityGroupId;
    private final String clusterSecurityGroupId;
    private final @Nullable RotationStrategy rotationStrategy;

    private DjangoDatabaseAttributes(final Builder b) {
        this.serviceDatabaseSecretArn = b.serviceDatabaseSecretArn;
        this.superuserSecretArn = b.superuserSecretArn;
        this.secretKeySecretArn = b.secretKeySecretArn;
        this.databaseClientSecurityGroupId = b.databaseClientSecurityGroupId;
        this.clusterSecurityGroupId = b.clusterSecurityGroupId;
        this.rotationStrategy = b.rotationStrategy;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the complete ARN of the secret the service logs in with. Required */
    public String getServiceDatabaseSecretArn() {
        return serviceDatabaseSecretArn;
    }

    /** @return the complete ARN of the Django superuser secret. Required */
    public String getSuperuserSecretArn() {
        return superuserSecretArn;
    }

    /** @return the complete ARN of the Django secret-key secret. Required */
    public String getSecretKeySecretArn() {
        return secretKeySecretArn;
    }

    /** @return the id of the security group allowed into the database. Required */
    public String getDatabaseClientSecurityGroupId() {
        return databaseClientSecurityGroupId;
    }

    /**
     * @return the cluster's own security group, for {@code getConnections()}; Default: - none: the
     *     imported database then has no connections to change
     */
    public String getClusterSecurityGroupId() {
        return clusterSecurityGroupId;
    }

    /** @return how the database password is rotated. Default: {@link RotationStrategy#SINGLE_USER} */
    public RotationStrategy getRotationStrategy() {
        return Objects.requireNonNullElse(rotationStrategy, RotationStrategy.SINGLE_USER);
    }

    /** Builder of {@link DjangoDatabaseAttributes}. */
    public static final class Builder {
        private String serviceDatabaseSecretArn;
        private String superuserSecretArn;
        private String secretKeySecretArn;
        private String databaseClientSecurityGroupId;
        private String clusterSecurityGroupId;
        private RotationStrategy rotationStrategy;

        private Builder() {
        }

        /**
         * @param arn the complete ARN (with its 6-character suffix) of the secret the service logs in
         *     with: with alternating users, the application user's. Required
         * @return this builder
         */
        public Builder serviceDatabaseSecretArn(final String arn) {
            this.serviceDatabaseSecretArn = arn;
            return this;
        }

        /**
         * @param arn the complete ARN of the Django superuser secret. Required
         * @return this builder
         */
        public Builder superuserSecretArn(final String arn) {
            this.superuserSecretArn = arn;
            return this;
        }

        /**
         * @param arn the complete ARN of the Django secret-key secret. Required
         * @return this builder
         */
        public Builder secretKeySecretArn(final String arn) {
            this.secretKeySecretArn = arn;
            return this;
        }

        /**
         * @param id the id of the security group allowed into the database. Required
         * @return this builder
         */
        public Builder databaseClientSecurityGroupId(final String id) {
            this.databaseClientSecurityGroupId = id;
            return this;
        }

        /**
         * @param id the cluster's own security group id (sg-...), so that
         *     {@code getConnections().allowDefaultPortFrom(...)} can let other clients in. Default: - none
         * @return this builder
         */
        public Builder clusterSecurityGroupId(final String id) {
            this.clusterSecurityGroupId = id;
            return this;
        }

        /**
         * @param strategy how the database password is rotated. Default: {@link RotationStrategy#SINGLE_USER}
         * @return this builder
         */
        public Builder rotationStrategy(final RotationStrategy strategy) {
            this.rotationStrategy = strategy;
            return this;
        }

        /** @return the attributes */
        public DjangoDatabaseAttributes build() {
            return new DjangoDatabaseAttributes(this);
        }
    }
}
