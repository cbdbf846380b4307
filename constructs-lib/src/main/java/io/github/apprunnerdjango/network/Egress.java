package io.github.apprunnerdjango.network;

/**
 * How the App Runner service reaches the internet from {@link NetworkStack}'s VPC. With a VPC
 * connector "all outbound traffic" of the application goes through the VPC
 * (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html), so without egress the app
 * reaches only the VPC and its endpoints: e-mail over SMTP, S3 media, payment, OAuth or error
 * reporting calls time out.
 *
 * <p>Prices below are us-east-1 list prices, check your Region: NAT gateways at
 * https://aws.amazon.com/vpc/pricing/, interface endpoints at https://aws.amazon.com/privatelink/pricing/.
 *
 * <ul>
 *   <li>{@link #none()}: private-isolated subnets only, no internet gateway, no NAT. No cost. The
 *       app reaches AWS services only through the VPC endpoints you create
 *       ({@code s3GatewayEndpoint}, {@code interfaceEndpoints}).</li>
 *   <li>{@link #natGateway()}: one NAT gateway, in the first zone's public subnet; the connector's
 *       subnets in every zone route through it. About USD 0.045 per hour (about USD 32 per month)
 *       plus USD 0.045 per GB processed. If its zone fails, the app loses egress in every zone.</li>
 *   <li>{@link #natGatewayPerAz()}: one NAT gateway in each zone, each zone's connector subnet
 *       routed through its own. The same price per NAT gateway, times the number of zones.</li>
 * </ul>
 *
 * <p>With a NAT gateway the VPC gets, after the private-isolated subnets, one private-with-egress
 * subnet per zone (where the VPC connector belongs: {@link NetworkStack#getServiceSubnets()}) and one
 * public subnet per zone (the NAT gateways and the internet gateway's route; instances launched
 * there get no public IP). Aurora and rotation stay in the private-isolated subnets.
 */
public final class Egress {
    private static final Egress NONE = new Egress(Kind.NONE);
    private static final Egress NAT_GATEWAY = new Egress(Kind.NAT_GATEWAY);
    private static final Egress NAT_GATEWAY_PER_AZ = new Egress(Kind.NAT_GATEWAY_PER_AZ);

    /** The egress choices. */
    public enum Kind {
        /** No route out of the VPC. */
        NONE,
        /** One NAT gateway shared by every zone. */
        NAT_GATEWAY,
        /** One NAT gateway in each zone. */
        NAT_GATEWAY_PER_AZ
    }

    private final Kind kind;

    private Egress(final Kind kind) {
        this.kind = kind;
    }

    /**
     * No egress: private-isolated subnets only, no internet gateway and no NAT gateway (no cost).
     * The default.
     *
     * @return the choice
     */
    public static Egress none() {
        return NONE;
    }

    /**
     * One NAT gateway for the whole VPC: about USD 0.045 per hour (about USD 32 per month) plus USD
     * 0.045 per GB processed (us-east-1 list prices, check your Region:
     * https://aws.amazon.com/vpc/pricing/). Its zone is a single point of failure for egress.
     *
     * @return the choice
     */
    public static Egress natGateway() {
        return NAT_GATEWAY;
    }

    /**
     * One NAT gateway in each zone: about USD 0.045 per hour (about USD 32 per month) each plus USD
     * 0.045 per GB processed (us-east-1 list prices, check your Region:
     * https://aws.amazon.com/vpc/pricing/), so USD 64 per month with the default 2 zones.
     *
     * @return the choice
     */
    public static Egress natGatewayPerAz() {
        return NAT_GATEWAY_PER_AZ;
    }

    /** @return which choice this is */
    public Kind getKind() {
        return kind;
    }

    /** @return whether the VPC gets NAT gateways (and public and private-with-egress subnets) */
    public boolean hasNatGateway() {
        return kind != Kind.NONE;
    }

    /** @return the factory call that gives this choice, such as {@code Egress.natGateway()} */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "Egress.none()";
            case NAT_GATEWAY -> "Egress.natGateway()";
            case NAT_GATEWAY_PER_AZ -> "Egress.natGatewayPerAz()";
        };
    }
}
