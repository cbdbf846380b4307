package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.CommonStackProps;
import io.github.apprunnerdjango.Compliance;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * The props that {@code ServiceStackProps} (App Runner) and {@code ExpressServiceStackProps} (ECS
 * Express Mode) share, with the same type and meaning in both: where the service runs, its database,
 * image, name, port, health check, custom domain, web ACL and the app's own variables. Each subclass
 * adds the props of its compute; where a shared prop behaves differently per compute, its javadoc says
 * how.
 */
public abstract class DjangoServiceProps extends CommonStackProps {
    private final IVpc vpc;
    private final VpcAttributes vpcAttributes;
    private final Boolean privateEndpoint;
    private final IDjangoDatabase database;
    private final DjangoDatabaseAttributes databaseAttributes;
    private final ImageSource image;
    private final String serviceName;
    private final Integer port;
    private final String healthCheckPath;
    private final String domainName;
    private final IHostedZone hostedZone;
    private final HostedZoneAttributes hostedZoneAttributes;
    private final Integer domainRecordWeight;
    private final List<String> allowedHosts;
    private final IWebACLRef webAcl;
    private final Boolean defaultWebAcl;
    private final Map<String, String> environment;
    private final Map<String, ServiceSecret> secrets;
    private final IBucket mediaBucket;

    private final Compliance compliance;

