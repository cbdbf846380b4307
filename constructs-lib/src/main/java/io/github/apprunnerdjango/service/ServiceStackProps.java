package io.github.apprunnerdjango.service;

import java.util.List;

import io.github.apprunnerdjango.data.IDjangoDatabase;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/** Props of {@link ServiceStack}. Required: vpc (or vpcAttributes), database (or databaseAttributes) and image. */
public final class ServiceStackProps extends DjangoServiceProps {
    private final SubnetSelection vpcSubnets;
    private final ISecurityGroup databaseClientSecurityGroup;
    private final ISecret databaseSecret;
    private final ISecret superuserSecret;
    private final ISecret secretKeySecret;
    private final Cpu cpu;
    private final Memory memory;
    private final List<String> startCommand;
    private final Duration healthCheckInterval;
    private final Duration healthCheckTimeout;
    private final Integer healthyThreshold;
    private final Integer unhealthyThreshold;
    private final Integer minSize;
    private final Integer maxSize;
    private final Integer maxConcurrency;
    private final Boolean tracing;
    private final Boolean tracingEndpoint;
    private final Boolean redeployOnRotation;
    private final List<PolicyStatement> instanceRolePolicyStatements;
    private final IRole instanceRole;
    private final IRole accessRole;

    private ServiceStackProps(final Builder b) {
        super(b);
        this.vpcSubnets = b.vpcSubnets;
        this.databaseClientSecurityGroup = b.databaseClientSecurityGroup;
        this.databaseSecret = b.databaseSecret;
        this.superuserSecret = b.superuserSecret;
        this.secretKeySecret = b.secretKeySecret;
        this.cpu = b.cpu;
        this.memory = b.memory;
        this.startCommand = copy(b.startCommand);
        this.healthCheckInterval = b.healthCheckInterval;
        this.healthCheckTimeout = b.healthCheckTimeout;
        this.healthyThreshold = b.healthyThreshold;
        this.unhealthyThreshold = b.unhealthyThreshold;
        this.minSize = b.minSize;
        this.maxSize = b.maxSize;
        this.maxConcurrency = b.maxConcurrency;
        this.tracing = b.tracing;
        this.tracingEndpoint = b.tracingEndpoint;
        this.redeployOnRotation = b.redeployOnRotation;
        this.instanceRolePolicyStatements = copy(b.instanceRolePolicyStatements);
        this.instanceRole = b.instanceRole;
        this.accessRole = b.accessRole;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the subnets of the VPC connector (and of the private endpoint). Default: - the VPC's private subnets with egress (NAT) when it has some, its private-isolated subnets otherwise */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * @return the security group allowed into the database, which the VPC connector joins: DataStack.getDatabaseClientSecurityGroup(). Required with the other deprecated database props.
     * @deprecated pass the database as one typed value: {@link Builder#database(IDjangoDatabase)}
     */
    @Deprecated
    public ISecurityGroup getDatabaseClientSecurityGroup() {
        return databaseClientSecurityGroup;
    }

    /**
     * @return the database credentials: DataStack.getServiceDatabaseSecret(). Required with the other deprecated database props.
     * @deprecated pass the database as one typed value: {@link Builder#database(IDjangoDatabase)}
     */
    @Deprecated
    public ISecret getDatabaseSecret() {
        return databaseSecret;
    }

    /**
     * @return the Django superuser: DataStack.getSuperuserSecret(). Required with the other deprecated database props.
     * @deprecated pass the database as one typed value: {@link Builder#database(IDjangoDatabase)}
     */
    @Deprecated
    public ISecret getSuperuserSecret() {
        return superuserSecret;
    }

    /**
     * @return the Django secret key: DataStack.getSecretKeySecret(). Required with the other deprecated database props.
     * @deprecated pass the database as one typed value: {@link Builder#database(IDjangoDatabase)}
     */
    @Deprecated
    public ISecret getSecretKeySecret() {
        return secretKeySecret;
    }

    /** @return the vCPUs of each instance; with memory, one of App Runner's combinations. Default: {@link Cpu#QUARTER_VCPU} */
    public Cpu getCpu() {
        return cpu;
    }

    /** @return the memory of each instance; with cpu, one of App Runner's combinations. Default: {@link Memory#HALF_GB} */
    public Memory getMemory() {
        return memory;
    }

    /** @return the command and its arguments that start the container; each argument made of letters, digits and _@%+=:,./- only (App Runner runs it without a documented shell). Default: - the image's ENTRYPOINT and CMD */
    public List<String> getStartCommand() {
        return startCommand;
    }

    /** @return the time between health checks, 1 to 20 seconds. Default: 10 seconds */
    public Duration getHealthCheckInterval() {
        return healthCheckInterval;
    }

    /** @return the time a health check may take, 1 to 20 seconds. Default: 5 seconds */
    public Duration getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    /** @return the successes before an instance is healthy, 1 to 20. Default: 1 */
    public Integer getHealthyThreshold() {
        return healthyThreshold;
    }

    /** @return the failures before an instance is replaced, 1 to 20. Default: 5 */
    public Integer getUnhealthyThreshold() {
        return unhealthyThreshold;
    }

    /** @return the fewest instances kept provisioned, 1 to 25. Default: 1 */
    public Integer getMinSize() {
        return minSize;
    }

    /** @return the most instances, 1 to 25, at least minSize. Default: 3 */
    public Integer getMaxSize() {
        return maxSize;
    }

    /** @return the concurrent requests per instance before scaling out, 1 to 200. Default: 100 */
    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    /** @return whether AWS X-Ray tracing is on, through an observability configuration. Default: false */
    public Boolean getTracing() {
        return tracing;
    }

    /**
     * @return whether, with tracing on, an X-Ray interface endpoint (private DNS) is created in the
     *     connector's subnets, which spans leave through. Default: true with tracing; set false when
     *     those subnets reach X-Ray another way (NAT, an endpoint of your own)
     */
    public Boolean getTracingEndpoint() {
        return tracingEndpoint;
    }

    /** @return whether the service redeploys when the database password rotated. Default: true */
    public Boolean getRedeployOnRotation() {
        return redeployOnRotation;
    }

    /** @return what the app itself may do with AWS (S3, SES, ...), added to the instance role. Default: - nothing beyond the library's needs */
    public List<PolicyStatement> getInstanceRolePolicyStatements() {
        return instanceRolePolicyStatements;
    }

    /**
     * @return the role the app runs with (trusted by tasks.apprunner.amazonaws.com); Default: - a new
     *     role, with exactly the library's statements and the app's
     */
    public IRole getInstanceRole() {
        return instanceRole;
    }

    /**
     * @return the role App Runner pulls an ECR image with (trusted by build.apprunner.amazonaws.com);
     *     Default: - a new role for ECR images, none for public images
     */
    public IRole getAccessRole() {
        return accessRole;
    }

    /** Builder of {@link ServiceStackProps}. */
    public static final class Builder extends DjangoServiceProps.Builder<Builder> {
        private SubnetSelection vpcSubnets;
        private ISecurityGroup databaseClientSecurityGroup;
        private ISecret databaseSecret;
        private ISecret superuserSecret;
        private ISecret secretKeySecret;
        private Cpu cpu;
        private Memory memory;
        private List<String> startCommand;
        private Duration healthCheckInterval;
        private Duration healthCheckTimeout;
        private Integer healthyThreshold;
        private Integer unhealthyThreshold;
        private Integer minSize;
        private Integer maxSize;
        private Integer maxConcurrency;
        private Boolean tracing;
        private Boolean tracingEndpoint;
        private Boolean redeployOnRotation;
        private List<PolicyStatement> instanceRolePolicyStatements;
        private IRole instanceRole;
        private IRole accessRole;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        // 0.1.0's setters, declared here again with this builder as their return type: code compiled
        // against 0.1.0 calls exactly these descriptors (BinaryCompatibilityTest); their documentation
        // and behaviour are DjangoServiceProps.Builder's.

        @Override
        public Builder vpc(final IVpc vpc) {
            return super.vpc(vpc);
        }

        @Override
        public Builder privateEndpoint(final Boolean privateEndpoint) {
            return super.privateEndpoint(privateEndpoint);
        }

        @Override
        public Builder image(final ImageSource image) {
            return super.image(image);
        }

        @Override
        public Builder serviceName(final String serviceName) {
            return super.serviceName(serviceName);
        }

        @Override
        public Builder port(final Integer port) {
            return super.port(port);
        }

        @Override
        public Builder healthCheckPath(final String healthCheckPath) {
            return super.healthCheckPath(healthCheckPath);
        }

        @Override
        public Builder domainName(final String domainName) {
            return super.domainName(domainName);
        }

        @Override
        public Builder hostedZone(final IHostedZone hostedZone) {
            return super.hostedZone(hostedZone);
        }

        @Override
        public Builder allowedHosts(final List<String> allowedHosts) {
            return super.allowedHosts(allowedHosts);
        }

        @Override
        public Builder webAcl(final IWebACLRef webAcl) {
            return super.webAcl(webAcl);
        }

        @Override
        public Builder defaultWebAcl(final Boolean defaultWebAcl) {
            return super.defaultWebAcl(defaultWebAcl);
        }

        /**
         * @param vpcSubnets the subnets of the VPC connector (and of the private endpoint). Default: - the VPC's private subnets with egress (NAT) when it has some, its private-isolated subnets otherwise
         * @return this builder
         */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @param databaseClientSecurityGroup the security group allowed into the database, which the VPC connector joins: DataStack.getDatabaseClientSecurityGroup(). Required with the other deprecated database props.
         * @return this builder
         * @deprecated pass the database as one typed value: {@link #database(IDjangoDatabase)}, which
         *     carries the right credentials (the application user's with alternating users)
         */
        @Deprecated
        public Builder databaseClientSecurityGroup(final ISecurityGroup databaseClientSecurityGroup) {
            this.databaseClientSecurityGroup = databaseClientSecurityGroup;
            return this;
        }

        /**
         * @param databaseSecret the database credentials: DataStack.getServiceDatabaseSecret(). Required with the other deprecated database props.
         * @return this builder
         * @deprecated pass the database as one typed value: {@link #database(IDjangoDatabase)}, which
         *     carries the right credentials (the application user's with alternating users)
         */
        @Deprecated
        public Builder databaseSecret(final ISecret databaseSecret) {
            this.databaseSecret = databaseSecret;
            return this;
        }

        /**
         * @param superuserSecret the Django superuser: DataStack.getSuperuserSecret(). Required with the other deprecated database props.
         * @return this builder
         * @deprecated pass the database as one typed value: {@link #database(IDjangoDatabase)}, which
         *     carries the right credentials (the application user's with alternating users)
         */
        @Deprecated
        public Builder superuserSecret(final ISecret superuserSecret) {
            this.superuserSecret = superuserSecret;
            return this;
        }

        /**
         * @param secretKeySecret the Django secret key: DataStack.getSecretKeySecret(). Required with the other deprecated database props.
         * @return this builder
         * @deprecated pass the database as one typed value: {@link #database(IDjangoDatabase)}, which
         *     carries the right credentials (the application user's with alternating users)
         */
        @Deprecated
        public Builder secretKeySecret(final ISecret secretKeySecret) {
            this.secretKeySecret = secretKeySecret;
            return this;
        }

        /**
         * @param cpu the vCPUs of each instance; with memory, one of App Runner's combinations. Default: {@link Cpu#QUARTER_VCPU}
         * @return this builder
         */
        public Builder cpu(final Cpu cpu) {
            this.cpu = cpu;
            return this;
        }

        /**
         * @param memory the memory of each instance; with cpu, one of App Runner's combinations. Default: {@link Memory#HALF_GB}
         * @return this builder
         */
        public Builder memory(final Memory memory) {
            this.memory = memory;
            return this;
        }

        /**
         * @param startCommand the command and its arguments that start the container; each argument made of letters, digits and _@%+=:,./- only (App Runner runs it without a documented shell). Default: - the image's ENTRYPOINT and CMD
         * @return this builder
         */
        public Builder startCommand(final List<String> startCommand) {
            this.startCommand = startCommand;
            return this;
        }

        /**
         * @param healthCheckInterval the time between health checks, 1 to 20 seconds. Default: 10 seconds
         * @return this builder
         */
        public Builder healthCheckInterval(final Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
            return this;
        }

        /**
         * @param healthCheckTimeout the time a health check may take, 1 to 20 seconds. Default: 5 seconds
         * @return this builder
         */
        public Builder healthCheckTimeout(final Duration healthCheckTimeout) {
            this.healthCheckTimeout = healthCheckTimeout;
            return this;
        }

        /**
         * @param healthyThreshold the successes before an instance is healthy, 1 to 20. Default: 1
         * @return this builder
         */
        public Builder healthyThreshold(final Integer healthyThreshold) {
            this.healthyThreshold = healthyThreshold;
            return this;
        }

        /**
         * @param unhealthyThreshold the failures before an instance is replaced, 1 to 20. Default: 5
         * @return this builder
         */
        public Builder unhealthyThreshold(final Integer unhealthyThreshold) {
            this.unhealthyThreshold = unhealthyThreshold;
            return this;
        }

        /**
         * @param minSize the fewest instances kept provisioned, 1 to 25. Default: 1
         * @return this builder
         */
        public Builder minSize(final Integer minSize) {
            this.minSize = minSize;
            return this;
        }

        /**
         * @param maxSize the most instances, 1 to 25, at least minSize. Default: 3
         * @return this builder
         */
        public Builder maxSize(final Integer maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        /**
         * @param maxConcurrency the concurrent requests per instance before scaling out, 1 to 200. Default: 100
         * @return this builder
         */
        public Builder maxConcurrency(final Integer maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * @param tracing whether AWS X-Ray tracing is on, through an observability configuration. Default: false
         * @return this builder
         */
        public Builder tracing(final Boolean tracing) {
            this.tracing = tracing;
            return this;
        }

        /**
         * @param tracingEndpoint whether, with tracing on, an X-Ray interface endpoint (private DNS) is
         *     created in the connector's subnets, which spans leave through. Default: true with tracing;
         *     set false when those subnets reach X-Ray another way (NAT, an endpoint of your own)
         * @return this builder
         */
        public Builder tracingEndpoint(final Boolean tracingEndpoint) {
            this.tracingEndpoint = tracingEndpoint;
            return this;
        }

        /**
         * @param redeployOnRotation whether the service redeploys when the database secret's rotation
         *     succeeds, so that new instances read the new password (App Runner resolves secrets only
         *     when it deploys): an EventBridge rule and a one-step state machine. Default: true
         * @return this builder
         */
        public Builder redeployOnRotation(final Boolean redeployOnRotation) {
            this.redeployOnRotation = redeployOnRotation;
            return this;
        }

        /**
         * @param instanceRolePolicyStatements what the app itself may do with AWS (S3, SES, ...), added to the instance role. Default: - nothing beyond the library's needs
         * @return this builder
         */
        public Builder instanceRolePolicyStatements(final List<PolicyStatement> instanceRolePolicyStatements) {
            this.instanceRolePolicyStatements = instanceRolePolicyStatements;
            return this;
        }

        /**
         * @param instanceRole the role the app runs with, for teams with pre-made roles or permission
         *     boundaries; it must trust tasks.apprunner.amazonaws.com. The library adds its statements
         *     (secrets, X-Ray) to it when it is mutable. Default: - a new role
         * @return this builder
         */
        public Builder instanceRole(final IRole instanceRole) {
            this.instanceRole = instanceRole;
            return this;
        }

        /**
         * @param accessRole the role App Runner pulls an ECR image with; it must trust
         *     build.apprunner.amazonaws.com. Default: - a new role for ECR images
         * @return this builder
         */
        public Builder accessRole(final IRole accessRole) {
            this.accessRole = accessRole;
            return this;
        }

        /** @return the props */
        public ServiceStackProps build() {
            return new ServiceStackProps(this);
        }
    }
}
