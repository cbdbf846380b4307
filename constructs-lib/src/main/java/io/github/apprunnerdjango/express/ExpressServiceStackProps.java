package io.github.apprunnerdjango.express;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.CommonStackProps;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceSecret;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;

/** Props of {@link ExpressServiceStack}. Required: vpc (or vpcAttributes), database (or databaseAttributes) and image. */
public final class ExpressServiceStackProps extends CommonStackProps {
    private final IVpc vpc;
    private final VpcAttributes vpcAttributes;
    private final SubnetSelection vpcSubnets;
    private final Boolean privateEndpoint;
    private final IDjangoDatabase database;
    private final DjangoDatabaseAttributes databaseAttributes;
    private final ImageSource image;
    private final String serviceName;
    private final ICluster cluster;
    private final Integer cpu;
    private final Integer memory;
    private final Integer port;
    private final List<String> command;
    private final String healthCheckPath;
    private final Integer minTasks;
    private final Integer maxTasks;
    private final ScalingMetric scalingMetric;
    private final Integer scalingTarget;
    private final String domainName;
    private final IHostedZone hostedZone;
    private final HostedZoneAttributes hostedZoneAttributes;
    private final ICertificate certificate;
    private final Integer domainRecordWeight;
    private final List<String> allowedHosts;
    private final IWebACLRef webAcl;
    private final Boolean defaultWebAcl;
    private final Boolean redeployOnRotation;
    private final Boolean redeployOnImagePush;
    private final Map<String, String> environment;
    private final Map<String, ServiceSecret> secrets;
    private final List<PolicyStatement> taskRolePolicyStatements;
    private final RetentionDays logRetention;

    private ExpressServiceStackProps(final Builder b) {
        super(b);
        this.vpc = b.vpc;
        this.vpcAttributes = b.vpcAttributes;
        this.vpcSubnets = b.vpcSubnets;
        this.privateEndpoint = b.privateEndpoint;
        this.database = b.database;
        this.databaseAttributes = b.databaseAttributes;
        this.image = b.image;
        this.serviceName = b.serviceName;
        this.cluster = b.cluster;
        this.cpu = b.cpu;
        this.memory = b.memory;
        this.port = b.port;
        this.command = copy(b.command);
        this.healthCheckPath = b.healthCheckPath;
        this.minTasks = b.minTasks;
        this.maxTasks = b.maxTasks;
        this.scalingMetric = b.scalingMetric;
        this.scalingTarget = b.scalingTarget;
        this.domainName = b.domainName;
        this.hostedZone = b.hostedZone;
        this.hostedZoneAttributes = b.hostedZoneAttributes;
        this.certificate = b.certificate;
        this.domainRecordWeight = b.domainRecordWeight;
        this.allowedHosts = copy(b.allowedHosts);
        this.webAcl = b.webAcl;
        this.defaultWebAcl = b.defaultWebAcl;
        this.redeployOnRotation = b.redeployOnRotation;
        this.redeployOnImagePush = b.redeployOnImagePush;
        this.environment = b.environment == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.secrets = b.secrets == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
        this.taskRolePolicyStatements = copy(b.taskRolePolicyStatements);
        this.logRetention = b.logRetention;
    }

