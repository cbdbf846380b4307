package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

/** Every rule of the media bucket's props: one error naming the prop, the value and what is allowed. */
class DjangoMediaBucketValidationTest {
    /** S3 moves to Standard-IA only objects stored 30 days or more. */
    private static final String TRANSITION_URL =
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html";
    /** DeletionPolicy Snapshot is for a list of resource types that does not include AWS::S3::Bucket. */
    private static final String DELETION_POLICY_URL =
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html";

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("old versions of an unversioned bucket",
                        (UnaryOperator<DjangoMediaBucketProps.Builder>) b -> b.versioned(false)
                                .noncurrentVersionExpiration(Duration.days(30)),
                        "mediaBucket.noncurrentVersionExpiration: got \"30 days\"; only with versioned(true) (the default):"
                                + " an unversioned bucket keeps no old versions"),
                Arguments.of("part of a day",
                        (UnaryOperator<DjangoMediaBucketProps.Builder>) b -> b.noncurrentVersionExpiration(Duration.hours(36)),
                        "mediaBucket.noncurrentVersionExpiration: got \"1 day 12 hours\"; allowed: whole days, 1 or more"),
                Arguments.of("Standard-IA before 30 days",
                        (UnaryOperator<DjangoMediaBucketProps.Builder>) b -> b.infrequentAccessTransition(Duration.days(29)),
                        "mediaBucket.infrequentAccessTransition: got \"29 days\"; allowed: whole days, 30 or more: S3 moves"
                                + " to Standard-IA only objects stored 30 days or more (" + TRANSITION_URL + ")"),
                Arguments.of("snapshot of a bucket",
                        (UnaryOperator<DjangoMediaBucketProps.Builder>) b -> b.removalPolicy(RemovalPolicy.SNAPSHOT),
                        "mediaBucket.removalPolicy: got SNAPSHOT; allowed: RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY;"
                                + " CloudFormation takes no snapshot of an S3 bucket (" + DELETION_POLICY_URL + ")"),
                Arguments.of("a log prefix without a log bucket",
                        (UnaryOperator<DjangoMediaBucketProps.Builder>) b -> b.serverAccessLogsPrefix("logs/"),
                        "mediaBucket.serverAccessLogsPrefix: got \"logs/\"; only with serverAccessLogsBucket"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void dataStackRefuses(final String name, final UnaryOperator<DjangoMediaBucketProps.Builder> options,
                          final String failure) {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final DataStackProps props = DataStackProps.builder().vpc(network.getVpc())
                .mediaBucket(options.apply(DjangoMediaBucketProps.builder()).build()).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataStack(app, "Data", props));
        assertEquals("Invalid DataStack props:\n  - " + failure, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void constructRefuses(final String name, final UnaryOperator<DjangoMediaBucketProps.Builder> options,
                          final String failure) {
        final Stack stack = new Stack(TestApps.app(), "Team");
        final DjangoMediaBucketProps props = options.apply(DjangoMediaBucketProps.builder()).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DjangoMediaBucket(stack, "Media", props));
        assertEquals("Invalid DjangoMediaBucket props:\n  - " + failure.replaceFirst("^mediaBucket\\.", ""),
                e.getMessage());
    }

    /**
     * Under the compliance profile the bucket needs server access logs to a bucket of the user's (CT.S3.PR.2:
     * S3 delivers them neither to an SSE-KMS nor to an Object Lock bucket,
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html) and versioning
     * (Object Lock, CT.S3.PR.9, https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html).
     */
    @Test
    void complianceProfileNeedsAccessLogsAndVersioning() {
        final Stack stack = new Stack(TestApps.app(), "Team");
        final DjangoMediaBucketProps props = DjangoMediaBucketProps.builder().versioned(false)
                .compliance(Compliance.controlTower()).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DjangoMediaBucket(stack, "Media", props));
        assertTrue(e.getMessage().startsWith("Invalid DjangoMediaBucket props:\n  - serverAccessLogsBucket: got "), e.getMessage());
        assertTrue(e.getMessage().contains("required by the compliance profile (CT.S3.PR.2"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  - versioned: got false; true under the compliance profile"), e.getMessage());
        // with a logging bucket of the organisation it is made
        final Stack ok = new Stack(TestApps.app(), "Team");
        new DjangoMediaBucket(ok, "Media", DjangoMediaBucketProps.builder().compliance(Compliance.controlTower())
                .serverAccessLogsBucket(Bucket.fromBucketName(ok, "Logs", "org-access-logs")).build());
    }

    /** The database construct makes no bucket: a mediaBucket there would be silently ignored. */
    @Test
    void databaseConstructRefusesMediaBucket() {
        final Stack stack = new Stack(TestApps.app(), "Team");
        final DjangoNetwork network = new DjangoNetwork(stack, "Network", null);
        final DataStackProps props = DataStackProps.builder().vpc(network.getVpc())
                .mediaBucket(DjangoMediaBucketProps.builder().build()).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DjangoAuroraDatabase(stack, "Database", props));
        assertEquals("Invalid DjangoAuroraDatabase props:\n  - mediaBucket: got DjangoMediaBucketProps; a DataStack prop:"
                + " next to a DjangoAuroraDatabase, make a DjangoMediaBucket in the same stack", e.getMessage());
    }
}
