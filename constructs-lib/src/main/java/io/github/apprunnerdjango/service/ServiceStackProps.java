package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.CommonStackProps;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/** Props of {@link ServiceStack}. Required: vpc (or vpcAttributes), database (or databaseAttributes) and image. */
public final class ServiceStackProps extends CommonStackProps {
    private final IVpc vpc;
    private final SubnetSelection vpcSubnets;
    private final ISecurityGroup databaseClientSecurityGroup;
    private final ISecret databaseSecret;
    private final ISecret superuserSecret;
    private final ISecret secretKeySecret;
    private final ImageSource image;
    private final String serviceName;
    private final Cpu cpu;
    private final Memory memory;
    private final Integer port;
    private final List<String> startCommand;
    private final String domainName;
    private final IHostedZone hostedZone;
    private final List<String> allowedHosts;
    private final String healthCheckPath;
    private final Duration healthCheckInterval;
    private final Duration healthCheckTimeout;
    private final Integer healthyThreshold;
    private final Integer unhealthyThreshold;
    private final Integer minSize;
    private final Integer maxSize;
    private final Integer maxConcurrency;
    private final Boolean tracing;
    private final Boolean tracingEndpoint;
    private final IWebACLRef webAcl;
    private final Boolean defaultWebAcl;
    private final Boolean privateEndpoint;
    private final Boolean redeployOnRotation;
    private final IDjangoDatabase database;
    private final DjangoDatabaseAttributes databaseAttributes;
    private final VpcAttributes vpcAttributes;
    private final HostedZoneAttributes hostedZoneAttributes;
    private final Map<String, String> environment;
    private final Map<String, ServiceSecret> secrets;
    private final List<PolicyStatement> instanceRolePolicyStatements;
    private final Integer domainRecordWeight;