    /** An unmodifiable copy that keeps null elements, so that validation can report them. */
    private static <T> List<T> copy(final List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the VPC the service's load balancer and tasks run in: NetworkStack.getVpc() or an imported VPC, the database's. Required unless vpcAttributes is given */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return an existing VPC by its attributes (id, zones, subnet ids), imported inside this stack. Default: - vpc */
    public VpcAttributes getVpcAttributes() {
        return vpcAttributes;
    }

    /** @return the subnets of the load balancer and the tasks (Express uses the same ones for both), one per zone in every zone of the VPC; public subnets for a public service, private or isolated ones for a private one. Default: - a public service: NetworkStack's public ingress subnets (publicIngress), else the VPC's public subnets; a private service: the private subnets with egress (NAT) when the VPC has some, else its private-isolated subnets */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /** @return whether the service is reachable only from the VPC: an internal load balancer in private or isolated subnets. Default: false: an internet-facing load balancer in public subnets, the tasks with public IP addresses (their security groups admit only the load balancer) */
    public Boolean getPrivateEndpoint() {
        return privateEndpoint;
    }

    /** @return the database, one typed value: a {@link io.github.apprunnerdjango.data.DataStack} (read through SSM parameters, no export lock) or an imported one ({@link io.github.apprunnerdjango.data.DjangoDatabase#fromDatabaseAttributes}); the tasks join its client security group. Default: - databaseAttributes */
    public IDjangoDatabase getDatabase() {
        return database;
    }

    /** @return an existing database by its attributes, imported inside this stack. Default: - database */
    public DjangoDatabaseAttributes getDatabaseAttributes() {
        return databaseAttributes;
    }

    /** @return where the image comes from: ImageSource.buildAndPush, fromEcr, fromEcrRepositoryName or fromAsset (linux/amd64). Required */
    public ImageSource getImage() {
        return image;
    }

    /** @return the Express service's name, 1 to 255 of letters, digits, - and _; ECS keeps a deleted service's name reserved, so a fixed name cannot be reused after the stack is deleted. Default: - generated by ECS */
    public String getServiceName() {
        return serviceName;
    }

    /** @return the ECS cluster of the service (with Fargate capacity). Default: - ECS's default cluster, which Express creates if the account has none */
    public ICluster getCluster() {
        return cluster;
    }

    /** @return the CPU units of each task, 256 (0.25 vCPU), 512, 1024, 2048 or 4096; with memory, a Fargate combination. Default: 256, set explicitly (AWS's pages disagree on Express's own default) */
    public Integer getCpu() {
        return cpu;
    }

    /** @return the memory of each task in MiB, with cpu a Fargate combination, 512 to 8192. Default: 512, set explicitly */
    public Integer getMemory() {
        return memory;
    }

    /** @return the port the container listens on, 1 to 65535; also passed to the image as DJANGO_PORT. Default: 8080 */
    public Integer getPort() {
        return port;
    }

    /** @return the container's command (Docker CMD; the image's ENTRYPOINT still runs), one argument per element. Default: - the image's CMD */
    public List<String> getCommand() {
        return command;
    }

    /** @return the load balancer's HTTP health check path: starts with /, at most 1024 characters, no spaces. Default: {@code /healthz}, set explicitly (Express's own default differs between AWS's pages) */
    public String getHealthCheckPath() {
        return healthCheckPath;
    }

    /** @return the fewest tasks, at least 1. Default: 1 */
    public Integer getMinTasks() {
        return minTasks;
    }

    /** @return the most tasks, at least minTasks. Default: 3 */
    public Integer getMaxTasks() {
        return maxTasks;
    }

    /** @return the metric target tracking keeps at scalingTarget. Default: {@link ScalingMetric#AVERAGE_CPU} */
    public ScalingMetric getScalingMetric() {
        return scalingMetric;
    }

    /** @return the metric's target value: a percentage (1 to 100) for CPU and memory, requests per target (1 or more) for REQUEST_COUNT_PER_TARGET. Default: 60 */
    public Integer getScalingTarget() {
        return scalingTarget;
    }

    /** @return a custom domain (such as app.example.com) on the service's load balancer: a certificate on its HTTPS listener and the domain in its listener rule's host header. Default: - no custom domain: the service answers on its Express endpoint only */
    public String getDomainName() {
        return domainName;
    }

    /** @return the Route 53 zone of domainName, where the certificate is validated and the domain's alias record is created. Default: - certificate must be given, and the domain routed by hand (a CNAME to the load balancer, stack output) */
    public IHostedZone getHostedZone() {
        return hostedZone;
    }

    /** @return the Route 53 zone of domainName by id and name, imported inside this stack. Default: - hostedZone */
    public HostedZoneAttributes getHostedZoneAttributes() {
        return hostedZoneAttributes;
    }

    /** @return an issued ACM certificate for domainName, in the service's region, when the domain has no hosted zone here. Default: - with a hosted zone, a DNS-validated certificate is created */
    public ICertificate getCertificate() {
        return certificate;
    }

    /** @return with domainName and a hosted zone, the weight (0 to 255) of the domain's record, which becomes a weighted CNAME to the load balancer with the stack's name as set identifier (TTL 60 s), to pair with an App Runner service's weighted CNAME during a migration (Route 53 weighs records of one name and one type). Default: - a simple alias A record to the load balancer */
    public Integer getDomainRecordWeight() {
        return domainRecordWeight;
    }

    /** @return extra host names Django accepts (ALLOWED_HOSTS), besides the Express endpoints (.ecs.&lt;region&gt;.on.aws) and domainName. Default: - none */
    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    /** @return a REGIONAL AWS WAF web ACL to associate with the service's load balancer, which up to 25 Express services of the VPC share. Default: - none, unless defaultWebAcl is true */
    public IWebACLRef getWebAcl() {
        return webAcl;
    }

    /** @return whether to create and associate a web ACL with AWS managed rule groups (common, known bad inputs, SQL injection, and IP reputation for a public service). Ignored when webAcl is given. Default: false */
    public Boolean getDefaultWebAcl() {
        return defaultWebAcl;
    }

    /** @return whether the service redeploys (a forced new deployment: new tasks resolve the secrets anew) when any secret it reads gets a new current version. Default: true */
    public Boolean getRedeployOnRotation() {
        return redeployOnRotation;
    }

    /** @return whether a push of the image's tag to its ECR repository forces a new deployment (ECR's PUSH event, https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html), as App Runner's automatic deployments do: Express deploys when the service's configuration changes, and a pushed tag (buildAndPush, fromEcr with a tag) does not change it. Ignored for a digest or a CDK asset, whose URI changes with the image. Default: true */
    public Boolean getRedeployOnImagePush() {
        return redeployOnImagePush;
    }

    /** @return the app's own plain variables; never a name the library sets (ServiceEnvironment). Default: - none */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** @return the app's own secrets as variables (Secrets Manager, whole or by JSON key, or SSM parameters); the execution role may read exactly these; a change of a Secrets Manager secret redeploys the service. Same name rules as environment. Default: - none */
    public Map<String, ServiceSecret> getSecrets() {
        return secrets;
    }

    /** @return what the app itself may do with AWS (S3, SES, ...), added to the task role. Default: - nothing */
    public List<PolicyStatement> getTaskRolePolicyStatements() {
        return taskRolePolicyStatements;
    }

    /** @return how long the container's logs are kept. Default: {@link RetentionDays#THREE_MONTHS} */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /** Builder of {@link ExpressServiceStackProps}. */
    public static final class Builder extends CommonStackProps.Builder<Builder> {
        private IVpc vpc;
        private VpcAttributes vpcAttributes;
        private SubnetSelection vpcSubnets;
        private Boolean privateEndpoint;
        private IDjangoDatabase database;
        private DjangoDatabaseAttributes databaseAttributes;
        private ImageSource image;
        private String serviceName;
        private ICluster cluster;
        private Integer cpu;
        private Integer memory;
        private Integer port;
        private List<String> command;
        private String healthCheckPath;
        private Integer minTasks;
        private Integer maxTasks;
        private ScalingMetric scalingMetric;
        private Integer scalingTarget;
        private String domainName;
        private IHostedZone hostedZone;
        private HostedZoneAttributes hostedZoneAttributes;
        private ICertificate certificate;
        private Integer domainRecordWeight;
        private List<String> allowedHosts;
        private IWebACLRef webAcl;
        private Boolean defaultWebAcl;
        private Boolean redeployOnRotation;
        private Boolean redeployOnImagePush;
        private Map<String, String> environment;
        private Map<String, ServiceSecret> secrets;
        private List<PolicyStatement> taskRolePolicyStatements;
        private RetentionDays logRetention;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param vpc the VPC the service's load balancer and tasks run in: NetworkStack.getVpc() or an imported VPC, the database's. Required unless vpcAttributes is given
         * @return this builder
         */
        public Builder vpc(final IVpc vpc) {
            this.vpc = vpc;
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
         * @param vpcSubnets the subnets of the load balancer and the tasks (Express uses the same ones for both), one per zone in every zone of the VPC; public subnets for a public service, private or isolated ones for a private one. Default: - a public service: NetworkStack's public ingress subnets (publicIngress), else the VPC's public subnets; a private service: the private subnets with egress (NAT) when the VPC has some, else its private-isolated subnets
         * @return this builder
         */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @param privateEndpoint whether the service is reachable only from the VPC: an internal load balancer in private or isolated subnets. Default: false: an internet-facing load balancer in public subnets, the tasks with public IP addresses (their security groups admit only the load balancer)
         * @return this builder
         */
        public Builder privateEndpoint(final Boolean privateEndpoint) {
            this.privateEndpoint = privateEndpoint;
            return this;
        }

        /**
         * @param database the database, one typed value: a {@link io.github.apprunnerdjango.data.DataStack} (read through SSM parameters, no export lock) or an imported one ({@link io.github.apprunnerdjango.data.DjangoDatabase#fromDatabaseAttributes}); the tasks join its client security group. Default: - databaseAttributes
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
         * @param image where the image comes from: ImageSource.buildAndPush, fromEcr, fromEcrRepositoryName or fromAsset (linux/amd64). Required
         * @return this builder
         */
        public Builder image(final ImageSource image) {
            this.image = image;
            return this;
        }

        /**
         * @param serviceName the Express service's name, 1 to 255 of letters, digits, - and _; ECS keeps a deleted service's name reserved, so a fixed name cannot be reused after the stack is deleted. Default: - generated by ECS
         * @return this builder
         */
        public Builder serviceName(final String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /**
         * @param cluster the ECS cluster of the service (with Fargate capacity). Default: - ECS's default cluster, which Express creates if the account has none
         * @return this builder
         */
        public Builder cluster(final ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * @param cpu the CPU units of each task, 256 (0.25 vCPU), 512, 1024, 2048 or 4096; with memory, a Fargate combination. Default: 256, set explicitly (AWS's pages disagree on Express's own default)
         * @return this builder
         */
        public Builder cpu(final Integer cpu) {
            this.cpu = cpu;
            return this;
        }

        /**
         * @param memory the memory of each task in MiB, with cpu a Fargate combination, 512 to 8192. Default: 512, set explicitly
         * @return this builder
         */
        public Builder memory(final Integer memory) {
            this.memory = memory;
            return this;
        }

        /**
         * @param port the port the container listens on, 1 to 65535; also passed to the image as DJANGO_PORT. Default: 8080
         * @return this builder
         */
        public Builder port(final Integer port) {
            this.port = port;
            return this;
        }

        /**
         * @param command the container's command (Docker CMD; the image's ENTRYPOINT still runs), one argument per element. Default: - the image's CMD
         * @return this builder
         */
        public Builder command(final List<String> command) {
            this.command = command;
            return this;
        }

        /**
         * @param healthCheckPath the load balancer's HTTP health check path: starts with /, at most 1024 characters, no spaces. Default: {@code /healthz}, set explicitly (Express's own default differs between AWS's pages)
         * @return this builder
         */
        public Builder healthCheckPath(final String healthCheckPath) {
            this.healthCheckPath = healthCheckPath;
            return this;
        }

        /**
         * @param minTasks the fewest tasks, at least 1. Default: 1
         * @return this builder
         */
        public Builder minTasks(final Integer minTasks) {
            this.minTasks = minTasks;
            return this;
        }

        /**
         * @param maxTasks the most tasks, at least minTasks. Default: 3
         * @return this builder
         */
        public Builder maxTasks(final Integer maxTasks) {
            this.maxTasks = maxTasks;
            return this;
        }

        /**
         * @param scalingMetric the metric target tracking keeps at scalingTarget. Default: {@link ScalingMetric#AVERAGE_CPU}
         * @return this builder
         */
        public Builder scalingMetric(final ScalingMetric scalingMetric) {
            this.scalingMetric = scalingMetric;
            return this;
        }

        /**
         * @param scalingTarget the metric's target value: a percentage (1 to 100) for CPU and memory, requests per target (1 or more) for REQUEST_COUNT_PER_TARGET. Default: 60
         * @return this builder
         */
        public Builder scalingTarget(final Integer scalingTarget) {
            this.scalingTarget = scalingTarget;
            return this;
        }

        /**
         * @param domainName a custom domain (such as app.example.com) on the service's load balancer: a certificate on its HTTPS listener and the domain in its listener rule's host header. Default: - no custom domain: the service answers on its Express endpoint only
         * @return this builder
         */
        public Builder domainName(final String domainName) {
            this.domainName = domainName;
            return this;
        }

        /**
         * @param hostedZone the Route 53 zone of domainName, where the certificate is validated and the domain's alias record is created. Default: - certificate must be given, and the domain routed by hand (a CNAME to the load balancer, stack output)
         * @return this builder
         */
        public Builder hostedZone(final IHostedZone hostedZone) {
            this.hostedZone = hostedZone;
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
         * @param certificate an issued ACM certificate for domainName, in the service's region, when the domain has no hosted zone here. Default: - with a hosted zone, a DNS-validated certificate is created
         * @return this builder
         */
        public Builder certificate(final ICertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /**
         * @param domainRecordWeight with domainName and a hosted zone, the weight (0 to 255) of the domain's record, which becomes a weighted CNAME to the load balancer with the stack's name as set identifier (TTL 60 s), to pair with an App Runner service's weighted CNAME during a migration (Route 53 weighs records of one name and one type). Default: - a simple alias A record to the load balancer
         * @return this builder
         */
        public Builder domainRecordWeight(final Integer domainRecordWeight) {
            this.domainRecordWeight = domainRecordWeight;
            return this;
        }

        /**
         * @param allowedHosts extra host names Django accepts (ALLOWED_HOSTS), besides the Express endpoints (.ecs.&lt;region&gt;.on.aws) and domainName. Default: - none
         * @return this builder
         */
        public Builder allowedHosts(final List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
            return this;
        }

        /**
         * @param webAcl a REGIONAL AWS WAF web ACL to associate with the service's load balancer, which up to 25 Express services of the VPC share. Default: - none, unless defaultWebAcl is true
         * @return this builder
         */
        public Builder webAcl(final IWebACLRef webAcl) {
            this.webAcl = webAcl;
            return this;
        }

        /**
         * @param defaultWebAcl whether to create and associate a web ACL with AWS managed rule groups (common, known bad inputs, SQL injection, and IP reputation for a public service). Ignored when webAcl is given. Default: false
         * @return this builder
         */
        public Builder defaultWebAcl(final Boolean defaultWebAcl) {
            this.defaultWebAcl = defaultWebAcl;
            return this;
        }

        /**
         * @param redeployOnRotation whether the service redeploys (a forced new deployment: new tasks resolve the secrets anew) when any secret it reads gets a new current version. Default: true
         * @return this builder
         */
        public Builder redeployOnRotation(final Boolean redeployOnRotation) {
            this.redeployOnRotation = redeployOnRotation;
            return this;
        }

        /**
         * @param redeployOnImagePush whether a push of the image's tag to its ECR repository forces a new deployment (ECR's PUSH event, https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html), as App Runner's automatic deployments do: Express deploys when the service's configuration changes, and a pushed tag (buildAndPush, fromEcr with a tag) does not change it. Ignored for a digest or a CDK asset, whose URI changes with the image. Default: true
         * @return this builder
         */
        public Builder redeployOnImagePush(final Boolean redeployOnImagePush) {
            this.redeployOnImagePush = redeployOnImagePush;
            return this;
        }

        /**
         * @param environment the app's own plain variables; never a name the library sets (ServiceEnvironment). Default: - none
         * @return this builder
         */
        public Builder environment(final Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * @param secrets the app's own secrets as variables (Secrets Manager, whole or by JSON key, or SSM parameters); the execution role may read exactly these; a change of a Secrets Manager secret redeploys the service. Same name rules as environment. Default: - none
         * @return this builder
         */
        public Builder secrets(final Map<String, ServiceSecret> secrets) {
            this.secrets = secrets;
            return this;
        }

        /**
         * @param taskRolePolicyStatements what the app itself may do with AWS (S3, SES, ...), added to the task role. Default: - nothing
         * @return this builder
         */
        public Builder taskRolePolicyStatements(final List<PolicyStatement> taskRolePolicyStatements) {
            this.taskRolePolicyStatements = taskRolePolicyStatements;
            return this;
        }

        /**
         * @param logRetention how long the container's logs are kept. Default: {@link RetentionDays#THREE_MONTHS}
         * @return this builder
         */
        public Builder logRetention(final RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @return the props */
        public ExpressServiceStackProps build() {
            return new ExpressServiceStackProps(this);
        }
    }
}
