package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.AwsEndpointServices;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.internal.ComplianceProfile;
import io.github.apprunnerdjango.internal.CreateOnlyWarnings;
import io.github.apprunnerdjango.internal.DefaultWebAcl;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.RotationRedeploy;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.apprunner.alpha.AutoScalingConfiguration;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.HealthCheck;
import software.amazon.awscdk.services.apprunner.alpha.HttpHealthCheckOptions;
import software.amazon.awscdk.services.apprunner.alpha.ImageConfiguration;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.apprunner.alpha.ObservabilityConfiguration;
import software.amazon.awscdk.services.apprunner.alpha.Secret;
import software.amazon.awscdk.services.apprunner.alpha.Service;
import software.amazon.awscdk.services.apprunner.alpha.TraceConfigurationVendor;
import software.amazon.awscdk.services.apprunner.alpha.VpcConnector;
import software.amazon.awscdk.services.apprunner.alpha.VpcIngressConnection;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A Django service on AWS App Runner, as a construct for any stack: the image source (built and
 * pushed, pushed by CI, or a CDK asset), a VPC connector that joins the database's client security
 * group, every credential injected from Secrets Manager, and the options the CDK's App Runner module
 * leaves to the user: health check, auto scaling, X-Ray tracing, WAF, a private endpoint and a custom
 * domain. Like aws-cdk-lib's services it is {@link IGrantable} (the instance role) and
 * {@link software.amazon.awscdk.services.ec2.IConnectable} (the connector's security groups), takes
 * variables, secrets and statements after it is built, and gives the metrics an operator watches.
 *
 * <p>{@link ServiceStack} is this construct in a stack of its own. Its props are
 * {@link ServiceStackProps} without the stack-level settings, which belong to the stack that holds it.
 */
public class AppRunnerDjangoService extends Construct implements IDjangoService {
    /** The container port used when none is given. */
    public static final int DEFAULT_PORT = 8080;
    /** The health check path used when none is given (the image answers it without the database). */
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/healthz";
    /** The fewest instances when none is given. */
    public static final int DEFAULT_MIN_SIZE = 1;
    /** The most instances when none is given. */
    public static final int DEFAULT_MAX_SIZE = 3;
    /** The concurrent requests per instance when none is given. */
    public static final int DEFAULT_MAX_CONCURRENCY = 100;
    /** What the instance role may do with tracing on (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html). */
    static final List<String> XRAY_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private final Service service;
    private final AutoScalingConfiguration autoScaling;
    private final @Nullable ObservabilityConfiguration observability;
    private final @Nullable IWebACLRef webAcl;
    private final @Nullable VpcIngressConnection ingressConnection;
    private final @Nullable String customDomainTarget;
    private final @Nullable RotationRedeploy rotationRedeploy;
    private final @Nullable Rule imagePushRule;
    private final boolean onRotation;
    private final @Nullable String weightedDomainName;
    private final @Nullable InterfaceVpcEndpoint tracingEndpoint;
    private final ServiceWiring wiring;
    private final VpcConnector vpcConnector;
    private final List<String> addedNames = new ArrayList<>();
    private final @Nullable IRole instanceRole;
    private final ServiceContainer.Writer container;
    private final @Nullable IBucket mediaBucket;
    /** Where App Runner publishes its metrics (https://docs.aws.amazon.com/apprunner/latest/dg/monitor-cw.html). */
    public static final String NAMESPACE = "AWS/AppRunner";
    private static final String RESERVED_WHY = "App Runner reserves PORT and names starting with AWSAPPRUNNER"
            + " (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable-manage.html)";

    /**
     * @param scope the parent construct, in any stack
     * @param id the construct id (part of every logical id below it: never change it once deployed)
     * @param props the props; see {@link ServiceStackProps} for what is required; no stack-level settings
     */
    public AppRunnerDjangoService(final Construct scope, final String id, final ServiceStackProps props) {
        this(scope, id, ServiceValidation.validated(scope, props, true), true);
    }

    /** The service of a {@link ServiceStack}, whose props were checked before the stack was made. */
    AppRunnerDjangoService(final Construct scope, final String id, final ServiceStackProps props,
                           final boolean validated) {
        super(scope, id);
        this.wiring = ServiceWiring.resolve(this, props);
        this.instanceRole = props.getInstanceRole();
        if (props.getEnvironment() != null) {
            addedNames.addAll(props.getEnvironment().keySet());
        }
        if (props.getSecrets() != null) {
            addedNames.addAll(props.getSecrets().keySet());
        }
        final IDjangoDatabase database = wiring.database;
        // App Runner, Route 53 and Django get the domain in lower case without a trailing dot
        final String domainName = ServiceValidation.normalisedDomain(props.getDomainName());
        final SubnetSelection subnets = Objects.requireNonNullElse(props.getVpcSubnets(), defaultSubnets(wiring.vpc));
        final int port = Objects.requireNonNullElse(props.getPort(), DEFAULT_PORT);
        final String allowedHosts = props.getAllowedHosts() == null ? null : String.join(",", props.getAllowedHosts());

        final Map<String, String> variables = variables(props, domainName, allowedHosts, port);
        final ImageConfiguration.Builder imageConfiguration = ImageConfiguration.builder()
                .port(port)
                .environmentSecrets(secrets(database, props))
                .environmentVariables(variables);
        if (props.getStartCommand() != null) {
            imageConfiguration.startCommand(StartCommand.render(props.getStartCommand()));
        }
        final ImageSource.Bound image = props.getImage().bind(this, imageConfiguration.build());

        final VpcConnector connector = VpcConnector.Builder.create(this, "VpcConnector")
                .vpc(wiring.vpc)
                .vpcSubnets(subnets)
                .securityGroups(List.of(database.getDatabaseClientSecurityGroup()))
                .build();
        this.vpcConnector = connector;
        // App Runner pulls the image and ships the logs outside the VPC; a task needs no public IP in
        // the connector's subnets only when they route out (NAT) or hold the endpoints
        this.container = ServiceContainer.writer(image.image, wiring.vpc, wiring.vpc.selectSubnets(subnets).getSubnets(),
                List.of(database.getDatabaseClientSecurityGroup()), false);
        variables.forEach(container::variable);
        secretSources(database, props).forEach(container::secret);
        this.autoScaling = AutoScalingConfiguration.Builder.create(this, "AutoScaling")
                .minSize(Objects.requireNonNullElse(props.getMinSize(), DEFAULT_MIN_SIZE))
                .maxSize(props.getMaxSize() != null ? props.getMaxSize() : defaultMaxSize(props.getMinSize()))
                .maxConcurrency(Objects.requireNonNullElse(props.getMaxConcurrency(), DEFAULT_MAX_CONCURRENCY))
                .build();
        this.observability = Boolean.TRUE.equals(props.getTracing())
                ? ObservabilityConfiguration.Builder.create(this, "Observability")
                        .traceConfigurationVendor(TraceConfigurationVendor.AWSXRAY)
                        .build()
                : null;
        final boolean isPrivate = Boolean.TRUE.equals(props.getPrivateEndpoint());

        this.service = Service.Builder.create(this, "Service")
                .serviceName(props.getServiceName())
                .source(image.source)
                .cpu(Objects.requireNonNullElse(props.getCpu(), Cpu.QUARTER_VCPU))
                .memory(Objects.requireNonNullElse(props.getMemory(), Memory.HALF_GB))
                // the stack's own push must not start a deployment of its own while CloudFormation
                // updates the service (App Runner refuses overlapping operations): the push redeploys
                // through the state machine below, which retries while the service is busy
                .autoDeploymentsEnabled(image.pushedBy == null)
                .vpcConnector(connector)
                .healthCheck(HealthCheck.http(HttpHealthCheckOptions.builder()
                        .path(Objects.requireNonNullElse(props.getHealthCheckPath(), DEFAULT_HEALTH_CHECK_PATH))
                        .interval(Objects.requireNonNullElse(props.getHealthCheckInterval(), Duration.seconds(10)))
                        .timeout(Objects.requireNonNullElse(props.getHealthCheckTimeout(), Duration.seconds(5)))
                        .healthyThreshold(Objects.requireNonNullElse(props.getHealthyThreshold(), 1))
                        .unhealthyThreshold(Objects.requireNonNullElse(props.getUnhealthyThreshold(), 5))
                        .build()))
                .autoScalingConfiguration(autoScaling)
                .instanceRole(props.getInstanceRole())
                .accessRole(props.getAccessRole())
                .observabilityConfiguration(observability)
                .isPubliclyAccessible(!isPrivate)
                .build();
        if (observability != null) {
            // App Runner's collector sends the spans with the instance role
            // (https://docs.aws.amazon.com/apprunner/latest/dg/monitor-xray.html)
            service.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(XRAY_ACTIONS)
                    .resources(List.of("*"))
                    .build());
        }
        if (props.getInstanceRolePolicyStatements() != null) {
            props.getInstanceRolePolicyStatements().forEach(service::addToRolePolicy);
        }
        this.tracingEndpoint = observability != null && !Boolean.FALSE.equals(props.getTracingEndpoint())
                && sharedXrayEndpoint() == null ? xrayEndpoint(props, subnets) : null;
        final IConstruct accessRole = service.getNode().tryFindChild("AccessRole");
        if (accessRole != null) {
            NagSuppressions.suppress(accessRole, "AwsSolutions-IAM5",
                    "App Runner's ECR access role: ecr:GetAuthorizationToken accepts only Resource *; pulls are"
                            + " limited to the image's repository", "Resource::*");
        }
        final IConstruct instanceRole = service.getNode().tryFindChild("InstanceRole");
        if (instanceRole != null && observability != null) {
            NagSuppressions.suppress(instanceRole, "AwsSolutions-IAM5",
                    "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords accept only Resource *"
                            + " (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html)",
                    "Resource::*");
        }
        // App Runner pulls the image with the access role and reads the secrets with the instance role
        // while it creates the service: their policies must exist first, not merely the roles
        // (on the CfnService only: its roles are children of the same L2)
        final IConstruct cfnService = Objects.requireNonNull(service.getNode().getDefaultChild());
        for (final IConstruct role : new IConstruct[] {accessRole, instanceRole}) {
            final IConstruct policy = role == null ? null : role.getNode().tryFindChild("DefaultPolicy");
            if (policy != null) {
                cfnService.getNode().addDependency(policy);
            }
        }
        this.mediaBucket = props.getMediaBucket();
        if (mediaBucket != null) {
            // the app may touch its uploads from its first request on
            cfnService.getNode().addDependency(MediaAccess.grant(this, mediaBucket, getInstanceRole()));
        }
        if (image.pushedBy != null) {
            // the first deployment must not pull an image that is not pushed yet
            service.getNode().addDependency(image.pushedBy);
        }

        this.ingressConnection = isPrivate ? privateIngress(props, subnets) : null;
        this.webAcl = props.getWebAcl() != null ? props.getWebAcl()
                : Boolean.TRUE.equals(props.getDefaultWebAcl()) ? DefaultWebAcl.create(this, "WebAcl", !isPrivate) : null;
        if (webAcl != null) {
            CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                    .resourceArn(service.getServiceArn())
                    .webAclArn(webAcl.getWebAclRef().getWebAclArn())
                    .build();
        }
        this.weightedDomainName = props.getDomainRecordWeight() == null ? null : domainName;
        this.customDomainTarget = domainName == null ? null
                : new CustomDomain(this, "CustomDomain", service, domainName, wiring.hostedZone,
                        props.getDomainRecordWeight())
                        .getDnsTarget();

        this.onRotation = !Boolean.FALSE.equals(props.getRedeployOnRotation());
        this.rotationRedeploy = !onRotation && image.pushedBy == null ? null
                : new RotationRedeploy(this, "RotationRedeploy",
                        RotationRedeploy.Target.appRunnerStartDeployment(service.getServiceArn()),
                        onRotation ? watchedSecrets(database, props) : List.of());
        // the push redeploys through the state machine, which retries while CloudFormation updates the service
        this.imagePushRule = image.pushedBy == null ? null : Objects.requireNonNull(rotationRedeploy).addImagePushRule(
                "Redeploy the App Runner service when the stack pushes its image",
                Objects.requireNonNull(image.pushedTo).getRepositoryName(), Objects.requireNonNull(image.pushedTag),
                service);
        WeightedDomains.order(this);
        CreateOnlyWarnings.warn(this, "App Runner service", props.getServiceName());
        // the Control Tower profile, over what this service created (log groups, handlers, state machines, alarms)
        ComplianceProfile.apply(this, props.getCompliance(), wiring.vpc);
    }

    /**
     * The connector's subnets when none are given: the VPC's private subnets with egress (NAT) when it
     * has some, so the app reaches the internet, its private-isolated subnets otherwise.
     *
     * @param vpc the service's VPC
     * @return the selection
     */
    static SubnetSelection defaultSubnets(final IVpc vpc) {
        return SubnetSelection.builder().subnetType(vpc == null || vpc.getPrivateSubnets().isEmpty()
                ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS).build();
    }

    /** The library's secrets (ServiceEnvironment), then the app's own, sorted by name. */
    private static Map<String, Secret> secrets(final IDjangoDatabase database, final ServiceStackProps props) {
        final Map<String, Secret> secrets = ServiceEnvironment.secrets(database.getServiceDatabaseSecret(),
                database.getSuperuserSecret(), database.getSecretKeySecret());
        if (props.getSecrets() != null) {
            new TreeMap<>(props.getSecrets()).forEach((name, secret) -> secrets.put(name, secret.toAppRunner()));
        }
        return secrets;
    }

    /** The library's secrets, then the app's own, sorted by name, as sources (what {@link #secrets} renders). */
    private static Map<String, ServiceSecret> secretSources(final IDjangoDatabase database, final ServiceStackProps props) {
        final Map<String, ServiceSecret> secrets = ServiceEnvironment.secretSources(database.getServiceDatabaseSecret(),
                database.getSuperuserSecret(), database.getSecretKeySecret());
        if (props.getSecrets() != null) {
            secrets.putAll(new TreeMap<>(props.getSecrets()));
        }
        return secrets;
    }

    /** The library's variables, then the app's own, sorted by name. */
    private static Map<String, String> variables(final ServiceStackProps props, final String domainName,
                                                 final String allowedHosts, final int port) {
        final Map<String, String> vars = ServiceEnvironment.variables(domainName, allowedHosts, port,
                Boolean.TRUE.equals(props.getTracing()));
        if (props.getMediaBucket() != null) {
            vars.putAll(MediaAccess.variables(props.getMediaBucket()));
        }
        if (props.getEnvironment() != null) {
            vars.putAll(new TreeMap<>(props.getEnvironment()));
        }
        return vars;
    }

    /** Every Secrets Manager secret the service reads: a new current version of any redeploys it. */
    private static List<ISecret> watchedSecrets(final IDjangoDatabase database, final ServiceStackProps props) {
        final List<ISecret> secrets = new ArrayList<>(List.of(database.getServiceDatabaseSecret(),
                database.getSuperuserSecret(), database.getSecretKeySecret()));
        if (props.getSecrets() != null) {
            new TreeMap<>(props.getSecrets()).values().stream().map(ServiceSecret::getSecretsManagerSecret)
                    .filter(Objects::nonNull).filter(x -> !secrets.contains(x)).forEach(secrets::add);
        }
        return secrets;
    }

    /**
     * With a VPC connector "all outbound traffic from your application is directed through this VPC";
     * only App Runner's own traffic (image pulls, logs, secrets) is not
     * (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html). Spans are not listed among
     * the exceptions, so in isolated subnets they need an X-Ray endpoint; private DNS makes the
     * collector's default X-Ray address resolve to it.
     */
    /**
     * An interface endpoint with private DNS claims its service's name for the whole VPC, so a second
     * one for X-Ray in the same VPC fails ("conflicting DNS domain",
     * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns):
     * the one the network lists ({@code interfaceEndpoints}), or the one an earlier traced service of
     * this app made in the same VPC, serves this service too; the latter admits this service's
     * security group.
     *
     * @return the endpoint that already serves this VPC, or null when this service must make one
     */
    private @Nullable IInterfaceVpcEndpoint sharedXrayEndpoint() {
        final DjangoNetwork network = DjangoNetwork.of(wiring.vpc);
        final IInterfaceVpcEndpoint listed = network == null ? null : network.getInterfaceEndpoint(AwsEndpointServices.XRAY);
        if (listed != null) {
            return listed;
        }
        for (final IConstruct node : getNode().getRoot().getNode().findAll()) {
            if (node instanceof AppRunnerDjangoService other && other != this && other.tracingEndpoint != null
                    && sameVpc(other.wiring.vpc, wiring.vpc)) {
                other.tracingEndpoint.getConnections().allowFrom(wiring.database.getDatabaseClientSecurityGroup(),
                        Port.tcp(443), "HTTPS from an App Runner VPC connector (X-Ray spans)");
                return other.tracingEndpoint;
            }
        }
        return null;
    }

    private static boolean sameVpc(final IVpc a, final IVpc b) {
        return a == b || !Token.isUnresolved(a.getVpcId()) && a.getVpcId().equals(b.getVpcId());
    }

    private InterfaceVpcEndpoint xrayEndpoint(final ServiceStackProps props, final SubnetSelection subnets) {
        final InterfaceVpcEndpoint endpoint = InterfaceVpcEndpoint.Builder.create(this, "XRayEndpoint")
                .vpc(wiring.vpc)
                .service(AwsEndpointServices.of(AwsEndpointServices.XRAY))
                .subnets(subnets)
                .privateDnsEnabled(true)
                .open(false)
                .build();
        endpoint.getConnections().allowFrom(wiring.database.getDatabaseClientSecurityGroup(), Port.tcp(443),
                "HTTPS from the App Runner VPC connector (X-Ray spans)");
        return endpoint;
    }

    private VpcIngressConnection privateIngress(final ServiceStackProps props, final SubnetSelection subnets) {
        final InterfaceVpcEndpoint endpoint = InterfaceVpcEndpoint.Builder.create(this, "AppRunnerRequestsEndpoint")
                .vpc(wiring.vpc)
                .service(AwsEndpointServices.of(AwsEndpointServices.APP_RUNNER_REQUESTS))
                .subnets(subnets)
                .privateDnsEnabled(false)
                .open(true)
                .build();
        NagSuppressions.suppress(endpoint, "CdkNagValidationFailure", "The endpoint admits HTTPS from the VPC's"
                + " own CIDR block (its CidrBlock attribute, unknown until deploy), never from 0.0.0.0/0",
                "AwsSolutions-EC23");
        final VpcIngressConnection ingress = VpcIngressConnection.Builder.create(this, "IngressConnection")
                .vpc(wiring.vpc)
                .interfaceVpcEndpoint(endpoint)
                .service(service)
                .build();
        return ingress;
    }

    /** @return the media bucket ({@code mediaBucket}) whose objects the instance role may use, or null */
    @Override
    public @Nullable IBucket getMediaBucket() {
        return mediaBucket;
    }

    @Override
    public @Nullable String getWeightedDomainName() {
        return weightedDomainName;
    }

    /** @return the rule that redeploys after the stack pushes its image, or null when it pushes none */
    public @Nullable Rule getImagePushRule() {
        return imagePushRule;
    }

    /** @return maxSize when none is given: {@link #DEFAULT_MAX_SIZE}, or minSize + 1 when minSize reaches it */
    static int defaultMaxSize(final Integer minSize) {
        return minSize == null ? DEFAULT_MAX_SIZE : Math.max(DEFAULT_MAX_SIZE, minSize + 1);
    }

    // ---- IGrantable, IConnectable, and what may be added after the service is built ----------

    /** @return the instance role the app runs with */
    @Override
    public IPrincipal getGrantPrincipal() {
        return service.getGrantPrincipal();
    }

    /** @return the VPC connector's security groups (the database client group): let the app into other resources */
    @Override
    public Connections getConnections() {
        return vpcConnector.getConnections();
    }

    @Override
    public void addEnvironment(final String name, final String value) {
        final ServiceValidation.Checks v = new ServiceValidation.Checks("AppRunnerDjangoService");
        Wiring.checkNames(v, Map.of(name, value), null, ServiceEnvironment::isReserved, RESERVED_WHY);
        v.check(!addedNames.contains(name), "environment", name, "already set: a name may be set once");
        v.throwIfInvalid();
        addedNames.add(name);
        service.addEnvironmentVariable(name, value);
        container.variable(name, value);
    }

    @Override
    public void addSecret(final String name, final ServiceSecret secret) {
        final ServiceValidation.Checks v = new ServiceValidation.Checks("AppRunnerDjangoService");
        Wiring.checkNames(v, null, Map.of(name, secret), ServiceEnvironment::isReserved, RESERVED_WHY);
        v.check(!addedNames.contains(name), "secrets", name, "already set: a name may be set once");
        v.throwIfInvalid();
        addedNames.add(name);
        service.addSecret(name, secret.toAppRunner());
        container.secret(name, secret);
        if (onRotation && rotationRedeploy != null && secret.getSecretsManagerSecret() != null) {
            rotationRedeploy.watch(secret.getSecretsManagerSecret());
        }
    }

    @Override
    public void addToRolePolicy(final PolicyStatement statement) {
        final ServiceValidation.Checks v = new ServiceValidation.Checks("AppRunnerDjangoService");
        Wiring.checkStatements(v, "statement", List.of(statement));
        v.throwIfInvalid();
        service.addToRolePolicy(statement);
    }

    /**
     * @param grantee who may call the service's operations
     * @param actions App Runner actions such as {@code apprunner:StartDeployment}
     * @return the grant, on this service only
     */
    public Grant grant(final IGrantable grantee, final String... actions) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of(actions))
                .resourceArns(List.of(service.getServiceArn()))
                .build());
    }

    /**
     * @param grantee who may start a deployment (a CI role, for example)
     * @return the grant of {@code apprunner:StartDeployment} on this service
     */
    public Grant grantStartDeployment(final IGrantable grantee) {
        return grant(grantee, "apprunner:StartDeployment");
    }

    // ---- metrics (https://docs.aws.amazon.com/apprunner/latest/dg/monitor-cw.html) ---------------

    /**
     * A metric of this service in the {@code AWS/AppRunner} namespace, with the ServiceName and
     * ServiceID dimensions App Runner publishes service-level metrics under.
     *
     * @param metricName the metric's name, such as {@code Requests}
     * @param props the metric's options; Default: - sum or average over 5 minutes as CloudWatch's default
     * @return the metric
     */
    public Metric metric(final String metricName, final @Nullable MetricOptions props) {
        return metric(metricName, props, null);
    }

    private Metric metric(final String metricName, final @Nullable MetricOptions props,
                          final @Nullable String defaultStatistic) {
        final Map<String, String> dimensions = new TreeMap<>();
        dimensions.put("ServiceName", service.getServiceName());
        dimensions.put("ServiceID", service.getServiceId());
        final MetricOptions options = props != null ? props : MetricOptions.builder().build();
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic(options.getStatistic() != null ? options.getStatistic() : defaultStatistic)
                .period(options.getPeriod())
                .label(options.getLabel())
                .unit(options.getUnit())
                .color(options.getColor())
                .account(options.getAccount())
                .region(options.getRegion())
                .build();
    }

    /**
     * @param props options
     * @return requests the service received ({@code Requests}, sum)
     */
    public Metric metricRequests(final @Nullable MetricOptions props) {
        return metric("Requests", props, "Sum");
    }

    /**
     * @param props options
     * @return 4xx responses ({@code 4xxStatusResponses}, sum)
     */
    public Metric metric4xxStatusResponses(final @Nullable MetricOptions props) {
        return metric("4xxStatusResponses", props, "Sum");
    }

    /**
     * @param props options
     * @return 5xx responses ({@code 5xxStatusResponses}, sum)
     */
    public Metric metric5xxStatusResponses(final @Nullable MetricOptions props) {
        return metric("5xxStatusResponses", props, "Sum");
    }

    /**
     * @param props options
     * @return request latency in milliseconds ({@code RequestLatency}, p99 by default)
     */
    public Metric metricRequestLatency(final @Nullable MetricOptions props) {
        return metric("RequestLatency", props, "p99");
    }

    /**
     * @param props options
     * @return instances serving requests ({@code ActiveInstances}, minimum)
     */
    public Metric metricActiveInstances(final @Nullable MetricOptions props) {
        return metric("ActiveInstances", props, "Minimum");
    }

    /**
     * @param props options
     * @return CPU use in percent ({@code CPUUtilization}, average)
     */
    public Metric metricCpuUtilization(final @Nullable MetricOptions props) {
        return metric("CPUUtilization", props, "Average");
    }

    /**
     * @param props options
     * @return memory use in percent ({@code MemoryUtilization}, average)
     */
    public Metric metricMemoryUtilization(final @Nullable MetricOptions props) {
        return metric("MemoryUtilization", props, "Average");
    }

    /** @return the App Runner service */
    public Service getService() {
        return service;
    }

    /**
     * @return the service's default host name (without https://); a private service has none
     * @throws IllegalStateException for a private service: App Runner gives it no ServiceUrl attribute
     *     (use {@link #getIngressConnection()}'s domain name)
     */
    public String getServiceUrl() {
        if (ingressConnection != null) {
            throw new IllegalStateException("A private service (privateEndpoint true) has no ServiceUrl attribute;"
                    + " use getIngressConnection().getDomainName()");
        }
        return service.getServiceUrl();
    }

    /** @return the role App Runner runs the app with (add the app's own permissions to it) */
    public IRole getInstanceRole() {
        return instanceRole != null ? instanceRole : (IRole) Objects.requireNonNull(
                service.getNode().tryFindChild("InstanceRole"), "App Runner's L2 created no instance role");
    }

    /** @return the VPC connector, which joins the database's client security group */
    public VpcConnector getVpcConnector() {
        return vpcConnector;
    }

    /**
     * @return the service's container as a command's task sees it: the image, the variables and secrets
     *     App Runner renders (later ones included), the VPC connector's subnets and security group
     */
    @Override
    public ServiceContainer getContainer() {
        return container.container();
    }

    /** @return the database the service is wired to, as seen from this service's stack */
    @Override
    public IDjangoDatabase getDatabase() {
        return wiring.database;
    }

    /** @return the X-Ray interface endpoint created for tracing, or null */
    public @Nullable IInterfaceVpcEndpoint getTracingEndpoint() {
        return tracingEndpoint;
    }

    /** @return the alarm on failed redeploys after a secret change, or null when turned off */
    public @Nullable Alarm getRotationRedeployAlarm() {
        return rotationRedeploy == null ? null : rotationRedeploy.alarm();
    }

    /** @return the auto scaling configuration */
    public AutoScalingConfiguration getAutoScalingConfiguration() {
        return autoScaling;
    }

    /** @return the X-Ray observability configuration, or null when tracing is off */
    public @Nullable ObservabilityConfiguration getObservabilityConfiguration() {
        return observability;
    }

    /** @return the web ACL associated with the service, or null */
    public @Nullable IWebACLRef getWebAcl() {
        return webAcl;
    }

    /** @return the VPC ingress connection of the private endpoint, or null when public */
    public @Nullable VpcIngressConnection getIngressConnection() {
        return ingressConnection;
    }

    /** @return the EventBridge rule that redeploys after a rotation, or null when turned off */
    public @Nullable Rule getRotationRedeployRule() {
        return rotationRedeploy == null ? null : rotationRedeploy.rule();
    }

    /** @return the host name the custom domain's CNAME points to, or null without a custom domain */
    public @Nullable String getCustomDomainTarget() {
        return customDomainTarget;
    }

    /**
     * Renders an argument list as App Runner's one-string start command. App Runner documents no
     * shell and no quoting rules for it, so only arguments that read the same whether the string is
     * split on spaces or parsed by a shell are accepted; anything else belongs in a script in the image.
     */
    static final class StartCommand {
        /** What an argument may hold: no spaces, quotes or shell syntax. */
        static final String ALLOWED = "[A-Za-z0-9_@%+=:,./-]+";

        private StartCommand() {
        }

        static boolean isUnambiguous(final String arg) {
            return arg != null && arg.matches(ALLOWED);
        }

        static String render(final List<String> args) {
            return String.join(" ", args);
        }
    }
}
