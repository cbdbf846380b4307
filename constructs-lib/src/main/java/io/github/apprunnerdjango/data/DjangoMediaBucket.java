package io.github.apprunnerdjango.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.internal.ComplianceProfile;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.PropsValidator;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The S3 bucket of a Django app's uploads (its media files), as a construct for any stack: private
 * (S3 Block Public Access on, ACLs disabled by the bucket owner enforced Object Ownership), encrypted
 * (S3-managed keys, or a given KMS key), reachable over TLS only (a bucket policy denies other
 * requests), without CORS, versioned with old versions expiring, and kept when it leaves the stack.
 * The practices are AWS's (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
 *
 * <p>It is stateful: {@link DataStack} makes it next to the database ({@code mediaBucket}); the
 * services take it as {@code mediaBucket(bucket)} and pass its name and Region to the image.
 *
 * <p>Cost: S3 Standard storage, requests and transfer out, about USD 0.023 per GB-month in us-east-1
 * (https://aws.amazon.com/s3/pricing/); old versions are stored until they expire.
 */
public class DjangoMediaBucket extends Construct {
    /** How long an overwritten or deleted upload's old version is kept when none is given. */
    public static final Duration DEFAULT_NONCURRENT_VERSION_EXPIRATION = Duration.days(30);
    /** Where the server access logs go in the given log bucket when no prefix is given. */
    public static final String DEFAULT_SERVER_ACCESS_LOGS_PREFIX = "media/";
    /** S3 Standard-IA takes objects stored at least 30 days (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html). */
    static final int LEAST_INFREQUENT_ACCESS_DAYS = 30;
    static final String TRANSITION_URL = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html";
    /** CloudFormation's DeletionPolicy Snapshot does not apply to S3 buckets. */
    static final String DELETION_POLICY_URL = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html";
    /** Incomplete multipart uploads are stored (and billed) until aborted. */
    private static final Duration ABORT_INCOMPLETE_UPLOADS = Duration.days(7);

    private final Bucket bucket;

    /**
     * @param scope the parent construct, in any stack
     * @param id the construct id (part of the bucket's logical id: never change it once deployed)
     * @param props the props, or null for the defaults
     */
    public DjangoMediaBucket(final Construct scope, final String id, final @Nullable DjangoMediaBucketProps props) {
        this(scope, id, props, null);
    }

    /** A DataStack's bucket: its {@code compliance} applies unless the bucket's props name one. */
    DjangoMediaBucket(final Construct scope, final String id, final @Nullable DjangoMediaBucketProps props,
                      final @Nullable Compliance stackCompliance) {
        super(scope, id);
        final DjangoMediaBucketProps given = props != null ? props : DjangoMediaBucketProps.builder().build();
        final Compliance compliance = given.getCompliance() != null ? given.getCompliance() : stackCompliance;
        final PropsValidator v = new PropsValidator("DjangoMediaBucket");
        check(v, given, "", compliance);
        v.throwIfInvalid();
        final DjangoMediaBucketProps p = given;
        final boolean versioned = !Boolean.FALSE.equals(p.getVersioned());
        final List<LifecycleRule> rules = new ArrayList<>();
        rules.add(LifecycleRule.builder()
                .id("AbortIncompleteUploads")
                .abortIncompleteMultipartUploadAfter(ABORT_INCOMPLETE_UPLOADS)
                .build());
        if (versioned) {
            rules.add(LifecycleRule.builder()
                    .id("ExpireOldVersions")
                    .noncurrentVersionExpiration(Objects.requireNonNullElse(p.getNoncurrentVersionExpiration(),
                            DEFAULT_NONCURRENT_VERSION_EXPIRATION))
                    .build());
        }
        if (p.getInfrequentAccessTransition() != null) {
            rules.add(LifecycleRule.builder()
                    .id("InfrequentAccess")
                    .transitions(List.of(Transition.builder()
                            .storageClass(StorageClass.INFREQUENT_ACCESS)
                            .transitionAfter(p.getInfrequentAccessTransition())
                            .build()))
                    .build());
        }
        final Bucket.Builder builder = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .versioned(versioned)
                .lifecycleRules(rules)
                .removalPolicy(Objects.requireNonNullElse(p.getRemovalPolicy(), RemovalPolicy.RETAIN));
        final IKey key = p.getEncryptionKey() != null ? p.getEncryptionKey()
                : compliance != null ? ComplianceProfile.key(this, compliance) : null;
        if (key != null) {
            // an S3 Bucket Key cuts the KMS requests (and their cost) of SSE-KMS
            builder.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true);
        } else {
            builder.encryption(BucketEncryption.S3_MANAGED);
        }
        if (p.getServerAccessLogsBucket() != null) {
            builder.serverAccessLogsBucket(p.getServerAccessLogsBucket()).serverAccessLogsPrefix(
                    Objects.requireNonNullElse(p.getServerAccessLogsPrefix(), DEFAULT_SERVER_ACCESS_LOGS_PREFIX));
        }
        if (compliance != null) {
            // Control Tower CT.S3.PR.9: Object Lock, without a default retention, so uploads stay deletable
            builder.objectLockEnabled(true);
        }
        this.bucket = builder.build();
        if (compliance != null) {
            // CT.S3.PR.4: event notifications, to EventBridge (nothing billed until a rule matches), set on the
            // bucket itself: the L2's eventBridgeEnabled adds a notifications Lambda outside the VPC
            ((CfnBucket) Objects.requireNonNull(bucket.getNode().getDefaultChild())).setNotificationConfiguration(
                    CfnBucket.NotificationConfigurationProperty.builder()
                            .eventBridgeConfiguration(CfnBucket.EventBridgeConfigurationProperty.builder()
                                    .eventBridgeEnabled(true).build())
                            .build());
        }
        if (p.getServerAccessLogsBucket() == null) {
            NagSuppressions.suppress(bucket, "AwsSolutions-S1", "The uploads of one Django app, read and written"
                    + " only by its service's role over TLS: server access logs would need a second bucket with a"
                    + " retention of its own, so they are opt-in (serverAccessLogsBucket); CloudTrail data events"
                    + " audit the object calls where an account needs that");
        }
    }

    /**
     * Checks the props: one error naming each invalid prop, its value and what is allowed.
     *
     * @param p the props
     * @param owner the construct or stack whose props these are, in the error message
     * @return the props
     */
    static DjangoMediaBucketProps validated(final DjangoMediaBucketProps p, final String owner) {
        final PropsValidator v = new PropsValidator(owner);
        check(v, p, "", p.getCompliance());
        v.throwIfInvalid();
        return p;
    }

    /**
     * @param v where failures are recorded
     * @param p the props
     * @param prefix how the props are named in the message ({@code mediaBucket.} in a DataStack's)
     * @param compliance the profile that applies (the props' or the stack's), or null
     */
    static void check(final PropsValidator v, final DjangoMediaBucketProps p, final String prefix,
                      final @Nullable Compliance compliance) {
        if (compliance != null) {
            // https://docs.aws.amazon.com/controltower/latest/controlreference/s3-rules.html (CT.S3.PR.2, CT.S3.PR.9)
            v.check(p.getServerAccessLogsBucket() != null, prefix + "serverAccessLogsBucket", null, "required by the"
                    + " compliance profile (CT.S3.PR.2, server access logs): give your organisation's logging bucket"
                    + " (S3 delivers access logs neither to an SSE-KMS nor to an Object Lock bucket:"
                    + " https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html)");
            v.check(!Boolean.FALSE.equals(p.getVersioned()), prefix + "versioned", false, "true under the compliance"
                    + " profile: Object Lock (CT.S3.PR.9) needs versioning");
        }
        final boolean versioned = !Boolean.FALSE.equals(p.getVersioned());
        final Duration noncurrent = p.getNoncurrentVersionExpiration();
        if (noncurrent != null) {
            v.check(versioned, prefix + "noncurrentVersionExpiration", noncurrent.toHumanString(),
                    "only with versioned(true) (the default): an unversioned bucket keeps no old versions");
            checkDays(v, prefix + "noncurrentVersionExpiration", noncurrent, 1);
        }
        if (p.getInfrequentAccessTransition() != null) {
            checkDays(v, prefix + "infrequentAccessTransition", p.getInfrequentAccessTransition(),
                    LEAST_INFREQUENT_ACCESS_DAYS);
        }
        final RemovalPolicy removal = p.getRemovalPolicy();
        v.check(removal != RemovalPolicy.SNAPSHOT, prefix + "removalPolicy", removal, "allowed: RETAIN,"
                + " RETAIN_ON_UPDATE_OR_DELETE or DESTROY; CloudFormation takes no snapshot of an S3 bucket ("
                + DELETION_POLICY_URL + ")");
        final String logPrefix = p.getServerAccessLogsPrefix();
        if (logPrefix != null) {
            v.check(p.getServerAccessLogsBucket() != null, prefix + "serverAccessLogsPrefix", logPrefix,
                    "only with serverAccessLogsBucket");
        }
    }

    private static void checkDays(final PropsValidator v, final String prop, final Duration d, final int least) {
        if (d.isUnresolved()) {
            return;
        }
        final double days = d.toMilliseconds().doubleValue() / 86_400_000;
        v.check(days >= least && days == Math.rint(days), prop, d.toHumanString(), "allowed: whole days, " + least
                + " or more" + (least == LEAST_INFREQUENT_ACCESS_DAYS ? ": S3 moves to Standard-IA only objects"
                + " stored " + least + " days or more (" + TRANSITION_URL + ")" : ""));
    }

    /** @return the bucket */
    public IBucket getBucket() {
        return bucket;
    }
}
