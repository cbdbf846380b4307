package io.github.apprunnerdjango.composition;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoAuroraDatabase;
import io.github.apprunnerdjango.data.DjangoMediaBucketProps;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.express.ExpressServiceStackProps;
import io.github.apprunnerdjango.network.Egress;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.AppRunnerDjangoService;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * A service given a media bucket must reach S3 from its subnets, or every upload times out: with a
 * VPC connector all of an App Runner app's outbound traffic goes through the VPC
 * (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html); private subnets reach S3 through
 * a NAT gateway or a gateway endpoint on their route tables, and a gateway endpoint serves only
 * buckets of its own Region (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html).
 * An internet-facing Express service's tasks have public IP addresses in public subnets
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html); a private
 * Express service in isolated subnets is already refused without the S3 gateway endpoint (its image
 * layers come from S3), so no media case of its own is refused.
 */
class MediaBucketReachabilityTest {
    private static final String NO_ROUTE = "have no route to S3 (no NAT gateway, no S3 gateway endpoint), so every"
            + " upload would time out (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html,"
            + " https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html): allowed with a network that"
            + " has s3GatewayEndpoint(true) (free) or a NAT egress (Egress.natGateway())";
    private static final Environment EU = Environment.builder().account("123456789012").region("eu-west-1").build();

    /** One app: the network of the case, a DataStack that makes the bucket, a service of the case. */
    private record Case(App app, NetworkStack network, DataStack data) {
        static Case of(final NetworkStackProps.Builder network) {
            final App app = TestApps.app();
            final NetworkStack net = new NetworkStack(app, "Network", network.env(EU).build());
            final DataStack data = new DataStack(app, "Data", DataStackProps.builder().env(EU).vpc(net.getVpc())
                    .vpcSubnets(net.getDatabaseSubnets()).secretsManagerEndpoint(net.getSecretsManagerEndpoint())
                    .mediaBucket(DjangoMediaBucketProps.builder().build()).build());
            return new Case(app, net, data);
        }

        ImageSource image() {
            return ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo", "team/django"), "latest");
        }

        ServiceStack appRunner(final IBucket bucket, final SubnetSelection subnets) {
            return new ServiceStack(app, "AppRunner", ServiceStackProps.builder().env(EU).vpc(network.getVpc())
                    .vpcSubnets(subnets).database(data).image(image()).mediaBucket(bucket).build());
        }

        ExpressServiceStack express(final boolean isPrivate) {
            return new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder().env(EU)
                    .vpc(network.getVpc()).database(data).image(image()).privateEndpoint(isPrivate)
                    .mediaBucket(data.getMediaBucket()).build());
        }
    }

    private static final SubnetSelection ISOLATED = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("App Runner, no egress, no S3 gateway endpoint",
                        (Function<Case, Object>) c -> c.appRunner(c.data().getMediaBucket(), c.network().getServiceSubnets()),
                        NetworkStackProps.builder(),
                        "mediaBucket: got bucket Data/Media/Bucket; the service's subnets"
                                + " SubnetSelection(subnetType=PRIVATE_ISOLATED) " + NO_ROUTE),
                Arguments.of("App Runner in isolated subnets of a NAT network (the endpoint's routes are on the NAT subnets)",
                        (Function<Case, Object>) c -> c.appRunner(c.data().getMediaBucket(), ISOLATED),
                        NetworkStackProps.builder().egress(Egress.natGateway()).s3GatewayEndpoint(true),
                        "mediaBucket: got bucket Data/Media/Bucket; the service's subnets"
                                + " SubnetSelection(subnetType=PRIVATE_ISOLATED) " + NO_ROUTE),
                Arguments.of("App Runner through the gateway endpoint to a bucket of another Region",
                        (Function<Case, Object>) c -> c.appRunner(Bucket.fromBucketAttributes(c.data(), "Elsewhere",
                                BucketAttributes.builder().bucketName("media-us").region("us-east-1").build()),
                                c.network().getServiceSubnets()),
                        NetworkStackProps.builder().s3GatewayEndpoint(true),
                        "mediaBucket: got bucket Data/Elsewhere; a bucket in us-east-1, and the service in eu-west-1"
                                + " reaches S3 through a gateway endpoint, which serves buckets of its own Region only"
                                + " (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html): use a"
                                + " bucket of eu-west-1, or a NAT egress"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refused(final String name, final Function<Case, Object> service, final NetworkStackProps.Builder network,
                 final String failure) {
        final Case c = Case.of(network);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.apply(c));
        assertEquals(1, e.getMessage().lines().filter(l -> l.startsWith("  - ")).count(), e.getMessage());
        assertEquals(failure, e.getMessage().lines().filter(l -> l.startsWith("  - ")).findFirst().orElseThrow()
                .substring(4), e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("App Runner through the S3 gateway endpoint",
                        (Function<Case, Object>) c -> c.appRunner(c.data().getMediaBucket(), c.network().getServiceSubnets()),
                        NetworkStackProps.builder().s3GatewayEndpoint(true)),
                Arguments.of("App Runner through NAT",
                        (Function<Case, Object>) c -> c.appRunner(c.data().getMediaBucket(), c.network().getServiceSubnets()),
                        NetworkStackProps.builder().egress(Egress.natGateway())),
                Arguments.of("App Runner through NAT to a bucket of another Region",
                        (Function<Case, Object>) c -> c.appRunner(Bucket.fromBucketAttributes(c.data(), "Elsewhere",
                                BucketAttributes.builder().bucketName("media-us").region("us-east-1").build()),
                                c.network().getServiceSubnets()),
                        NetworkStackProps.builder().egress(Egress.natGateway())),
                Arguments.of("Express public: its tasks have public IP addresses",
                        (Function<Case, Object>) c -> c.express(false),
                        NetworkStackProps.builder().publicIngress(true)),
                Arguments.of("Express private with the Fargate endpoints (S3 gateway endpoint included)",
                        (Function<Case, Object>) c -> c.express(true),
                        NetworkStackProps.builder().fargateEndpoints(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepted(final String name, final Function<Case, Object> service, final NetworkStackProps.Builder network) {
        final Case c = Case.of(network);
        assertDoesNotThrow(() -> service.apply(c));
    }

    /** An imported VPC's routes are unknown at synth: the check is the user's, nothing is refused. */
    @Test
    void importedVpcIsNotChecked() {
        final App app = TestApps.app();
        final Stack stack = new Stack(app, "Team");
        final software.amazon.awscdk.services.ec2.IVpc vpc = Vpc.fromVpcAttributes(stack, "Vpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0").availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .isolatedSubnetIds(List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2")).build());
        final DjangoAuroraDatabase database = new DjangoAuroraDatabase(stack, "Database", DataStackProps.builder().vpc(vpc).secretsManagerReachable(true).build());
        assertDoesNotThrow(() -> new AppRunnerDjangoService(stack, "Service", ServiceStackProps.builder().vpc(vpc)
                .database(database).image(ImageSource.fromEcr(Repository.fromRepositoryName(stack, "Repo", "team/django"),
                        "latest"))
                .mediaBucket(Bucket.fromBucketName(stack, "Media", "media")).build()));
    }
}
