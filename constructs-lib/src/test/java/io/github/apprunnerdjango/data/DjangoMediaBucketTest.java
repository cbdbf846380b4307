package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.Templates;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * The media bucket a DataStack makes with {@code mediaBucket}, and the {@link DjangoMediaBucket}
 * construct on its own: private, encrypted, TLS only, ACLs disabled, versioned with old versions
 * expiring, retained. Each property follows AWS's security best practices for S3
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
 */
class DjangoMediaBucketTest {
    /** The bucket's logical id in a DataStack: API from its first release (a change replaces the bucket). */
    static final String LOGICAL_ID = "MediaBucket4022EBBF";

    private static DataStack data(final App app, final UnaryOperator<DjangoMediaBucketProps.Builder> options) {
        final NetworkStack network = new NetworkStack(app, "Network", null);
        return new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc())
                .mediaBucket(options.apply(DjangoMediaBucketProps.builder()).build()).build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bucket(final Template template) {
        final Map<String, Map<String, Object>> buckets = (Map<String, Map<String, Object>>) (Map<String, ?>)
                template.findResources("AWS::S3::Bucket");
        assertEquals(1, buckets.size(), "buckets: " + buckets.keySet());
        return buckets.values().iterator().next();
    }

    @Test
    void dataStackMakesNoBucketUnlessAsked() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        Templates.synthesized(data).resourceCountIs("AWS::S3::Bucket", 0);
        assertNull(data.getMediaBucket());
        assertNull(data.getMediaBucketConstruct());
    }

    /** The logical id is pinned: CloudFormation replaces a bucket whose logical id changes (a new, empty bucket). */
    @Test
    void logicalIdAndOutput() {
        final DataStack data = data(TestApps.app(), b -> b);
        final Template template = Templates.synthesized(data);
        assertEquals(List.of(LOGICAL_ID), Templates.logicalIds(template, "AWS::S3::Bucket"));
        assertEquals(LOGICAL_ID, Templates.logicalId(data, data.getMediaBucket()));
        assertSame(data.getMediaBucket(), data.getMediaBucketConstruct().getBucket());
        template.hasOutput("MediaBucketName", Match.objectLike(Map.of("Value", Map.of("Ref", LOGICAL_ID))));
    }

    /**
     * Block Public Access on all four settings, ACLs disabled (bucket owner enforced), SSE-S3, no CORS.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
     */
    @Test
    void privateEncryptedAndOwnedByTheBucketOwner() {
        final Template t = Templates.synthesized(data(TestApps.app(), b -> b));
        final Map<String, Object> bucket = bucket(t);
        t.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))));
        @SuppressWarnings("unchecked")
        final Map<String, Object> props = (Map<String, Object>) bucket.get("Properties");
        assertFalse(props.containsKey("CorsConfiguration"), "no CORS: the app serves the files, never the browser");
        assertFalse(props.containsKey("BucketName"), "a generated name: a retained bucket never blocks a new stack");
    }

    /**
     * The bucket policy denies every request without TLS.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html
     */
    @Test
    void tlsOnly() {
        Templates.synthesized(data(TestApps.app(), b -> b)).hasResourceProperties("AWS::S3::BucketPolicy",
                Map.of("Bucket", Map.of("Ref", LOGICAL_ID), "PolicyDocument", Match.objectLike(Map.of(
                        "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "Effect", "Deny", "Action", "s3:*", "Principal", Map.of("AWS", "*"),
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    /**
     * Versioned, old versions expire after 30 days, incomplete multipart uploads are aborted after 7.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html
     */
    @Test
    void versionedWithExpiringOldVersions() {
        Templates.synthesized(data(TestApps.app(), b -> b)).hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LifecycleConfiguration", Map.of("Rules", List.of(
                        Map.of("Id", "AbortIncompleteUploads", "Status", "Enabled",
                                "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7)),
                        Map.of("Id", "ExpireOldVersions", "Status", "Enabled",
                                "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30)))))));
    }

    @Test
    void lifecycleProps() {
        Templates.synthesized(data(TestApps.app(), b -> b.noncurrentVersionExpiration(Duration.days(90))
                .infrequentAccessTransition(Duration.days(60)))).hasResourceProperties("AWS::S3::Bucket",
                Match.objectLike(Map.of("LifecycleConfiguration", Map.of("Rules", List.of(
                        Match.objectLike(Map.of("Id", "AbortIncompleteUploads")),
                        Map.of("Id", "ExpireOldVersions", "Status", "Enabled",
                                "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 90)),
                        Map.of("Id", "InfrequentAccess", "Status", "Enabled", "Transitions", List.of(
                                Map.of("StorageClass", "STANDARD_IA", "TransitionInDays", 60))))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void unversioned() {
        final Map<String, Object> props = (Map<String, Object>) bucket(Templates.synthesized(
                data(TestApps.app(), b -> b.versioned(false)))).get("Properties");
        assertFalse(props.containsKey("VersioningConfiguration"), String.valueOf(props));
        assertEquals("[AbortIncompleteUploads]", ((List<Map<String, Object>>) ((Map<String, Object>)
                props.get("LifecycleConfiguration")).get("Rules")).stream().map(r -> r.get("Id")).toList().toString());
    }

    /**
     * Retained by default: deleting the stack keeps the uploads.
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
     */
    @Test
    void retainedByDefaultDestroyedWhenAsked() {
        final Map<String, Object> kept = bucket(Templates.synthesized(data(TestApps.app(), b -> b)));
        assertEquals("Retain", kept.get("DeletionPolicy"));
        assertEquals("Retain", kept.get("UpdateReplacePolicy"));
        final Map<String, Object> destroyed = bucket(Templates.synthesized(
                data(TestApps.app(), b -> b.removalPolicy(RemovalPolicy.DESTROY))));
        assertEquals("Delete", destroyed.get("DeletionPolicy"));
    }

    /**
     * SSE-KMS with the given key and an S3 Bucket Key (fewer KMS requests).
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
     */
    @Test
    void givenKmsKey() {
        final App app = TestApps.app();
        final Stack keys = new Stack(app, "Keys");
        final Key key = Key.Builder.create(keys, "MediaKey").enableKeyRotation(true).build();
        final DataStack data = data(app, b -> b.encryptionKey(key));
        assertSame(key, data.getMediaBucket().getEncryptionKey());
        Templates.synthesized(data).hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms",
                                "KMSMasterKeyID", Match.anyValue())))))));
    }

    /** Without a log bucket, cdk-nag's S1 is suppressed on this bucket alone, with the reason; with one, logs go there. */
    @Test
    @SuppressWarnings("unchecked")
    void serverAccessLogs() {
        final Map<String, Object> unlogged = bucket(Templates.synthesized(data(TestApps.app(), b -> b)));
        final String suppressions = String.valueOf(unlogged.get("Metadata"));
        assertTrue(suppressions.contains("AwsSolutions-S1") && suppressions.contains("serverAccessLogsBucket"),
                suppressions);
        final App app = TestApps.app();
        final Stack logs = new Stack(app, "Logs");
        final Bucket logBucket = Bucket.Builder.create(logs, "AccessLogs").build();
        final Map<String, Object> logged = bucket(Templates.synthesized(data(app, b -> b.serverAccessLogsBucket(logBucket))));
        assertEquals("media/", ((Map<String, Object>) ((Map<String, Object>) logged.get("Properties"))
                .get("LoggingConfiguration")).get("LogFilePrefix"));
        assertFalse(String.valueOf(logged.get("Metadata")).contains("AwsSolutions-S1"));
    }

    /** The construct in a team's own stack: the same bucket, its id the team's. */
    @Test
    void constructInAnyStack() {
        final Stack stack = new Stack(TestApps.app(), "Team");
        final DjangoMediaBucket media = new DjangoMediaBucket(stack, "Uploads", null);
        assertNotNull(media.getBucket());
        final Template t = Templates.synthesized(stack);
        t.resourceCountIs("AWS::S3::Bucket", 1);
        t.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }
}
