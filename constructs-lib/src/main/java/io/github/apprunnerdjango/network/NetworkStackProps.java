package io.github.apprunnerdjango.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.apprunnerdjango.CommonStackProps;
import io.github.apprunnerdjango.Compliance;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Props of {@link NetworkStack}. Every prop is optional; the defaults match the blog set-up. */
public final class NetworkStackProps extends CommonStackProps {
    /** The VPC CIDR used when none is given. */
    public static final String DEFAULT_CIDR = "10.0.0.0/24";
    /** The number of availability zones used when none is given. */
    public static final int DEFAULT_MAX_AZS = 2;
    /** The subnet mask used when none is given. */
    public static final int DEFAULT_SUBNET_CIDR_MASK = 26;
    /** The prefix length of each private-with-egress subnet (with a NAT gateway) when none is given. */
    public static final int DEFAULT_EGRESS_SUBNET_CIDR_MASK = 27;
    /** The prefix length of each public subnet (with a NAT gateway) when none is given. */
    public static final int DEFAULT_PUBLIC_SUBNET_CIDR_MASK = 28;
    /**
     * The prefix length of each public ingress subnet ({@code publicIngress}) when none is given: an
     * Application Load Balancer needs a /27 or larger subnet with at least 8 free addresses, and the
     * Express Mode tasks take one address each.
     */
    public static final int DEFAULT_INGRESS_SUBNET_CIDR_MASK = 26;
    /** The name of the public ingress subnet group ({@code publicIngress}). */
    public static final String INGRESS_SUBNET_GROUP = "Ingress";

    private final String cidr;
    private final Integer maxAzs;
    private final List<String> availabilityZones;
    private final List<String> availabilityZoneIds;
    private final Integer subnetCidrMask;
    private final Boolean secretsManagerEndpoint;
    private final Boolean flowLogs;
    private final RetentionDays flowLogRetention;
    private final Egress egress;
    private final Integer egressSubnetCidrMask;
    private final Integer publicSubnetCidrMask;
    private final Boolean s3GatewayEndpoint;
    private final List<InterfaceVpcEndpointAwsService> interfaceEndpoints;
    private final Boolean publicIngress;
    private final Integer ingressSubnetCidrMask;
    private final Boolean fargateEndpoints;

    private final Compliance compliance;