    /** @param builder the builder holding the values */
    protected DjangoServiceProps(final Builder<?> builder) {
        super(builder);
        this.vpc = builder.vpc;
        this.vpcAttributes = builder.vpcAttributes;
        this.privateEndpoint = builder.privateEndpoint;
        this.database = builder.database;
        this.databaseAttributes = builder.databaseAttributes;
        this.image = builder.image;
        this.serviceName = builder.serviceName;
        this.port = builder.port;
        this.healthCheckPath = builder.healthCheckPath;
        this.domainName = builder.domainName;
        this.hostedZone = builder.hostedZone;
        this.hostedZoneAttributes = builder.hostedZoneAttributes;
        this.domainRecordWeight = builder.domainRecordWeight;
        this.allowedHosts = copy(builder.allowedHosts);
        this.webAcl = builder.webAcl;
        this.defaultWebAcl = builder.defaultWebAcl;
        this.environment = builder.environment == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
        this.secrets = builder.secrets == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(builder.secrets));
        this.mediaBucket = builder.mediaBucket;
        this.compliance = builder.compliance;
    }

    /**
     * An unmodifiable copy that keeps null elements, so that validation can report them.
     *
     * @param list the list to copy, or null
     * @param <T> the element type
     * @return the copy, or null when list is null
     */
    protected static <T> List<T> copy(final List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** @return the VPC the service runs in and reaches the database through: NetworkStack.getVpc() or an imported VPC, the database's (App Runner: the VPC connector's; Express: the load balancer's and the tasks'). Required unless vpcAttributes is given */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return an existing VPC by its attributes (id, zones, subnet ids), imported inside this stack. Default: - vpc */
    public VpcAttributes getVpcAttributes() {
        return vpcAttributes;
    }

    /** @return whether the service is reachable only from the VPC (App Runner: through an interface endpoint for apprunner.requests and a VPC ingress connection; Express: an internal load balancer in private or isolated subnets). Default: false: public (Express: an internet-facing load balancer in public subnets, the tasks with public IP addresses, their security groups admitting only the load balancer) */
    public Boolean getPrivateEndpoint() {
        return privateEndpoint;
    }

    /** @return the database, one typed value: a {@link io.github.apprunnerdjango.data.DataStack} (read through SSM parameters, no export lock) or an imported one ({@link io.github.apprunnerdjango.data.DjangoDatabase#fromDatabaseAttributes}); it carries the credentials the service must log in with, and the service joins its client security group. Default: - databaseAttributes ({@code ServiceStackProps}: or the deprecated databaseSecret, superuserSecret, secretKeySecret and databaseClientSecurityGroup) */
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

    /** @return the service's name (App Runner: 4 to 40 of letters, digits, - and _, starting with a letter or digit; Express: 1 to 255 of letters, digits, - and _, and ECS keeps a deleted service's name reserved, so a fixed name cannot be reused after the stack is deleted). Default: - generated (App Runner: by CloudFormation; Express: by ECS) */
    public String getServiceName() {
        return serviceName;
    }

    /** @return the port the container listens on, 1 to 65535; also passed to the image as DJANGO_PORT (App Runner reserves PORT). Default: 8080 */
    public Integer getPort() {
        return port;
    }

    /** @return the HTTP health check path: starts with / (Express: at most 1024 characters, no spaces). Default: {@code /healthz} (Express: set explicitly, as Express's own default differs between AWS's pages) */
    public String getHealthCheckPath() {
        return healthCheckPath;
    }

    /** @return a custom domain (a sub-domain such as app.example.com) served by the service (App Runner: associated with the service; Express: a certificate on its load balancer's HTTPS listener and the domain in its listener rule's host header). Default: - no custom domain: the service answers on its own App Runner domain or Express endpoint only */
    public String getDomainName() {
        return domainName;
    }

    /** @return the Route 53 zone holding domainName, where the certificate is validated and the domain's records are created. Default: - the records are stack outputs, to add by hand (Express: and certificate must be given) */
    public IHostedZone getHostedZone() {
        return hostedZone;
    }

    /** @return the Route 53 zone of domainName by id and name, imported inside this stack. Default: - hostedZone */
    public HostedZoneAttributes getHostedZoneAttributes() {
        return hostedZoneAttributes;
    }

    /**
     * @return with domainName and a hosted zone, the weight (0 to 255) of the domain's record, which
     *     becomes a weighted CNAME (to the App Runner domain or the load balancer) with the stack's name
     *     as set identifier (TTL 60 s): traffic moves between an App Runner service and an Express
     *     Mode service with the same domain by weights (Route 53 weighs records of one name and one
     *     type; README: Migrating to ECS Express Mode). Setting it on a deployed simple record updates
     *     an App Runner service's record in place. Default: - a simple record (App Runner: a CNAME,
     *     TTL 300 s; Express: an alias A record to the load balancer)
     */
    public Integer getDomainRecordWeight() {
        return domainRecordWeight;
    }

    /** @return extra host names Django accepts (ALLOWED_HOSTS), besides the service's own domain (App Runner's, or the Express endpoints .ecs.&lt;region&gt;.on.aws) and domainName. Default: - none */
    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    /** @return a REGIONAL AWS WAF web ACL to associate with the service (Express: with its load balancer, which up to 25 Express services of the VPC share). Default: - none, unless defaultWebAcl is true */
    public IWebACLRef getWebAcl() {
        return webAcl;
    }

    /** @return whether to create and associate a web ACL with AWS managed rule groups (common, known bad inputs, SQL injection, and IP reputation for a public service). Ignored when webAcl is given. Default: false */
    public Boolean getDefaultWebAcl() {
        return defaultWebAcl;
    }

    /** @return the app's own plain variables; never a name the library sets (ServiceEnvironment), nor, on App Runner, PORT or AWSAPPRUNNER*. Default: - none */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** @return the app's own secrets as variables (Secrets Manager, whole or by JSON key, or SSM parameters); the role that resolves them (App Runner: the instance role; Express: the execution role) may read exactly these; a change of a Secrets Manager secret redeploys the service. Same name rules as environment. Default: - none */
    public Map<String, ServiceSecret> getSecrets() {
        return secrets;
    }

    /** @return the S3 bucket of the app's uploads ({@code DataStack.getMediaBucket()}, a {@code DjangoMediaBucket}'s, or an imported one): the service passes its name and Region to the image (DJANGO_MEDIA_BUCKET, DJANGO_MEDIA_REGION) and lets the role the app runs with (App Runner: the instance role; Express: the task role) read, write and delete its objects, list its keys, and use its KMS key if it has one. The service's subnets must reach S3: with a NetworkStack's VPC, through its S3 gateway endpoint ({@code s3GatewayEndpoint(true)}) or a NAT egress, else the service is refused. Default: - no media bucket: the image keeps uploads on the container's disk, lost at each deployment */
    public IBucket getMediaBucket() {
        return mediaBucket;
    }

    /**
     * @return the compliance profile, such as {@link Compliance#controlTower()}, which makes every
     *     resource of the service (log groups, state machines, alarms, the image push, handlers in the VPC)
     *     meet its controls; Default: - none (nothing beyond the defaults)
     */
    public Compliance getCompliance() {
        return compliance;
    }

    /**
     * Builder of the shared service props.
     *
     * @param <B> the concrete builder type, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> extends CommonStackProps.Builder<B> {
        private Compliance compliance;
        private IVpc vpc;
        private VpcAttributes vpcAttributes;
        private Boolean privateEndpoint;
        private IDjangoDatabase database;
        private DjangoDatabaseAttributes databaseAttributes;
        private ImageSource image;
        private String serviceName;
        private Integer port;
        private String healthCheckPath;
        private String domainName;
        private IHostedZone hostedZone;
        private HostedZoneAttributes hostedZoneAttributes;
        private Integer domainRecordWeight;
        private List<String> allowedHosts;
        private IWebACLRef webAcl;
        private Boolean defaultWebAcl;
        private Map<String, String> environment;
        private Map<String, ServiceSecret> secrets;
        private IBucket mediaBucket;

        /** Creates an empty builder. */
        protected Builder() {
        }

        /**
         * @param mediaBucket the S3 bucket of the app's uploads ({@code DataStack.getMediaBucket()}, a {@code DjangoMediaBucket}'s, or an imported one): the service passes its name and Region to the image (DJANGO_MEDIA_BUCKET, DJANGO_MEDIA_REGION) and lets the role the app runs with (App Runner: the instance role; Express: the task role) read, write and delete its objects, list its keys, and use its KMS key if it has one. The service's subnets must reach S3: with a NetworkStack's VPC, through its S3 gateway endpoint ({@code s3GatewayEndpoint(true)}) or a NAT egress, else the service is refused. Default: - no media bucket: the image keeps uploads on the container's disk, lost at each deployment
         * @return this builder
         */
        public B mediaBucket(final IBucket mediaBucket) {
            this.mediaBucket = mediaBucket;
            return self();
        }

        /**
         * @param vpc the VPC the service runs in and reaches the database through: NetworkStack.getVpc() or an imported VPC, the database's (App Runner: the VPC connector's; Express: the load balancer's and the tasks'). Required unless vpcAttributes is given
         * @return this builder
         */
        public B vpc(final IVpc vpc) {
            this.vpc = vpc;
            return self();
        }

        /**
         * @param vpcAttributes an existing VPC by its attributes (id, zones, subnet ids), imported inside this stack. Default: - vpc
         * @return this builder
         */
        public B vpcAttributes(final VpcAttributes vpcAttributes) {
            this.vpcAttributes = vpcAttributes;
            return self();
        }

        /**
         * @param privateEndpoint whether the service is reachable only from the VPC (App Runner: through an interface endpoint for apprunner.requests and a VPC ingress connection; Express: an internal load balancer in private or isolated subnets). Default: false: public (Express: an internet-facing load balancer in public subnets, the tasks with public IP addresses, their security groups admitting only the load balancer)
         * @return this builder
         */
        public B privateEndpoint(final Boolean privateEndpoint) {
            this.privateEndpoint = privateEndpoint;
            return self();
        }

        /**
         * @param database the database, one typed value: a {@link io.github.apprunnerdjango.data.DataStack} (read through SSM parameters, no export lock) or an imported one ({@link io.github.apprunnerdjango.data.DjangoDatabase#fromDatabaseAttributes}); it carries the credentials the service must log in with, and the service joins its client security group. Default: - databaseAttributes ({@code ServiceStackProps}: or the deprecated databaseSecret, superuserSecret, secretKeySecret and databaseClientSecurityGroup)
         * @return this builder
         */
        public B database(final IDjangoDatabase database) {
            this.database = database;
            return self();
        }

        /**
         * @param databaseAttributes an existing database by its attributes, imported inside this stack. Default: - database
         * @return this builder
         */
        public B databaseAttributes(final DjangoDatabaseAttributes databaseAttributes) {
            this.databaseAttributes = databaseAttributes;
            return self();
        }

        /**
         * @param image where the image comes from: ImageSource.buildAndPush, fromEcr, fromEcrRepositoryName or fromAsset (linux/amd64). Required
         * @return this builder
         */
        public B image(final ImageSource image) {
            this.image = image;
            return self();
        }

        /**
         * @param serviceName the service's name (App Runner: 4 to 40 of letters, digits, - and _, starting with a letter or digit; Express: 1 to 255 of letters, digits, - and _, and ECS keeps a deleted service's name reserved, so a fixed name cannot be reused after the stack is deleted). Default: - generated (App Runner: by CloudFormation; Express: by ECS)
         * @return this builder
         */
        public B serviceName(final String serviceName) {
            this.serviceName = serviceName;
            return self();
        }

        /**
         * @param port the port the container listens on, 1 to 65535; also passed to the image as DJANGO_PORT (App Runner reserves PORT). Default: 8080
         * @return this builder
         */
        public B port(final Integer port) {
            this.port = port;
            return self();
        }

        /**
         * @param healthCheckPath the HTTP health check path: starts with / (Express: at most 1024 characters, no spaces). Default: {@code /healthz} (Express: set explicitly, as Express's own default differs between AWS's pages)
         * @return this builder
         */
        public B healthCheckPath(final String healthCheckPath) {
            this.healthCheckPath = healthCheckPath;
            return self();
        }

        /**
         * @param domainName a custom domain (a sub-domain such as app.example.com) served by the service (App Runner: associated with the service; Express: a certificate on its load balancer's HTTPS listener and the domain in its listener rule's host header). Default: - no custom domain: the service answers on its own App Runner domain or Express endpoint only
         * @return this builder
         */
        public B domainName(final String domainName) {
            this.domainName = domainName;
            return self();
        }

        /**
         * @param hostedZone the Route 53 zone holding domainName, where the certificate is validated and the domain's records are created. Default: - the records are stack outputs, to add by hand (Express: and certificate must be given)
         * @return this builder
         */
        public B hostedZone(final IHostedZone hostedZone) {
            this.hostedZone = hostedZone;
            return self();
        }

        /**
         * @param hostedZoneAttributes the Route 53 zone of domainName by id and name, imported inside this stack. Default: - hostedZone
         * @return this builder
         */
        public B hostedZoneAttributes(final HostedZoneAttributes hostedZoneAttributes) {
            this.hostedZoneAttributes = hostedZoneAttributes;
            return self();
        }

        /**
         * @param domainRecordWeight with domainName and a hosted zone, the weight (0 to 255) of the
         *     domain's record, which becomes a weighted CNAME (to the App Runner domain or the load
         *     balancer) with the stack's name as set identifier (TTL 60 s): traffic moves between an
         *     App Runner service and an Express Mode service with the same domain by weights (Route 53
         *     weighs records of one name and one type; README: Migrating to ECS Express Mode). Setting
         *     it on a deployed simple record updates an App Runner service's record in place. Default:
         *     - a simple record (App Runner: a CNAME, TTL 300 s; Express: an alias A record to the load
         *     balancer)
         * @return this builder
         */
        public B domainRecordWeight(final Integer domainRecordWeight) {
            this.domainRecordWeight = domainRecordWeight;
            return self();
        }

        /**
         * @param allowedHosts extra host names Django accepts (ALLOWED_HOSTS), besides the service's own domain (App Runner's, or the Express endpoints .ecs.&lt;region&gt;.on.aws) and domainName. Default: - none
         * @return this builder
         */
        public B allowedHosts(final List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
            return self();
        }

        /**
         * @param webAcl a REGIONAL AWS WAF web ACL to associate with the service (Express: with its load balancer, which up to 25 Express services of the VPC share). Default: - none, unless defaultWebAcl is true
         * @return this builder
         */
        public B webAcl(final IWebACLRef webAcl) {
            this.webAcl = webAcl;
            return self();
        }

        /**
         * @param defaultWebAcl whether to create and associate a web ACL with AWS managed rule groups (common, known bad inputs, SQL injection, and IP reputation for a public service). Ignored when webAcl is given. Default: false
         * @return this builder
         */
        public B defaultWebAcl(final Boolean defaultWebAcl) {
            this.defaultWebAcl = defaultWebAcl;
            return self();
        }

        /**
         * @param environment the app's own plain variables; never a name the library sets (ServiceEnvironment), nor, on App Runner, PORT or AWSAPPRUNNER*. Default: - none
         * @return this builder
         */
        public B environment(final Map<String, String> environment) {
            this.environment = environment;
            return self();
        }

        /**
         * @param secrets the app's own secrets as variables (Secrets Manager, whole or by JSON key, or SSM parameters); the role that resolves them (App Runner: the instance role; Express: the execution role) may read exactly these; a change of a Secrets Manager secret redeploys the service. Same name rules as environment. Default: - none
         * @return this builder
         */
        public B secrets(final Map<String, ServiceSecret> secrets) {
            this.secrets = secrets;
            return self();
        }

        /**
         * @param compliance a compliance profile: {@link Compliance#controlTower()} meets the AWS Control
         *     Tower proactive controls (docs/security.md, "Compliance", lists what it changes and costs).
         *     Give every stack of the app the same profile. Default: - none
         * @return this builder
         */
        public B compliance(final Compliance compliance) {
            this.compliance = compliance;
            return self();
        }
    }
}