    private ServiceStackProps(final Builder b) {
        super(b);
        this.vpc = b.vpc;
        this.vpcSubnets = b.vpcSubnets;
        this.databaseClientSecurityGroup = b.databaseClientSecurityGroup;
        this.databaseSecret = b.databaseSecret;
        this.superuserSecret = b.superuserSecret;
        this.secretKeySecret = b.secretKeySecret;
        this.image = b.image;
        this.serviceName = b.serviceName;
        this.cpu = b.cpu;
        this.memory = b.memory;
        this.port = b.port;
        this.startCommand = copy(b.startCommand);
        this.domainName = b.domainName;
        this.hostedZone = b.hostedZone;
        this.allowedHosts = copy(b.allowedHosts);
        this.healthCheckPath = b.healthCheckPath;
        this.healthCheckInterval = b.healthCheckInterval;
        this.healthCheckTimeout = b.healthCheckTimeout;
        this.healthyThreshold = b.healthyThreshold;
        this.unhealthyThreshold = b.unhealthyThreshold;
        this.minSize = b.minSize;
        this.maxSize = b.maxSize;
        this.maxConcurrency = b.maxConcurrency;
        this.tracing = b.tracing;
        this.tracingEndpoint = b.tracingEndpoint;
        this.webAcl = b.webAcl;
        this.defaultWebAcl = b.defaultWebAcl;
        this.privateEndpoint = b.privateEndpoint;
        this.redeployOnRotation = b.redeployOnRotation;
        this.database = b.database;
        this.databaseAttributes = b.databaseAttributes;
        this.vpcAttributes = b.vpcAttributes;
        this.hostedZoneAttributes = b.hostedZoneAttributes;
        this.environment = b.environment == null ? null : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.environment));
        this.secrets = b.secrets == null ? null : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.secrets));
        this.instanceRolePolicyStatements = copy(b.instanceRolePolicyStatements);
        this.domainRecordWeight = b.domainRecordWeight;
    }

    /** An unmodifiable copy that keeps null elements, so that validation can report them. */
    private static <T> List<T> copy(final List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the VPC of the VPC connector: NetworkStack.getVpc() or an imported VPC. Required unless vpcAttributes is given. */
    public IVpc getVpc() {
        return vpc;
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

    /** @return where the image comes from: ImageSource.buildAndPush, fromEcr or fromAsset. Required. */
    public ImageSource getImage() {
        return image;
    }

    /** @return the App Runner service name, 4 to 40 of letters, digits, - and _, starting with a letter or digit. Default: - generated by CloudFormation */
    public String getServiceName() {
        return serviceName;
    }

    /** @return the vCPUs of each instance; with memory, one of App Runner's combinations. Default: {@link Cpu#QUARTER_VCPU} */
    public Cpu getCpu() {
        return cpu;
    }

    /** @return the memory of each instance; with cpu, one of App Runner's combinations. Default: {@link Memory#HALF_GB} */
    public Memory getMemory() {
        return memory;
    }

    /** @return the port the container listens on, 1 to 65535; also passed to the image as DJANGO_PORT (App Runner reserves PORT). Default: 8080 */
    public Integer getPort() {
        return port;
    }

    /** @return the command and its arguments that start the container; each argument made of letters, digits and _@%+=:,./- only (App Runner runs it without a documented shell). Default: - the image's ENTRYPOINT and CMD */
    public List<String> getStartCommand() {
        return startCommand;
    }

    /** @return a custom domain (a sub-domain such as app.example.com) associated with the service. Default: - no custom domain: the service answers on its App Runner domain only */
    public String getDomainName() {
        return domainName;
    }

    /** @return the Route 53 zone holding domainName, where the validation and domain records are created. Default: - the records are stack outputs, to add by hand */
    public IHostedZone getHostedZone() {
        return hostedZone;
    }

    /** @return extra host names Django accepts (ALLOWED_HOSTS), besides the App Runner domain and domainName. Default: - none */
    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    /** @return the HTTP health check path; must start with /. Default: {@code /healthz} */
    public String getHealthCheckPath() {
        return healthCheckPath;
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

    /** @return a REGIONAL AWS WAF web ACL to associate with the service. Default: - none, unless defaultWebAcl is true */
    public IWebACLRef getWebAcl() {
        return webAcl;
    }

    /** @return whether to create and associate a web ACL with AWS managed rule groups (common, known bad inputs, SQL injection, IP reputation). Ignored when webAcl is given. Default: false */
    public Boolean getDefaultWebAcl() {
        return defaultWebAcl;
    }

    /** @return whether the service is reachable only from the VPC, through an interface endpoint for apprunner.requests and a VPC ingress connection. Default: false: public */
    public Boolean getPrivateEndpoint() {
        return privateEndpoint;
    }

    /** @return whether the service redeploys when the database password rotated. Default: true */
    public Boolean getRedeployOnRotation() {
        return redeployOnRotation;
    }

    /** @return the database, one typed value: a {@link io.github.apprunnerdjango.data.DataStack} (read through SSM parameters, no export lock) or an imported one ({@link io.github.apprunnerdjango.data.DjangoDatabase#fromDatabaseAttributes}); it carries the credentials the service must log in with. Default: - databaseAttributes, or the deprecated databaseSecret, superuserSecret, secretKeySecret and databaseClientSecurityGroup */
    public IDjangoDatabase getDatabase() {
        return database;
    }

    /** @return an existing database by its attributes, imported inside this stack. Default: - database */
    public DjangoDatabaseAttributes getDatabaseAttributes() {
        return databaseAttributes;
    }

    /** @return an existing VPC by its attributes (id, zones, subnet ids), imported inside this stack. Default: - vpc */
    public VpcAttributes getVpcAttributes() {
        return vpcAttributes;
    }

    /** @return the Route 53 zone of domainName by id and name, imported inside this stack. Default: - hostedZone */
    public HostedZoneAttributes getHostedZoneAttributes() {
        return hostedZoneAttributes;
    }

    /** @return the app's own plain variables; never PORT, AWSAPPRUNNER*, or a name the library sets (ServiceEnvironment). Default: - none */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** @return the app's own secrets as variables (Secrets Manager, whole or by JSON key, or SSM parameters); the instance role may read exactly these; a change of a Secrets Manager secret redeploys the service. Same name rules as environment. Default: - none */
    public Map<String, ServiceSecret> getSecrets() {
        return secrets;
    }

    /** @return what the app itself may do with AWS (S3, SES, ...), added to the instance role. Default: - nothing beyond the library's needs */
    public List<PolicyStatement> getInstanceRolePolicyStatements() {
        return instanceRolePolicyStatements;
    }

    /**
     * @return with domainName and a hosted zone, the weight (0 to 255) of the domain's record, which
     *     becomes a weighted CNAME with the stack's name as set identifier (TTL 60 s): traffic moves
     *     between this service and another one (an Express Mode service with the same domain) by
     *     weights. Default: - a simple CNAME (TTL 300 s)
     */
    public Integer getDomainRecordWeight() {
        return domainRecordWeight;
    }

    /** Builder of {@link ServiceStackProps}. */
    public static final class Builder extends CommonStackProps.Builder<Builder> {
        private IVpc vpc;
        private SubnetSelection vpcSubnets;
        private ISecurityGroup databaseClientSecurityGroup;
        private ISecret databaseSecret;
        private ISecret superuserSecret;
        private ISecret secretKeySecret;
        private ImageSource image;
        private String serviceName;
        private Cpu cpu;
        private Memory memory;
        private Integer port;
        private List<String> startCommand;
        private String domainName;
        private IHostedZone hostedZone;
        private List<String> allowedHosts;
        private String healthCheckPath;
        private Duration healthCheckInterval;
        private Duration healthCheckTimeout;
        private Integer healthyThreshold;
        private Integer unhealthyThreshold;
        private Integer minSize;
        private Integer maxSize;
        private Integer maxConcurrency;
        private Boolean tracing;
        private Boolean tracingEndpoint;
        private IWebACLRef webAcl;
        private Boolean defaultWebAcl;
        private Boolean privateEndpoint;
        private Boolean redeployOnRotation;
        private IDjangoDatabase database;
        private DjangoDatabaseAttributes databaseAttributes;
        private VpcAttributes vpcAttributes;
        private HostedZoneAttributes hostedZoneAttributes;
        private Map<String, String> environment;
        private Map<String, ServiceSecret> secrets;
        private List<PolicyStatement> instanceRolePolicyStatements;
        private Integer domainRecordWeight;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param vpc the VPC of the VPC connector: NetworkStack.getVpc() or an imported VPC. Required unless vpcAttributes is given.
         * @return this builder
         */
        public Builder vpc(final IVpc vpc) {
            this.vpc = vpc;
            return this;
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
         * @param image where the image comes from: ImageSource.buildAndPush, fromEcr or fromAsset. Required.
         * @return this builder
         */
        public Builder image(final ImageSource image) {
            this.image = image;
            return this;
        }

        /**
         * @param serviceName the App Runner service name, 4 to 40 of letters, digits, - and _, starting with a letter or digit. Default: - generated by CloudFormation
         * @return this builder
         */
        public Builder serviceName(final String serviceName) {
            this.serviceName = serviceName;
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
         * @param port the port the container listens on, 1 to 65535; also passed to the image as DJANGO_PORT (App Runner reserves PORT). Default: 8080
         * @return this builder
         */
        public Builder port(final Integer port) {
            this.port = port;
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
         * @param domainName a custom domain (a sub-domain such as app.example.com) associated with the service. Default: - no custom domain: the service answers on its App Runner domain only
         * @return this builder
         */
        public Builder domainName(final String domainName) {
            this.domainName = domainName;
            return this;
        }

        /**
         * @param hostedZone the Route 53 zone holding domainName, where the validation and domain records are created. Default: - the records are stack outputs, to add by hand
         * @return this builder
         */
        public Builder hostedZone(final IHostedZone hostedZone) {
            this.hostedZone = hostedZone;
            return this;
        }

        /**
         * @param allowedHosts extra host names Django accepts (ALLOWED_HOSTS), besides the App Runner domain and domainName. Default: - none
         * @return this builder
         */
        public Builder allowedHosts(final List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
            return this;
        }

        /**
         * @param healthCheckPath the HTTP health check path; must start with /. Default: {@code /healthz}
         * @return this builder
         */
        public Builder healthCheckPath(final String healthCheckPath) {
            this.healthCheckPath = healthCheckPath;
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
         * @param webAcl a REGIONAL AWS WAF web ACL to associate with the service. Default: - none, unless defaultWebAcl is true
         * @return this builder
         */
        public Builder webAcl(final IWebACLRef webAcl) {
            this.webAcl = webAcl;
            return this;
        }

        /**
         * @param defaultWebAcl whether to create and associate a web ACL with AWS managed rule groups (common, known bad inputs, SQL injection, IP reputation). Ignored when webAcl is given. Default: false
         * @return this builder
         */
        public Builder defaultWebAcl(final Boolean defaultWebAcl) {
            this.defaultWebAcl = defaultWebAcl;
            return this;
        }

        /**
         * @param privateEndpoint whether the service is reachable only from the VPC, through an interface endpoint for apprunner.requests and a VPC ingress connection. Default: false: public
         * @return this builder
         */
        public Builder privateEndpoint(final Boolean privateEndpoint) {
            this.privateEndpoint = privateEndpoint;
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
         * @param database the database, one typed value: a {@link io.github.apprunnerdjango.data.DataStack} (read through SSM parameters, no export lock) or an imported one ({@link io.github.apprunnerdjango.data.DjangoDatabase#fromDatabaseAttributes}); it carries the credentials the service must log in with. Default: - databaseAttributes, or the deprecated databaseSecret, superuserSecret, secretKeySecret and databaseClientSecurityGroup
         * @return this builder
         */
        public Builder database(final IDjangoDatabase database) {
            this.database = database;
            return this;
        }

        /**
         * @param databaseAttributes an existing database by its attributes, imported inside this stack. Default: - database
         * @return this builder
         */
        public Builder databaseAttributes(final DjangoDatabaseAttributes databaseAttributes) {
            this.databaseAttributes = databaseAttributes;
            return this;
        }

        /**
         * @param vpcAttributes an existing VPC by its attributes (id, zones, subnet ids), imported inside this stack. Default: - vpc
         * @return this builder
         */
        public Builder vpcAttributes(final VpcAttributes vpcAttributes) {
            this.vpcAttributes = vpcAttributes;
            return this;
        }

        /**
         * @param hostedZoneAttributes the Route 53 zone of domainName by id and name, imported inside this stack. Default: - hostedZone
         * @return this builder
         */
        public Builder hostedZoneAttributes(final HostedZoneAttributes hostedZoneAttributes) {
            this.hostedZoneAttributes = hostedZoneAttributes;
            return this;
        }

        /**
         * @param environment the app's own plain variables; never PORT, AWSAPPRUNNER*, or a name the library sets (ServiceEnvironment). Default: - none
         * @return this builder
         */
        public Builder environment(final Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * @param secrets the app's own secrets as variables (Secrets Manager, whole or by JSON key, or SSM parameters); the instance role may read exactly these; a change of a Secrets Manager secret redeploys the service. Same name rules as environment. Default: - none
         * @return this builder
         */
        public Builder secrets(final Map<String, ServiceSecret> secrets) {
            this.secrets = secrets;
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
         * @param domainRecordWeight with domainName and a hosted zone, the weight (0 to 255) of the
         *     domain's record, which becomes a weighted CNAME with the stack's name as set identifier
         *     (TTL 60 s): traffic moves between this service and another one (an Express Mode service
         *     with the same domain) by weights (README: Migrating to ECS Express Mode). Setting it on a
         *     deployed simple record updates that record in place. Default: - a simple CNAME (TTL 300 s)
         * @return this builder
         */
        public Builder domainRecordWeight(final Integer domainRecordWeight) {
            this.domainRecordWeight = domainRecordWeight;
            return this;
        }

        /** @return the props */
        public ServiceStackProps build() {
            return new ServiceStackProps(this);
        }
    }
}
