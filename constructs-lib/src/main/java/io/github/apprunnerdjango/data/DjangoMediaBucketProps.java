package io.github.apprunnerdjango.data;

import io.github.apprunnerdjango.Compliance;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Props of {@link DjangoMediaBucket}, the S3 bucket of the uploads of a Django app. Every prop is
 * optional; the defaults keep the uploads (versioned, retained when the stack is deleted) and encrypt
 * them with S3-managed keys.
 */
public final class DjangoMediaBucketProps {
    private final Boolean versioned;
    private final Duration noncurrentVersionExpiration;
    private final Duration infrequentAccessTransition;
    private final RemovalPolicy removalPolicy;
    private final IKey encryptionKey;
    private final IBucket serverAccessLogsBucket;
    private final String serverAccessLogsPrefix;
    private final Compliance compliance;

    private DjangoMediaBucketProps(final Builder b) {
        this.versioned = b.versioned;
        this.noncurrentVersionExpiration = b.noncurrentVersionExpiration;
        this.infrequentAccessTransition = b.infrequentAccessTransition;
        this.removalPolicy = b.removalPolicy;
        this.encryptionKey = b.encryptionKey;
        this.serverAccessLogsBucket = b.serverAccessLogsBucket;
        this.serverAccessLogsPrefix = b.serverAccessLogsPrefix;
        this.compliance = b.compliance;
    }

    /**
     * @return the compliance profile, such as {@link Compliance#controlTower()}: the bucket encrypted with
     *     the profile's key (or {@code encryptionKey}), Object Lock enabled (without a default retention, so
     *     the app still deletes and replaces uploads), EventBridge notifications on, and server access logs
     *     required ({@code serverAccessLogsBucket}: S3 delivers them neither to an SSE-KMS nor to an Object
     *     Lock bucket, so the profile cannot make one that meets the controls itself). Default: - the
     *     DataStack's {@code compliance}, else none
     */
    public Compliance getCompliance() {
        return compliance;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether S3 keeps the versions an upload overwrites or deletes. Default: true */
    public Boolean getVersioned() {
        return versioned;
    }

    /**
     * @return how long a version stays after it was overwritten or deleted, in whole days (versioned
     *     buckets only). Default: 30 days
     */
    public Duration getNoncurrentVersionExpiration() {
        return noncurrentVersionExpiration;
    }

    /**
     * @return after how long an upload moves to S3 Standard-IA, in whole days, 30 or more (S3's
     *     minimum for that class). Default: - never: every upload stays in S3 Standard
     */
    public Duration getInfrequentAccessTransition() {
        return infrequentAccessTransition;
    }

    /**
     * @return what happens to the bucket when it leaves the stack: RETAIN or RETAIN_ON_UPDATE_OR_DELETE
     *     keep it, DESTROY deletes it (CloudFormation deletes only an empty bucket). Default:
     *     {@link RemovalPolicy#RETAIN}
     */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * @return a KMS key to encrypt the uploads with (SSE-KMS with an S3 Bucket Key); the service's
     *     role may encrypt and decrypt with it. Default: - S3-managed keys (SSE-S3)
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /**
     * @return a bucket that receives the server access logs of the media bucket. Default: - no server
     *     access logs (the cdk-nag rule AwsSolutions-S1 is suppressed with that reason)
     */
    public IBucket getServerAccessLogsBucket() {
        return serverAccessLogsBucket;
    }

    /** @return the prefix of the server access logs' keys (with serverAccessLogsBucket). Default: {@code media/} */
    public String getServerAccessLogsPrefix() {
        return serverAccessLogsPrefix;
    }

    /** Builder of {@link DjangoMediaBucketProps}. */
    public static final class Builder {
        private Boolean versioned;
        private Duration noncurrentVersionExpiration;
        private Duration infrequentAccessTransition;
        private RemovalPolicy removalPolicy;
        private IKey encryptionKey;
        private IBucket serverAccessLogsBucket;
        private String serverAccessLogsPrefix;
        private Compliance compliance;

        /**
         * @param compliance a compliance profile ({@link Compliance#controlTower()}); Default: - the
         *     DataStack's {@code compliance}, else none
         * @return this builder
         */
        public Builder compliance(final Compliance compliance) {
            this.compliance = compliance;
            return this;
        }

        private Builder() {
        }

        /**
         * @param versioned whether S3 keeps the versions an upload overwrites or deletes. Default: true
         * @return this builder
         */
        public Builder versioned(final Boolean versioned) {
            this.versioned = versioned;
            return this;
        }

        /**
         * @param noncurrentVersionExpiration how long a version stays after it was overwritten or
         *     deleted, in whole days (versioned buckets only). Default: 30 days
         * @return this builder
         */
        public Builder noncurrentVersionExpiration(final Duration noncurrentVersionExpiration) {
            this.noncurrentVersionExpiration = noncurrentVersionExpiration;
            return this;
        }

        /**
         * @param infrequentAccessTransition after how long an upload moves to S3 Standard-IA, in whole
         *     days, 30 or more. Default: - never
         * @return this builder
         */
        public Builder infrequentAccessTransition(final Duration infrequentAccessTransition) {
            this.infrequentAccessTransition = infrequentAccessTransition;
            return this;
        }

        /**
         * @param removalPolicy what happens to the bucket when it leaves the stack: RETAIN,
         *     RETAIN_ON_UPDATE_OR_DELETE or DESTROY (of an empty bucket). Default: {@link RemovalPolicy#RETAIN}
         * @return this builder
         */
        public Builder removalPolicy(final RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /**
         * @param encryptionKey a KMS key to encrypt the uploads with. Default: - S3-managed keys (SSE-S3)
         * @return this builder
         */
        public Builder encryptionKey(final IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /**
         * @param serverAccessLogsBucket a bucket that receives the server access logs. Default: - none
         * @return this builder
         */
        public Builder serverAccessLogsBucket(final IBucket serverAccessLogsBucket) {
            this.serverAccessLogsBucket = serverAccessLogsBucket;
            return this;
        }

        /**
         * @param serverAccessLogsPrefix the prefix of the server access logs' keys. Default: {@code media/}
         * @return this builder
         */
        public Builder serverAccessLogsPrefix(final String serverAccessLogsPrefix) {
            this.serverAccessLogsPrefix = serverAccessLogsPrefix;
            return this;
        }

        /** @return the props */
        public DjangoMediaBucketProps build() {
            return new DjangoMediaBucketProps(this);
        }
    }
}