    private NetworkStackProps(final Builder builder) {
        super(builder);
        this.cidr = builder.cidr;
        this.maxAzs = builder.maxAzs;
        this.availabilityZones = copyOf(builder.availabilityZones);
        this.availabilityZoneIds = copyOf(builder.availabilityZoneIds);
        this.subnetCidrMask = builder.subnetCidrMask;
        this.secretsManagerEndpoint = builder.secretsManagerEndpoint;
        this.flowLogs = builder.flowLogs;
        this.flowLogRetention = builder.flowLogRetention;
        this.egress = builder.egress;
        this.egressSubnetCidrMask = builder.egressSubnetCidrMask;
        this.publicSubnetCidrMask = builder.publicSubnetCidrMask;
        this.s3GatewayEndpoint = builder.s3GatewayEndpoint;
        this.interfaceEndpoints = copyOf(builder.interfaceEndpoints);
        this.publicIngress = builder.publicIngress;
        this.ingressSubnetCidrMask = builder.ingressSubnetCidrMask;
        this.fargateEndpoints = builder.fargateEndpoints;
        this.compliance = builder.compliance;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    private static <T> List<T> copyOf(final List<T> list) {
        // not List.copyOf: a null element must reach the validation, which names it
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** @return the VPC's IPv4 CIDR block; Default: {@code 10.0.0.0/24} */
    public String getCidr() {
        return cidr;
    }

    /** @return the number of availability zones; Default: 2 (or the length of a zone list) */
    public Integer getMaxAzs() {
        return maxAzs;
    }

    /** @return the availability zones by name; Default: - the first maxAzs zones of the stack's region */
    public List<String> getAvailabilityZones() {
        return availabilityZones;
    }

    /** @return the availability zones by zone ID; Default: - zones are chosen by name */
    public List<String> getAvailabilityZoneIds() {
        return availabilityZoneIds;
    }

    /** @return the prefix length of each isolated subnet; Default: 26 */
    public Integer getSubnetCidrMask() {
        return subnetCidrMask;
    }

    /** @return whether a Secrets Manager interface endpoint is created; Default: true */
    public Boolean getSecretsManagerEndpoint() {
        return secretsManagerEndpoint;
    }

    /** @return whether VPC flow logs are sent to CloudWatch Logs; Default: true */
    public Boolean getFlowLogs() {
        return flowLogs;
    }

    /** @return how long flow logs are kept; Default: {@link RetentionDays#THREE_MONTHS} */
    public RetentionDays getFlowLogRetention() {
        return flowLogRetention;
    }

    /**
     * @return how the app reaches the internet; Default: - {@link Egress#none()}, no route out of the
     *     VPC (no cost)
     */
    public Egress getEgress() {
        return egress;
    }

    /** @return the prefix length of each private-with-egress subnet (NAT only); Default: 27 */
    public Integer getEgressSubnetCidrMask() {
        return egressSubnetCidrMask;
    }

    /** @return the prefix length of each public subnet (NAT only); Default: 28 */
    public Integer getPublicSubnetCidrMask() {
        return publicSubnetCidrMask;
    }

    /** @return whether an S3 gateway endpoint is created; Default: false */
    public Boolean getS3GatewayEndpoint() {
        return s3GatewayEndpoint;
    }

    /** @return the AWS services that get an interface endpoint; Default: - none (besides Secrets Manager's) */
    public List<InterfaceVpcEndpointAwsService> getInterfaceEndpoints() {
        return interfaceEndpoints;
    }

    /**
     * @return whether the VPC gets public ingress subnets with an internet gateway, for an
     *     internet-facing ECS Express Mode service; Default: false
     */
    public Boolean getPublicIngress() {
        return publicIngress;
    }

    /** @return the prefix length of each public ingress subnet (publicIngress only); Default: 26 */
    public Integer getIngressSubnetCidrMask() {
        return ingressSubnetCidrMask;
    }

    /**
     * @return whether the endpoints ECS tasks in private-isolated subnets need (ECR API and Docker,
     *     CloudWatch Logs, S3 gateway) are created; Default: false
     */
    public Boolean getFargateEndpoints() {
        return fargateEndpoints;
    }

    /**
     * @return the compliance profile, such as {@link Compliance#controlTower()}, which makes every
     *     resource of the network (the flow log group, the VPC's default-security-group handler)
     *     meet its controls; Default: - none (nothing beyond the defaults)
     */
    public Compliance getCompliance() {
        return compliance;
    }

    /** Builder of {@link NetworkStackProps}. */
    public static final class Builder extends CommonStackProps.Builder<Builder> {
        private Compliance compliance;
        private String cidr;
        private Integer maxAzs;
        private List<String> availabilityZones;
        private List<String> availabilityZoneIds;
        private Integer subnetCidrMask;
        private Boolean secretsManagerEndpoint;
        private Boolean flowLogs;
        private RetentionDays flowLogRetention;
        private Egress egress;
        private Integer egressSubnetCidrMask;
        private Integer publicSubnetCidrMask;
        private Boolean s3GatewayEndpoint;
        private List<InterfaceVpcEndpointAwsService> interfaceEndpoints;
        private Boolean publicIngress;
        private Integer ingressSubnetCidrMask;
        private Boolean fargateEndpoints;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param cidr the VPC's IPv4 CIDR block, prefix /16 to /28. Default: {@code 10.0.0.0/24}
         * @return this builder
         */
        public Builder cidr(final String cidr) {
            this.cidr = cidr;
            return this;
        }

        /**
         * @param maxAzs the number of availability zones, 2 to 6 (Aurora's DB subnet group needs
         *     subnets in at least 2 zones); the CIDR must hold one subnet per zone. An
         *     environment-agnostic stack (no account and region in {@code env}) gets at most 2 zones
         *     from CDK, so more than 2 there needs {@code env} or a zone list. With
         *     {@code availabilityZones} or {@code availabilityZoneIds}, leave it unset or give the
         *     list's length. Default: 2
         * @return this builder
         */
        public Builder maxAzs(final Integer maxAzs) {
            this.maxAzs = maxAzs;
            return this;
        }

        /**
         * @param availabilityZones the availability zones by name, such as {@code eu-west-1a}: one
         *     private-isolated subnet in each, in this order. 2 to 6 distinct zones of the stack's
         *     region. Use it to keep out zones where App Runner VPC connectors fail (AWS lists none;
         *     the service's error names them). Zone names map to different physical zones in each
         *     account; to pin physical zones, use {@code availabilityZoneIds}. Not with
         *     {@code availabilityZoneIds}. Default: - the first maxAzs zones of the stack's region
         * @return this builder
         */
        public Builder availabilityZones(final List<String> availabilityZones) {
            this.availabilityZones = availabilityZones;
            return this;
        }

        /**
         * @param availabilityZoneIds the availability zones by zone ID, such as {@code euw1-az1}: the
         *     same physical zone in every account. One private-isolated subnet in each, in this order
         *     (the subnets' {@code AvailabilityZoneId} is set, not {@code AvailabilityZone}). 2 to 6
         *     distinct zone IDs of the region the stack deploys to. Not with {@code availabilityZones}.
         *     Default: - zones are chosen by name
         * @return this builder
         */
        public Builder availabilityZoneIds(final List<String> availabilityZoneIds) {
            this.availabilityZoneIds = availabilityZoneIds;
            return this;
        }

        /**
         * @param subnetCidrMask the prefix length of each private-isolated subnet, from the VPC's
         *     prefix to 28. Default: 26
         * @return this builder
         */
        public Builder subnetCidrMask(final Integer subnetCidrMask) {
            this.subnetCidrMask = subnetCidrMask;
            return this;
        }

        /**
         * @param secretsManagerEndpoint whether to create the Secrets Manager interface endpoint that
         *     rotation functions in isolated subnets need to reach the API. Turn it off only when the
         *     VPC reaches Secrets Manager otherwise (an endpoint of your own, or
         *     {@code SECRETS_MANAGER} in {@code interfaceEndpoints}); a NAT {@code egress} does not
         *     count, the private-isolated subnets have no route to it. Without any way, every rotation
         *     times out and nothing reports it. A {@code DataStack} on this VPC then fails validation
         *     unless given your endpoint ({@code secretsManagerEndpoint}) or
         *     {@code secretsManagerReachable(true)}. The endpoint costs about USD 0.01 per hour per
         *     zone plus USD 0.01 per GB (us-east-1 list prices, check your Region:
         *     https://aws.amazon.com/privatelink/pricing/). Default: true
         * @return this builder
         */
        public Builder secretsManagerEndpoint(final Boolean secretsManagerEndpoint) {
            this.secretsManagerEndpoint = secretsManagerEndpoint;
            return this;
        }

        /**
         * @param flowLogs whether to send VPC flow logs (all traffic) to CloudWatch Logs. Default: true
         * @return this builder
         */
        public Builder flowLogs(final Boolean flowLogs) {
            this.flowLogs = flowLogs;
            return this;
        }

        /**
         * @param flowLogRetention how long flow logs are kept. Default: {@link RetentionDays#THREE_MONTHS}
         * @return this builder
         */
        public Builder flowLogRetention(final RetentionDays flowLogRetention) {
            this.flowLogRetention = flowLogRetention;
            return this;
        }

        /**
         * @param egress how the app reaches the internet. {@link Egress#none()}: private-isolated
         *     subnets only, no cost; the app reaches AWS services only through the endpoints below.
         *     {@link Egress#natGateway()} (one NAT gateway) or {@link Egress#natGatewayPerAz()} (one
         *     per zone): the VPC also gets one private-with-egress subnet per zone for the VPC
         *     connector ({@code egressSubnetCidrMask}) and one public subnet per zone for the NAT
         *     gateways ({@code publicSubnetCidrMask}), allocated after the private-isolated ones so
         *     that switching an existing VPC from none to NAT keeps those subnets (and Aurora in
         *     them); the cidr must hold all three groups. A NAT gateway costs about USD 0.045 per
         *     hour (about USD 32 per month) plus USD 0.045 per GB processed (us-east-1 list prices,
         *     check your Region: https://aws.amazon.com/vpc/pricing/). The ServiceStack's connector
         *     belongs in {@link NetworkStack#getServiceSubnets()}. Default: - {@link Egress#none()}
         * @return this builder
         */
        public Builder egress(final Egress egress) {
            this.egress = egress;
            return this;
        }

        /**
         * @param egressSubnetCidrMask the prefix length of each private-with-egress subnet, where the
         *     VPC connector and the interface endpoints live, from the VPC's prefix to 28. Only with a
         *     NAT {@code egress}. Default: 27
         * @return this builder
         */
        public Builder egressSubnetCidrMask(final Integer egressSubnetCidrMask) {
            this.egressSubnetCidrMask = egressSubnetCidrMask;
            return this;
        }

        /**
         * @param publicSubnetCidrMask the prefix length of each public subnet, which holds only the NAT
         *     gateways, from the VPC's prefix to 28. Only with a NAT {@code egress}. Default: 28
         * @return this builder
         */
        public Builder publicSubnetCidrMask(final Integer publicSubnetCidrMask) {
            this.publicSubnetCidrMask = publicSubnetCidrMask;
            return this;
        }

        /**
         * @param s3GatewayEndpoint whether to create an S3 gateway endpoint, routed from the
         *     connector's subnets ({@link NetworkStack#getServiceSubnets()}): S3 (media files,
         *     static files) without NAT, or through a NAT without its per-GB charge. Gateway endpoints
         *     are free (https://aws.amazon.com/vpc/pricing/). It reaches buckets of the stack's
         *     Region only. Default: false
         * @return this builder
         */
        public Builder s3GatewayEndpoint(final Boolean s3GatewayEndpoint) {
            this.s3GatewayEndpoint = s3GatewayEndpoint;
            return this;
        }

        /**
         * @param interfaceEndpoints the AWS services that get an interface endpoint, such as
         *     {@code InterfaceVpcEndpointAwsService.EMAIL_SMTP} (SES over SMTP),
         *     {@code SQS} or {@code SNS}: each with private DNS (the service's usual host name
         *     resolves to it), in the connector's subnets ({@link NetworkStack#getServiceSubnets()}),
         *     reachable from the VPC's CIDR only, on HTTPS (443), or for {@code EMAIL_SMTP} on the
         *     SES SMTP ports (25, 465, 587, 2465, 2587). Each service once; Secrets Manager only with
         *     {@code secretsManagerEndpoint(false)} (it has its own endpoint otherwise); not S3 (use
         *     {@code s3GatewayEndpoint}, free). Each costs about USD 0.01 per hour per zone (about
         *     USD 7.30 per month per zone, USD 14.60 with the default 2 zones) plus USD 0.01 per GB
         *     processed (us-east-1 list prices, check your Region:
         *     https://aws.amazon.com/privatelink/pricing/). Default: - none (besides Secrets Manager's)
         * @return this builder
         */
        public Builder interfaceEndpoints(final List<InterfaceVpcEndpointAwsService> interfaceEndpoints) {
            this.interfaceEndpoints = interfaceEndpoints;
            return this;
        }

        /**
         * @param publicIngress whether to add one public subnet per zone (group {@code Ingress}, routed
         *     to an internet gateway, no public IP on launch) after every other group, for an
         *     internet-facing ECS Express Mode service: Express puts its Application Load Balancer and
         *     its tasks in the same subnets, and public subnets give an internet-facing load balancer and
         *     tasks with public IP addresses
         *     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html).
         *     The tasks then reach ECR, CloudWatch Logs and Secrets Manager through the internet
         *     gateway, without NAT; their security groups admit only the load balancer. The private
         *     subnets keep their logical ids and CIDRs. No cost by itself (an internet gateway is free;
         *     public IPv4 addresses are charged per hour, https://aws.amazon.com/vpc/pricing/).
         *     Default: false
         * @return this builder
         */
        public Builder publicIngress(final Boolean publicIngress) {
            this.publicIngress = publicIngress;
            return this;
        }

        /**
         * @param ingressSubnetCidrMask the prefix length of each public ingress subnet, from the VPC's
         *     prefix to 27: an Application Load Balancer needs a /27 or larger subnet with at least 8
         *     free addresses (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer),
         *     and each task takes one. Only with {@code publicIngress}. Default: 26
         * @return this builder
         */
        public Builder ingressSubnetCidrMask(final Integer ingressSubnetCidrMask) {
            this.ingressSubnetCidrMask = ingressSubnetCidrMask;
            return this;
        }

        /**
         * @param fargateEndpoints whether to create what ECS tasks (an Express Mode service) in
         *     private-isolated subnets need to start without NAT: interface endpoints for the ECR API
         *     ({@code ecr.api}), ECR Docker ({@code ecr.dkr}) and CloudWatch Logs ({@code logs}), each
         *     like those of {@code interfaceEndpoints} (private DNS, HTTPS from the VPC's CIDR, in
         *     {@link NetworkStack#getServiceSubnets()}), and the S3 gateway endpoint, where ECR keeps
         *     the image layers (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html).
         *     Secrets Manager's endpoint is {@code secretsManagerEndpoint}'s. Not with those services
         *     in {@code interfaceEndpoints}, nor with {@code s3GatewayEndpoint(false)}. Three interface
         *     endpoints cost about USD 0.03 per hour per zone (about USD 44 per month with 2 zones) plus
         *     USD 0.01 per GB (us-east-1 list prices, https://aws.amazon.com/privatelink/pricing/).
         *     Default: false
         * @return this builder
         */
        public Builder fargateEndpoints(final Boolean fargateEndpoints) {
            this.fargateEndpoints = fargateEndpoints;
            return this;
        }

        /**
         * @param compliance a compliance profile: {@link Compliance#controlTower()} meets the AWS Control
         *     Tower proactive controls (docs/security.md, "Compliance", lists what it changes and costs).
         *     Give every stack of the app the same profile. Default: - none
         * @return this builder
         */
        public Builder compliance(final Compliance compliance) {
            this.compliance = compliance;
            return this;
        }

        /** @return the props */
        public NetworkStackProps build() {
            return new NetworkStackProps(this);
        }
    }
}
