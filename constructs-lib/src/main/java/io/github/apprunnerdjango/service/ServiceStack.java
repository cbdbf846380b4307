package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.AwsEndpointServices;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.internal.DefaultWebAcl;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.RotationRedeploy;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
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
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The Django image on AWS App Runner: the image source (built and pushed, pushed by CI, or a CDK
 * asset), a VPC connector that joins DataStack's database-client security group, every credential
 * injected from Secrets Manager, and the options the CDK's App Runner module leaves to the user:
 * health check, auto scaling, X-Ray tracing, WAF, a private endpoint and a custom domain.
 */
public class ServiceStack extends Stack {
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
    private final @Nullable InterfaceVpcEndpoint tracingEndpoint;
    private final ServiceWiring wiring;
    private final VpcConnector vpcConnector;

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param props the props; see {@link ServiceStackProps} for what is required
     */
    public ServiceStack(final Construct scope, final String id, final ServiceStackProps props) {
        super(scope, id, ServiceValidation.validated(props)
                .toStackProps("App Runner service running the Django image"));
        this.wiring = ServiceWiring.resolve(this, props);
        final IDjangoDatabase database = wiring.database;
        // App Runner, Route 53 and Django get the domain in lower case without a trailing dot
        final String domainName = ServiceValidation.normalisedDomain(props.getDomainName());
        final SubnetSelection subnets = Objects.requireNonNullElse(props.getVpcSubnets(), defaultSubnets(wiring.vpc));
        final int port = Objects.requireNonNullElse(props.getPort(), DEFAULT_PORT);
        final String allowedHosts = props.getAllowedHosts() == null ? null : String.join(",", props.getAllowedHosts());

        final ImageConfiguration.Builder imageConfiguration = ImageConfiguration.builder()
                .port(port)
                .environmentSecrets(secrets(database, props))
                .environmentVariables(variables(props, domainName, allowedHosts, port));
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
        this.autoScaling = AutoScalingConfiguration.Builder.create(this, "AutoScaling")
                .minSize(Objects.requireNonNullElse(props.getMinSize(), DEFAULT_MIN_SIZE))
                .maxSize(Objects.requireNonNullElse(props.getMaxSize(), DEFAULT_MAX_SIZE))
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
                .autoDeploymentsEnabled(true)
                .vpcConnector(connector)
                .healthCheck(HealthCheck.http(HttpHealthCheckOptions.builder()
                        .path(Objects.requireNonNullElse(props.getHealthCheckPath(), DEFAULT_HEALTH_CHECK_PATH))
                        .interval(Objects.requireNonNullElse(props.getHealthCheckInterval(), Duration.seconds(10)))
                        .timeout(Objects.requireNonNullElse(props.getHealthCheckTimeout(), Duration.seconds(5)))
                        .healthyThreshold(Objects.requireNonNullElse(props.getHealthyThreshold(), 1))
                        .unhealthyThreshold(Objects.requireNonNullElse(props.getUnhealthyThreshold(), 5))
                        .build()))
                .autoScalingConfiguration(autoScaling)
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
                ? xrayEndpoint(props, subnets) : null;
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
        this.customDomainTarget = domainName == null ? null
                : new CustomDomain(this, "CustomDomain", service, domainName, wiring.hostedZone,
                        props.getDomainRecordWeight())
                        .getDnsTarget();

        this.rotationRedeploy = Boolean.FALSE.equals(props.getRedeployOnRotation()) ? null
                : new RotationRedeploy(this, "RotationRedeploy",
                        RotationRedeploy.Target.appRunnerStartDeployment(service.getServiceArn()),
                        watchedSecrets(database, props));

        if (!isPrivate) {
            // a private service has no ServiceUrl attribute: reading it fails the stack
            // (aws/apprunner-roadmap#235; its address is the ingress connection's PrivateDomainName)
            CfnOutput.Builder.create(this, "ServiceUrl").value("https://" + service.getServiceUrl())
                    .description("App Runner default URL").build();
        }
        CfnOutput.Builder.create(this, "ServiceArn").value(service.getServiceArn())
                .description("App Runner service ARN").build();
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

    /** The library's variables, then the app's own, sorted by name. */
    private static Map<String, String> variables(final ServiceStackProps props, final String domainName,
                                                 final String allowedHosts, final int port) {
        final Map<String, String> vars = ServiceEnvironment.variables(domainName, allowedHosts, port,
                Boolean.TRUE.equals(props.getTracing()));
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
        CfnOutput.Builder.create(this, "PrivateDomainName").value(ingress.getDomainName())
                .description("Domain of the service inside the VPC").build();
        return ingress;
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
        return (IRole) Objects.requireNonNull(service.getNode().tryFindChild("InstanceRole"),
                "App Runner's L2 created no instance role");
    }

    /** @return the VPC connector, which joins the database's client security group */
    public VpcConnector getVpcConnector() {
        return vpcConnector;
    }

    /** @return the database the service is wired to, as seen from this stack */
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
