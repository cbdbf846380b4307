package io.github.apprunnerdjango.network;

import java.util.List;
import io.github.apprunnerdjango.internal.StackPathsKept;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IGatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.constructs.Construct;

/**
 * A VPC with private-isolated subnets, VPC flow logs, and the Secrets Manager interface endpoint that
 * rotation functions in those subnets need; optionally a way out to the internet ({@code egress}) and
 * endpoints to AWS services ({@code s3GatewayEndpoint}, {@code interfaceEndpoints}). The subnets are
 * in the first {@code maxAzs} zones of the region, or in the zones listed by name
 * ({@code availabilityZones}) or by zone ID ({@code availabilityZoneIds}).
 *
 * <p>App Runner pulls images and ships logs outside the VPC, but with a VPC connector all outbound
 * traffic of the application goes through the connector's subnets
 * (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html). With the default
 * {@link Egress#none()} those are the private-isolated subnets: the app reaches Aurora and the VPC's
 * endpoints, nothing else. With a NAT gateway ({@link Egress#natGateway()},
 * {@link Egress#natGatewayPerAz()}) the connector belongs in private-with-egress subnets
 * ({@link #getServiceSubnets()}) and Aurora stays in the private-isolated ones
 * ({@link #getDatabaseSubnets()}).
 *
 * <p>For an ECS Express Mode service, which puts its load balancer and its tasks in the same subnets
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html):
 * {@code publicIngress} adds public subnets with an internet gateway (an internet-facing service),
 * {@code fargateEndpoints} the endpoints its tasks need in private-isolated subnets (a private
 * service without NAT).
 *
 * <p>Costs, us-east-1 list prices (check your Region; https://aws.amazon.com/vpc/pricing/,
 * https://aws.amazon.com/privatelink/pricing/): a NAT gateway about USD 0.045 per hour (about USD 32
 * per month) plus USD 0.045 per GB processed; an interface endpoint (Secrets Manager's included) about
 * USD 0.01 per hour per zone (about USD 7.30 per month per zone) plus USD 0.01 per GB; the S3 gateway
 * endpoint is free.
 *
 * <p>A thin stack around {@link DjangoNetwork}: to put the network into a stack of your own (or a
 * Stage), use the construct.
 */
public class NetworkStack extends Stack {
    /**
     * The interface endpoints ECS tasks in private-isolated subnets need besides Secrets Manager's:
     * ECR's API and Docker registry (image pulls) and CloudWatch Logs (the awslogs driver); the layers
     * come from S3 through the gateway endpoint
     * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html). Their short names,
     * as {@code InterfaceVpcEndpointAwsService#getShortName()} gives them ({@code ECR}, {@code ECR_DOCKER},
     * {@code CLOUDWATCH_LOGS}); {@link #getInterfaceEndpoint} finds each endpoint.
     */
    public static final List<String> FARGATE_ENDPOINT_SERVICES = DjangoNetwork.FARGATE_ENDPOINT_SERVICES;

    private final DjangoNetwork network;

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param props the props; may be null for all defaults
     */
    public NetworkStack(final Construct scope, final String id, final @Nullable NetworkStackProps props) {
        super(scope, id, NetworkValidation.validated(scope, props).toStackProps(defaultDescription(props)));
        // "Default" is left out of logical ids: the resources keep the ids they had when this stack
        // made them itself (https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers_logical_ids)
        this.network = new DjangoNetwork(this, "Default", props, true);
        StackPathsKept.applyTo(this, "Default");
        CfnOutput.Builder.create(this, "VpcId").value(network.getVpc().getVpcId()).description("VPC id").build();
    }

    private static String defaultDescription(final @Nullable NetworkStackProps props) {
        return props != null && props.getEgress() != null && props.getEgress().hasNatGateway()
                ? "VPC with NAT egress and isolated subnets for the App Runner Django service"
                : "VPC with isolated subnets for the App Runner Django service";
    }

