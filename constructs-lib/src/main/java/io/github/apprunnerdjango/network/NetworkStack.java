package io.github.apprunnerdjango.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogResourceType;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
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

/**
 * A VPC with private-isolated subnets only (no NAT, no internet gateway), VPC flow logs, and the
 * Secrets Manager interface endpoint that rotation functions in those subnets need. The subnets are
 * in the first {@code maxAzs} zones of the region, or in the zones listed by name
 * ({@code availabilityZones}) or by zone ID ({@code availabilityZoneIds}).
 *
 * <p>App Runner pulls images and ships logs outside the VPC, so the service needs no endpoint of
 * its own; only traffic from the VPC connector (to Aurora) enters these subnets.
 */
public class NetworkStack extends Stack {
    private final Vpc vpc;
    private final SubnetSelection isolatedSubnets;
    private final @Nullable InterfaceVpcEndpoint secretsManagerEndpoint;
    private final @Nullable List<String> availabilityZoneIds;

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param props the props; may be null for all defaults
     */
    public NetworkStack(final Construct scope, final String id, final @Nullable NetworkStackProps props) {
        super(scope, id, NetworkValidation.validated(scope, props)
                .toStackProps("VPC with isolated subnets for the App Runner Django service"));
        final NetworkStackProps given = props != null ? props : NetworkStackProps.builder().build();
        this.availabilityZoneIds = given.getAvailabilityZoneIds();

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
        this.vpc = vpcBuilder
                .natGateways(0)
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("Isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(Objects.requireNonNullElse(given.getSubnetCidrMask(),
                                NetworkStackProps.DEFAULT_SUBNET_CIDR_MASK))
                        .build()))
                .build();
        this.isolatedSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        if (availabilityZoneIds != null) {
            // the VPC's subnets follow its zones' order, so subnet i belongs in zone ID i
            final List<ISubnet> subnets = vpc.getIsolatedSubnets();
            for (int i = 0; i < subnets.size(); i++) {
                final CfnSubnet subnet = (CfnSubnet) subnets.get(i).getNode().getDefaultChild();
                subnet.addPropertyOverride("AvailabilityZoneId", availabilityZoneIds.get(i));
                subnet.addDeletionOverride("Properties.AvailabilityZone");
                idSubnets.add(subnet);
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
            // without this endpoint (and without NAT) every rotation would time out.
            this.secretsManagerEndpoint = InterfaceVpcEndpoint.Builder.create(this, "SecretsManagerEndpoint")
                    .vpc(vpc)
                    .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
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

        CfnOutput.Builder.create(this, "VpcId").value(vpc.getVpcId()).description("VPC id").build();
    }

    /** @return the VPC */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return the selection of the private-isolated subnets, where Aurora and the VPC connector live */
    public SubnetSelection getIsolatedSubnets() {
        return isolatedSubnets;
    }

    /** @return the zone IDs the subnets were placed in ({@code availabilityZoneIds}), or null when not given */
    public @Nullable List<String> getAvailabilityZoneIds() {
        return availabilityZoneIds;
    }

    /** @return the Secrets Manager interface endpoint, or null when it was turned off */
    public @Nullable IInterfaceVpcEndpoint getSecretsManagerEndpoint() {
        return secretsManagerEndpoint;
    }
}
