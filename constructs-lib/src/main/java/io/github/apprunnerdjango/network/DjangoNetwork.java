package io.github.apprunnerdjango.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.AwsEndpointServices;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.internal.ComplianceProfile;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogResourceType;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IGatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The network of a Django service, as a construct for any stack: a VPC with private-isolated subnets, VPC flow logs, and the Secrets Manager interface endpoint that
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
 * <p>{@link NetworkStack} is this construct in a stack of its own. Its props are
 * {@link NetworkStackProps} without the stack-level settings, which belong to the stack that holds it.
 */
public class DjangoNetwork extends Construct {
    /** The SES SMTP interface endpoint takes SMTP, not HTTPS: STARTTLS on 25, 587, 2587, TLS on 465, 2465. */
    private static final List<Integer> SMTP_PORTS = List.of(25, 465, 587, 2465, 2587);
    /**
     * The interface endpoints ECS tasks in private-isolated subnets need besides Secrets Manager's:
     * ECR's API and Docker registry (image pulls) and CloudWatch Logs (the awslogs driver); the layers
     * come from S3 through the gateway endpoint
     * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html). Their short names,
     * as {@code InterfaceVpcEndpointAwsService#getShortName()} gives them ({@code ECR}, {@code ECR_DOCKER},
     * {@code CLOUDWATCH_LOGS}); {@link #getInterfaceEndpoint} finds each endpoint.
     */
    public static final List<String> FARGATE_ENDPOINT_SERVICES = List.of("ecr.api", "ecr.dkr", "logs");

    private final Vpc vpc;
    private final Egress egress;
    private final SubnetSelection isolatedSubnets;
    private final SubnetSelection serviceSubnets;
    private final @Nullable InterfaceVpcEndpoint secretsManagerEndpoint;
    private final @Nullable GatewayVpcEndpoint s3GatewayEndpoint;
    private final Map<String, InterfaceVpcEndpoint> interfaceEndpoints = new LinkedHashMap<>();
    private final @Nullable List<String> availabilityZoneIds;
    private final @Nullable SubnetSelection ingressSubnets;
    private final boolean fargateEndpoints;

    /**
     * @param scope the parent construct, in any stack
     * @param id the construct id
     * @param props the props; may be null for all defaults; no stack-level settings
     */
    public DjangoNetwork(final Construct scope, final String id, final @Nullable NetworkStackProps props) {
        this(scope, id, NetworkValidation.validated(scope, props, true), true);
    }