    /** @return the network construct this stack holds */
    public DjangoNetwork getNetwork() {
        return network;
    }

    /** @return the VPC */
    public IVpc getVpc() {
        return network.getVpc();
    }

    /** @return how the app reaches the internet ({@code egress}; {@link Egress#none()} when not given) */
    public Egress getEgress() {
        return network.getEgress();
    }

    /**
     * @return the selection of the private-isolated subnets, where Aurora and rotation live; the VPC
     *     connector too without a NAT egress (see {@link #getServiceSubnets()})
     */
    public SubnetSelection getIsolatedSubnets() {
        return network.getIsolatedSubnets();
    }

    /** @return the subnets for Aurora and rotation: the private-isolated ones, as {@link #getIsolatedSubnets()} */
    public SubnetSelection getDatabaseSubnets() {
        return network.getDatabaseSubnets();
    }

    /**
     * @return the subnets where the App Runner VPC connector belongs, and where the interface endpoints
     *     and the S3 gateway endpoint's routes are: the private-with-egress subnets with a NAT egress,
     *     the private-isolated ones otherwise
     */
    public SubnetSelection getServiceSubnets() {
        return network.getServiceSubnets();
    }

    /**
     * @return the public ingress subnets ({@code publicIngress}), where an internet-facing Express Mode
     *     service's load balancer and tasks belong, or null when the VPC has none
     */
    public @Nullable SubnetSelection getIngressSubnets() {
        return network.getIngressSubnets();
    }

    /**
     * @return whether the endpoints ECS tasks in the service subnets need without NAT exist
     *     ({@code fargateEndpoints})
     */
    public boolean hasFargateEndpoints() {
        return network.hasFargateEndpoints();
    }

    /** @return the zone IDs the subnets were placed in ({@code availabilityZoneIds}), or null when not given */
    public @Nullable List<String> getAvailabilityZoneIds() {
        return network.getAvailabilityZoneIds();
    }

    /** @return the Secrets Manager interface endpoint, or null when it was turned off */
    public @Nullable IInterfaceVpcEndpoint getSecretsManagerEndpoint() {
        return network.getSecretsManagerEndpoint();
    }

    /** @return the S3 gateway endpoint ({@code s3GatewayEndpoint}), or null when not created */
    public @Nullable IGatewayVpcEndpoint getS3GatewayEndpoint() {
        return network.getS3GatewayEndpoint();
    }

    /**
     * @return the interface endpoints created for {@code interfaceEndpoints}, in that order (not the
     *     Secrets Manager endpoint of {@code secretsManagerEndpoint}); empty when none
     */
    public List<IInterfaceVpcEndpoint> getInterfaceEndpoints() {
        return network.getInterfaceEndpoints();
    }

    /**
     * @param service an AWS service, such as {@code InterfaceVpcEndpointAwsService.EMAIL_SMTP}
     * @return this stack's interface endpoint of that service (from {@code interfaceEndpoints} or
     *     {@code fargateEndpoints}, or the Secrets Manager endpoint of {@code secretsManagerEndpoint}), or
     *     null when it has none
     */
    public @Nullable IInterfaceVpcEndpoint getInterfaceEndpoint(final InterfaceVpcEndpointAwsService service) {
        return network.getInterfaceEndpoint(service);
    }

    /**
     * @param shortName an AWS service's short name, as {@code InterfaceVpcEndpointAwsService#getShortName()}
     *     gives it, such as {@code email-smtp} or one of {@link #FARGATE_ENDPOINT_SERVICES}
     * @return this stack's interface endpoint of that service, or null when it has none
     */
    public @Nullable IInterfaceVpcEndpoint getInterfaceEndpoint(final String shortName) {
        return network.getInterfaceEndpoint(shortName);
    }
    /** @return {@code EmailSmtpEndpoint} for {@code email-smtp}: the service's name in words, then Endpoint */
    static String constructId(final String shortName) {
        return DjangoNetwork.constructId(shortName);
    }
}
