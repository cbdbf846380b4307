package io.github.apprunnerdjango.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.apprunnerdjango.CommonStackProps;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Props of {@link NetworkStack}. Every prop is optional; the defaults match the blog set-up. */
public final class NetworkStackProps extends CommonStackProps {
    /** The VPC CIDR used when none is given. */
    public static final String DEFAULT_CIDR = "10.0.0.0/24";
    /** The number of availability zones used when none is given. */
    public static final int DEFAULT_MAX_AZS = 2;
    /** The subnet mask used when none is given. */
    public static final int DEFAULT_SUBNET_CIDR_MASK = 26;

    private final String cidr;
    private final Integer maxAzs;
    private final List<String> availabilityZones;
    private final List<String> availabilityZoneIds;
    private final Integer subnetCidrMask;
    private final Boolean secretsManagerEndpoint;
    private final Boolean flowLogs;
    private final RetentionDays flowLogRetention;

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
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    private static List<String> copyOf(final List<String> list) {
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

    /** Builder of {@link NetworkStackProps}. */
    public static final class Builder extends CommonStackProps.Builder<Builder> {
        private String cidr;
        private Integer maxAzs;
        private List<String> availabilityZones;
        private List<String> availabilityZoneIds;
        private Integer subnetCidrMask;
        private Boolean secretsManagerEndpoint;
        private Boolean flowLogs;
        private RetentionDays flowLogRetention;

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
         *     VPC reaches Secrets Manager otherwise (an endpoint of your own, NAT): without any way,
         *     every rotation times out and nothing reports it. A {@code DataStack} on this VPC then
         *     fails validation unless given your endpoint ({@code secretsManagerEndpoint}) or
         *     {@code secretsManagerReachable(true)}. Default: true
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

        /** @return the props */
        public NetworkStackProps build() {
            return new NetworkStackProps(this);
        }
    }
}