    /** The network of a {@link NetworkStack}, whose props were checked before the stack was made. */
    DjangoNetwork(final Construct scope, final String id, final @Nullable NetworkStackProps props,
                  final boolean validated) {
        super(scope, id);
        final NetworkStackProps given = props != null ? props : NetworkStackProps.builder().build();
        this.availabilityZoneIds = given.getAvailabilityZoneIds();
        this.egress = Objects.requireNonNullElse(given.getEgress(), Egress.none());
        final boolean publicIngress = Boolean.TRUE.equals(given.getPublicIngress());
        this.fargateEndpoints = Boolean.TRUE.equals(given.getFargateEndpoints());

        final String cidr = Objects.requireNonNullElse(given.getCidr(), NetworkStackProps.DEFAULT_CIDR);
        // With zone IDs, the VPC is built with one placeholder zone per ID, and each subnet then gets
        // AvailabilityZoneId instead of AvailabilityZone. A placeholder is a lazy token, so CDK checks
        // it against no zone list and it works in environment-agnostic stacks too; it resolves to the
        // subnet's own AvailabilityZone attribute, the zone that the ID maps to in the account.
        final List<CfnSubnet> idSubnets = new ArrayList<>();
        final Vpc.Builder vpcBuilder = Vpc.Builder.create(this, "Vpc").ipAddresses(IpAddresses.cidr(cidr));
        if (given.getAvailabilityZones() != null) {
            vpcBuilder.availabilityZones(given.getAvailabilityZones());
        } else if (availabilityZoneIds != null) {
            final List<String> placeholders = new ArrayList<>();
            for (int i = 0; i < availabilityZoneIds.size(); i++) {
                final int index = i;
                placeholders.add(Lazy.string(() -> idSubnets.get(index).getAttrAvailabilityZone()));
            }
            vpcBuilder.availabilityZones(placeholders);
        } else {
            vpcBuilder.maxAzs(Objects.requireNonNullElse(given.getMaxAzs(), NetworkStackProps.DEFAULT_MAX_AZS));
        }
        // CDK allocates the subnets' CIDRs in this order: the private-isolated subnets come first, so
        // adding a NAT egress to a deployed VPC leaves their CIDRs (and logical ids) as they were
        final List<SubnetConfiguration> subnetGroups = new ArrayList<>(List.of(SubnetConfiguration.builder()
                .name("Isolated")
                .subnetType(SubnetType.PRIVATE_ISOLATED)
                .cidrMask(Objects.requireNonNullElse(given.getSubnetCidrMask(),
                        NetworkStackProps.DEFAULT_SUBNET_CIDR_MASK))
                .build()));
        if (egress.hasNatGateway()) {
            subnetGroups.add(SubnetConfiguration.builder()
                    .name("Private")
                    .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                    .cidrMask(Objects.requireNonNullElse(given.getEgressSubnetCidrMask(),
                            NetworkStackProps.DEFAULT_EGRESS_SUBNET_CIDR_MASK))
                    .build());
            subnetGroups.add(SubnetConfiguration.builder()
                    .name("Public")
                    .subnetType(SubnetType.PUBLIC)
                    .cidrMask(Objects.requireNonNullElse(given.getPublicSubnetCidrMask(),
                            NetworkStackProps.DEFAULT_PUBLIC_SUBNET_CIDR_MASK))
                    // only NAT gateways live here, with their own Elastic IPs: nothing gets a public IP
                    .mapPublicIpOnLaunch(false)
                    .build());
        }
        if (publicIngress) {
            // last, so that no existing group moves: the load balancer and the tasks of an
            // internet-facing Express Mode service, in one public subnet per zone
            subnetGroups.add(SubnetConfiguration.builder()
                    .name(NetworkStackProps.INGRESS_SUBNET_GROUP)
                    .subnetType(SubnetType.PUBLIC)
                    .cidrMask(Objects.requireNonNullElse(given.getIngressSubnetCidrMask(),
                            NetworkStackProps.DEFAULT_INGRESS_SUBNET_CIDR_MASK))
                    // ECS assigns the tasks' public IPs itself; nothing else gets one by accident
                    .mapPublicIpOnLaunch(false)
                    .build());
            if (egress.hasNatGateway()) {
                // two public groups: the NAT gateways stay in the NAT's own
                vpcBuilder.natGatewaySubnets(SubnetSelection.builder().subnetGroupName("Public").build());
            }
        }
        // CDK's default is one NAT gateway per zone, in each zone's public subnet
        if (egress.getKind() != Egress.Kind.NAT_GATEWAY_PER_AZ) {
            vpcBuilder.natGateways(egress.hasNatGateway() ? 1 : 0);
        }
        this.vpc = vpcBuilder
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .subnetConfiguration(subnetGroups)
                .build();
        this.isolatedSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        this.serviceSubnets = egress.hasNatGateway()
                ? SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()
                : isolatedSubnets;
        this.ingressSubnets = publicIngress
                ? SubnetSelection.builder().subnetGroupName(NetworkStackProps.INGRESS_SUBNET_GROUP).build()
                : null;
        if (availabilityZoneIds != null) {
            // each group's subnets follow the VPC's zones' order, so subnet i belongs in zone ID i
            final List<ISubnet> isolated = vpc.getIsolatedSubnets();
            for (int i = 0; i < isolated.size(); i++) {
                idSubnets.add(withZoneId((CfnSubnet) isolated.get(i).getNode().getDefaultChild(), i));
            }
            // the public subnets of two groups (NAT and ingress) come one group after the other
            for (final List<ISubnet> group : List.of(vpc.getPrivateSubnets(), vpc.getPublicSubnets())) {
                for (int i = 0; i < group.size(); i++) {
                    withZoneId((CfnSubnet) group.get(i).getNode().getDefaultChild(), i % availabilityZoneIds.size());
                }
            }
        }

        if (!Boolean.FALSE.equals(given.getFlowLogs())) {
            final LogGroup flowLogGroup = LogGroup.Builder.create(this, "FlowLogGroup")
                    .retention(Objects.requireNonNullElse(given.getFlowLogRetention(), RetentionDays.THREE_MONTHS))
                    .build();
            FlowLog.Builder.create(this, "FlowLog")
                    .resourceType(FlowLogResourceType.fromVpc(vpc))
                    .trafficType(FlowLogTrafficType.ALL)
                    .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup))
                    .build();
        }

        if (!Boolean.FALSE.equals(given.getSecretsManagerEndpoint())) {
            // Rotation functions run in the isolated subnets and call the Secrets Manager API;
            // without this endpoint every rotation would time out (a NAT egress does not help: the
            // isolated subnets have no route to it).
            this.secretsManagerEndpoint = InterfaceVpcEndpoint.Builder.create(this, "SecretsManagerEndpoint")
                    .vpc(vpc)
                    .service(AwsEndpointServices.of(AwsEndpointServices.SECRETS_MANAGER))
                    .subnets(isolatedSubnets)
                    .privateDnsEnabled(true)
                    .open(false)
                    .build();
            // the literal CIDR (not the VPC's CidrBlock attribute) lets cdk-nag check the rule
            secretsManagerEndpoint.getConnections().allowFrom(Peer.ipv4(cidr), Port.tcp(443),
                    "HTTPS from inside the VPC");
        } else {
            this.secretsManagerEndpoint = null;
        }

        // routes to S3 from the connector's subnets: S3 without NAT, or past the NAT's per-GB charge
        // (and ECR's image layers for tasks in isolated subnets)
        this.s3GatewayEndpoint = Boolean.TRUE.equals(given.getS3GatewayEndpoint()) || fargateEndpoints
                ? GatewayVpcEndpoint.Builder.create(this, "S3GatewayEndpoint")
                        .vpc(vpc)
                        .service(GatewayVpcEndpointAwsService.S3)
                        .subnets(List.of(serviceSubnets))
                        .build()
                : null;
        if (given.getInterfaceEndpoints() != null) {
            for (final InterfaceVpcEndpointAwsService service : given.getInterfaceEndpoints()) {
                interfaceEndpoints.put(service.getShortName(), interfaceEndpoint(service, service.getShortName(), cidr));
            }
        }
        if (fargateEndpoints) {
            // the same construct ids as when listed in interfaceEndpoints: switching is no replacement
            for (final String name : FARGATE_ENDPOINT_SERVICES) {
                interfaceEndpoints.put(name, interfaceEndpoint(AwsEndpointServices.of(name), name, cidr));
            }
        }
        if (given.getCompliance() != null) {
            applyCompliance(given.getCompliance());
        }
    }

    /**
     * The Control Tower profile: the flow log group gets the key and a year's retention, and CDK's
     * handler that closes the default security group runs in the VPC's private subnets, reaching EC2
     * through NAT once the routes exist.
     */
    private void applyCompliance(final Compliance compliance) {
        ComplianceProfile.apply(this, compliance, vpc);
        final IConstruct restrict = vpc.getNode().tryFindChild("RestrictDefaultSecurityGroupCustomResource");
        final IConstruct provider = Stack.of(this).getNode().tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
        if (restrict == null || provider == null) {
            return;
        }
        final CfnResource handler = (CfnResource) provider.getNode().findChild("Handler");
        final CfnFunction.VpcConfigProperty config = ComplianceProfile.vpcConfig(this, vpc);
        handler.addPropertyOverride("VpcConfig", new TreeMap<>(Map.of(
                "SubnetIds", config.getSubnetIds(), "SecurityGroupIds", config.getSecurityGroupIds())));
        final CfnResource role = (CfnResource) provider.getNode().findChild("Role");
        role.addPropertyOverride("ManagedPolicyArns", List.of(
                Fn.sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                Fn.sub("arn:${AWS::Partition}:iam::aws:policy/" + ComplianceProfile.vpcAccessPolicyName())));
        restrict.getNode().addDependency(vpc.getInternetConnectivityEstablished());
    }

    /**
     * @param vpc a VPC
     * @return the network that made this VPC, or null when it was made or imported another way
     */
    public static @Nullable DjangoNetwork of(final IVpc vpc) {
        final IConstruct parent = vpc.getNode().getScope();
        return parent instanceof DjangoNetwork network && network.getVpc() == vpc ? network : null;
    }

    private CfnSubnet withZoneId(final CfnSubnet subnet, final int index) {
        subnet.addPropertyOverride("AvailabilityZoneId", Objects.requireNonNull(availabilityZoneIds).get(index));
        subnet.addDeletionOverride("Properties.AvailabilityZone");
        return subnet;
    }

    /**
     * An interface endpoint in the connector's subnets with private DNS, so the service's usual host
     * name resolves to it from the whole VPC; it admits the service's port from the VPC's CIDR only.
     * The construct id comes from the service's name, so reordering the list replaces nothing.
     */
    private InterfaceVpcEndpoint interfaceEndpoint(final IInterfaceVpcEndpointService service, final String shortName,
            final String cidr) {
        final InterfaceVpcEndpoint endpoint = InterfaceVpcEndpoint.Builder.create(this, constructId(shortName))
                .vpc(vpc)
                .service(service)
                .subnets(serviceSubnets)
                .privateDnsEnabled(true)
                .open(false)
                .build();
        // the literal CIDR (not the VPC's CidrBlock attribute) lets cdk-nag check the rule
        if (shortName.equals(AwsEndpointServices.EMAIL_SMTP)) {
            // https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html
            for (final int port : SMTP_PORTS) {
                endpoint.getConnections().allowFrom(Peer.ipv4(cidr), Port.tcp(port), "SMTP from inside the VPC");
            }
        } else {
            final int port = service.getPort().intValue();
            endpoint.getConnections().allowFrom(Peer.ipv4(cidr), Port.tcp(port),
                    port == 443 ? "HTTPS from inside the VPC" : "TCP " + port + " from inside the VPC");
        }
        return endpoint;
    }

    /** @return {@code EmailSmtpEndpoint} for {@code email-smtp}: the service's name in words, then Endpoint */
    static String constructId(final String shortName) {
        final StringBuilder id = new StringBuilder();
        for (final String word : shortName.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.append("Endpoint").toString();
    }

    /** @return the VPC */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return how the app reaches the internet ({@code egress}; {@link Egress#none()} when not given) */
    public Egress getEgress() {
        return egress;
    }

    /**
     * @return the selection of the private-isolated subnets, where Aurora and rotation live; the VPC
     *     connector too without a NAT egress (see {@link #getServiceSubnets()})
     */
    public SubnetSelection getIsolatedSubnets() {
        return isolatedSubnets;
    }

    /** @return the subnets for Aurora and rotation: the private-isolated ones, as {@link #getIsolatedSubnets()} */
    public SubnetSelection getDatabaseSubnets() {
        return isolatedSubnets;
    }

    /**
     * @return the subnets where the App Runner VPC connector belongs, and where the interface endpoints
     *     and the S3 gateway endpoint's routes are: the private-with-egress subnets with a NAT egress,
     *     the private-isolated ones otherwise
     */
    public SubnetSelection getServiceSubnets() {
        return serviceSubnets;
    }

    /**
     * @return the public ingress subnets ({@code publicIngress}), where an internet-facing Express Mode
     *     service's load balancer and tasks belong, or null when the VPC has none
     */
    public @Nullable SubnetSelection getIngressSubnets() {
        return ingressSubnets;
    }

    /**
     * @return whether the endpoints ECS tasks in the service subnets need without NAT exist
     *     ({@code fargateEndpoints})
     */
    public boolean hasFargateEndpoints() {
        return fargateEndpoints;
    }

    /** @return the zone IDs the subnets were placed in ({@code availabilityZoneIds}), or null when not given */
    public @Nullable List<String> getAvailabilityZoneIds() {
        return availabilityZoneIds;
    }

    /** @return the Secrets Manager interface endpoint, or null when it was turned off */
    public @Nullable IInterfaceVpcEndpoint getSecretsManagerEndpoint() {
        return secretsManagerEndpoint;
    }

    /** @return the S3 gateway endpoint ({@code s3GatewayEndpoint}), or null when not created */
    public @Nullable IGatewayVpcEndpoint getS3GatewayEndpoint() {
        return s3GatewayEndpoint;
    }

    /**
     * @return the interface endpoints created for {@code interfaceEndpoints}, in that order (not the
     *     Secrets Manager endpoint of {@code secretsManagerEndpoint}); empty when none
     */
    public List<IInterfaceVpcEndpoint> getInterfaceEndpoints() {
        return Collections.unmodifiableList(new ArrayList<>(interfaceEndpoints.values()));
    }

    /**
     * @param service an AWS service, such as {@code InterfaceVpcEndpointAwsService.EMAIL_SMTP}
     * @return this stack's interface endpoint of that service (from {@code interfaceEndpoints} or
     *     {@code fargateEndpoints}, or the Secrets Manager endpoint of {@code secretsManagerEndpoint}), or
     *     null when it has none
     */
    public @Nullable IInterfaceVpcEndpoint getInterfaceEndpoint(final InterfaceVpcEndpointAwsService service) {
        return getInterfaceEndpoint(service.getShortName());
    }

    /**
     * @param shortName an AWS service's short name, as {@code InterfaceVpcEndpointAwsService#getShortName()}
     *     gives it, such as {@code email-smtp} or one of {@link #FARGATE_ENDPOINT_SERVICES}
     * @return this stack's interface endpoint of that service, or null when it has none
     */
    public @Nullable IInterfaceVpcEndpoint getInterfaceEndpoint(final String shortName) {
        final InterfaceVpcEndpoint listed = interfaceEndpoints.get(shortName);
        if (listed != null) {
            return listed;
        }
        return shortName.equals(AwsEndpointServices.SECRETS_MANAGER) ? secretsManagerEndpoint : null;
    }
}
