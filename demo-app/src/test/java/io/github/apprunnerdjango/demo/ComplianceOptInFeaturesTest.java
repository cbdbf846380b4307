package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.commands.DjangoCommands;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;

/**
 * The opt-in features under the Control Tower profile (the {@code migration-ct-ecr-env} app: both services
 * with monitoring, management commands and the media bucket), each setting a control asks for
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html); the whole
 * app passes the rules in {@link ControlTowerTest}. Without the profile none of these is set
 * ({@code migration-env}, {@code media}).
 */
class ComplianceOptInFeaturesTest {
    private static final String APP = "migration-ct-ecr-env";

    private static Map<String, Object> only(final Map<String, Map<String, Object>> resources) {
        assertEquals(1, resources.size(), resources.keySet().toString());
        return Cfn.props(resources.values().iterator().next());
    }

    /**
     * The media bucket: SSE-KMS with the profile's key (CT.S3.PR.10), Object Lock without a default retention
     * (CT.S3.PR.9), EventBridge notifications on the bucket itself (CT.S3.PR.4: no notifications Lambda
     * outside the VPC), server access logs to the organisation's bucket (CT.S3.PR.2).
     */
    @Test
    void theMediaBucketMeetsTheS3Controls() {
        final Map<String, Object> bucket = only(Cfn.ofType(AppMatrix.get(APP).templates().get(DemoApp.PREFIX + "-Data"),
                "AWS::S3::Bucket"));
        assertEquals(true, bucket.get("ObjectLockEnabled"));
        assertTrue(bucket.get("ObjectLockConfiguration") == null || !bucket.get("ObjectLockConfiguration").toString()
                .contains("DefaultRetention"), "no default retention: the app deletes and replaces uploads");
        assertEquals(Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)),
                bucket.get("NotificationConfiguration"));
        assertTrue(bucket.get("BucketEncryption").toString().contains("aws:kms"), bucket.toString());
        assertTrue(bucket.get("LoggingConfiguration").toString().contains("org-access-logs-111111111111"),
                bucket.toString());
        AppMatrix.get(APP).templates().forEach((stack, t) -> assertTrue(Cfn.ofType(t, "Custom::S3BucketNotifications")
                .isEmpty(), stack));
        // without the profile: S3-managed keys, no Object Lock, no notifications
        final Map<String, Object> plain = only(Cfn.ofType(AppMatrix.get("media").templates().get(DemoApp.PREFIX + "-Data"),
                "AWS::S3::Bucket"));
        assertTrue(plain.get("ObjectLockEnabled") == null && plain.get("NotificationConfiguration") == null, plain.toString());
    }

    /**
     * The commands' task: Container Insights (CT.ECS.PR.1), the image's non-root user (CT.ECS.PR.3), a
     * read-only root file system with a writable /tmp volume, and the task's memory as the container's hard
     * limit; both queues marked as dead-letter stores (CT.SQS.PR.1 exempts them).
     */
    @Test
    void theCommandsMeetTheEcsAndSqsControls() {
        for (final String stack : List.of(DemoApp.PREFIX + "-Service", DemoApp.PREFIX + "-Express")) {
            final Map<String, Object> template = AppMatrix.get(APP).templates().get(stack);
            assertEquals(List.of(Map.of("Name", "containerInsights", "Value", "enabled")),
                    only(Cfn.ofType(template, "AWS::ECS::Cluster")).get("ClusterSettings"), stack);
            final Map<String, Object> task = only(Cfn.ofType(template, "AWS::ECS::TaskDefinition"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> container = ((List<Map<String, Object>>) task.get("ContainerDefinitions")).get(0);
            assertEquals(DjangoCommands.IMAGE_USER, container.get("User"), stack);
            assertEquals(true, container.get("ReadonlyRootFilesystem"), stack);
            assertEquals(Integer.valueOf(task.get("Memory").toString()), container.get("Memory"), stack);
            assertEquals(List.of(Map.of("ContainerPath", "/tmp", "ReadOnly", false, "SourceVolume", "tmp")),
                    container.get("MountPoints"), stack);
            Cfn.ofType(template, "AWS::SQS::Queue").forEach((id, q) -> assertEquals(
                    Map.of("redrivePermission", "allowAll"), Cfn.props(q).get("RedriveAllowPolicy"), stack + " " + id));
        }
    }

    /** Under the profile the demo's media bucket needs the organisation's logging bucket, named in the error. */
    @Test
    void mediaUnderTheProfileNeedsTheAccessLogsBucket() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoApp.build(
                TestApps.app(Map.of("compliance", "controltower", "media", "true"), false),
                TestApps.repoRoot().resolve("django-image"), null));
        assertTrue(e.getMessage().contains("accessLogsBucket: got none"), e.getMessage());
    }
}
