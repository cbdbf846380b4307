package io.github.apprunnerdjango.service;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.apprunnerdjango.internal.Checks;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.PropsValidator;
import io.github.apprunnerdjango.network.DjangoNetwork;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * A service's access to its media bucket ({@code mediaBucket}), shared by App Runner's and the
 * Express Mode service: the two variables the image reads, the role's permissions (the bucket's
 * objects, and its key when it has one), and the check that the service's subnets reach S3.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class MediaAccess {
    /**
     * What the app does with its uploads: read, write, delete, and abort a failed multipart upload
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html).
     */
    public static final List<String> OBJECT_ACTIONS = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
            "s3:AbortMultipartUpload");
    /**
     * On the bucket only: without it S3 answers 403, not 404, for a missing key, and Django's storage
     * cannot tell a free file name from a forbidden one
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
     */
    public static final List<String> BUCKET_ACTIONS = List.of("s3:ListBucket");
    /** SSE-KMS: GenerateDataKey to write, Decrypt to read (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html). */
    public static final List<String> KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");
    /** A gateway endpoint serves the route tables it is associated with, and buckets of its own Region only. */
    public static final String GATEWAY_ENDPOINT_URL = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html";
    /** With a VPC connector all of the app's outbound traffic goes through the VPC. */
    public static final String APP_RUNNER_VPC_URL = "https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html";

    private MediaAccess() {
    }

    /**
     * @param bucket the media bucket
     * @return DJANGO_MEDIA_BUCKET (its name) and DJANGO_MEDIA_REGION (its Region), in that order
     */
    public static Map<String, String> variables(final IBucket bucket) {
        final Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ServiceEnvironment.DJANGO_MEDIA_BUCKET, bucket.getBucketName());
        vars.put(ServiceEnvironment.DJANGO_MEDIA_REGION, bucket.getEnv().getRegion());
        return vars;
    }

    /**
     * Lets the role read, write and delete the bucket's objects (and list its keys), and use its key,
     * in a policy of its own: its one wildcard (the objects' ARN) is suppressed there alone, never
     * for the role's other statements.
     *
     * @param scope the service construct; the policy is its child {@code MediaBucketAccess}
     * @param bucket the media bucket
     * @param role the role the app runs with
     * @return the policy, which the service must be created after
     */
    public static Policy grant(final Construct scope, final IBucket bucket, final IRole role) {
        final Policy policy = Policy.Builder.create(scope, "MediaBucketAccess")
                .roles(List.of(role))
                .statements(statements(bucket))
                .build();
        NagSuppressions.suppress(policy, "AwsSolutions-IAM5", "Django stores uploads under keys it makes up:"
                + " the app reads, writes and deletes the objects of its media bucket (arn/*), no other bucket,"
                + " and lists that bucket's keys only", "/^Resource::.*\\/\\*$/");
        return policy;
    }

    /**
     * @param bucket the media bucket
     * @return the statements of {@link #grant}
     */
    static List<PolicyStatement> statements(final IBucket bucket) {
        final List<PolicyStatement> statements = new java.util.ArrayList<>(List.of(
                PolicyStatement.Builder.create().actions(OBJECT_ACTIONS)
                        .resources(List.of(bucket.arnForObjects("*"))).build(),
                PolicyStatement.Builder.create().actions(BUCKET_ACTIONS)
                        .resources(List.of(bucket.getBucketArn())).build()));
        final IKey key = bucket.getEncryptionKey();
        if (key != null) {
            statements.add(PolicyStatement.Builder.create().actions(KEY_ACTIONS)
                    .resources(List.of(key.getKeyArn())).build());
        }
        return statements;
    }

    /**
     * Refuses a service whose subnets cannot reach S3: checked where the VPC is a {@link DjangoNetwork}'s,
     * whose routes are known (an imported VPC's are the user's to provide). A subnet reaches S3 through a
     * NAT gateway (a private subnet with egress), a public IP address (an internet-facing Express
     * service's tasks), or the network's S3 gateway endpoint, whose routes are in its service subnets.
     *
     * @param v where failures are recorded
     * @param bucket the mediaBucket prop, or null
     * @param vpc the vpc prop, or null
     * @param selection the service's subnets as it will select them
     * @param publicAddresses whether the service's tasks get public IP addresses
     * @param serviceRegion the service's Region when it is a literal, else null
     */
    public static void check(final Checks v, final @Nullable IBucket bucket, final @Nullable IVpc vpc,
                             final @Nullable SubnetSelection selection, final boolean publicAddresses,
                             final @Nullable String serviceRegion) {
        if (bucket == null || vpc == null || selection == null || publicAddresses) {
            return;
        }
        final DjangoNetwork network = DjangoNetwork.of(vpc);
        final List<ISubnet> subnets = PropsValidator.selectSubnets(vpc, selection).subnets();
        if (network == null || subnets.isEmpty()) {
            return; // an unknown network, or subnets the subnet check already refuses
        }
        final Set<String> nat = ids(vpc.getPrivateSubnets());
        final Set<String> routed = network.getS3GatewayEndpoint() == null ? Set.of()
                : ids(vpc.selectSubnets(network.getServiceSubnets()).getSubnets());
        final boolean allNat = subnets.stream().allMatch(s -> nat.contains(s.getSubnetId()));
        final boolean allReach = subnets.stream().allMatch(s -> nat.contains(s.getSubnetId())
                || routed.contains(s.getSubnetId()));
        final Object shown = PropsValidator.shown("bucket " + bucket.getNode().getPath());
        v.check(allReach, "mediaBucket", shown, "the service's subnets " + PropsValidator.describeSelection(selection)
                + " have no route to S3 (no NAT gateway, no S3 gateway endpoint), so every upload would time out ("
                + APP_RUNNER_VPC_URL + ", " + GATEWAY_ENDPOINT_URL + "): allowed with a network that has"
                + " s3GatewayEndpoint(true) (free) or a NAT egress (Egress.natGateway())");
        final String bucketRegion = bucket.getEnv().getRegion();
        if (allReach && !allNat && serviceRegion != null && !Token.isUnresolved(bucketRegion)) {
            v.check(serviceRegion.equals(bucketRegion), "mediaBucket", shown, "a bucket in " + bucketRegion
                    + ", and the service in " + serviceRegion + " reaches S3 through a gateway endpoint, which serves"
                    + " buckets of its own Region only (" + GATEWAY_ENDPOINT_URL + "): use a bucket of "
                    + serviceRegion + ", or a NAT egress");
        }
    }

    private static Set<String> ids(final List<ISubnet> subnets) {
        final Set<String> ids = new HashSet<>();
        subnets.forEach(s -> ids.add(s.getSubnetId()));
        return ids;
    }
}
