package io.github.apprunnerdjango.express;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.internal.ComplianceProfile;
import io.github.apprunnerdjango.internal.CreateOnlyWarnings;
import io.github.apprunnerdjango.internal.Checks;
import io.github.apprunnerdjango.internal.DefaultWebAcl;
import io.github.apprunnerdjango.internal.Domains;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.RotationRedeploy;
import io.github.apprunnerdjango.service.BoundImage;
import io.github.apprunnerdjango.service.IDjangoService;
import io.github.apprunnerdjango.service.ServiceContainer;
import io.github.apprunnerdjango.service.MediaAccess;
import io.github.apprunnerdjango.service.ServiceEnvironment;
import io.github.apprunnerdjango.service.ServiceSecret;
import io.github.apprunnerdjango.service.WeightedDomains;
import io.github.apprunnerdjango.service.Wiring;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.CfnExpressGatewayService;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;
import software.constructs.Dependable;
import software.constructs.IConstruct;
import software.constructs.IDependable;

/**
 * A Django service on Amazon ECS Express Mode ({@code AWS::ECS::ExpressGatewayService}), as a construct
 * for any stack: for the accounts App Runner no longer admits
 * (https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html), on the same
 * network and database as App Runner's service, with the same image sources, environment contract,
 * secrets, redeploy after rotation, WAF and custom domain. Express creates, in the account, an
 * Application Load Balancer (shared by up to 25 Express services of the VPC), its HTTPS listener, a
 * target group, security groups, Fargate tasks with canary deployments and target tracking scaling
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html). This
 * construct creates the service, its three roles (unless given), its log group and the options.
 *
 * <p>The app runs with the task role ({@link #getGrantPrincipal()}: {@code bucket.grantRead(service)});
 * its tasks join the database's client security group ({@link #getConnections()}); variables and
 * secrets may be added after it is built ({@link #addEnvironment}, {@link #addSecret}).
 *
 * <p>{@link ExpressServiceStack} is this construct in a stack of its own. Its props are
 * {@link ExpressServiceStackProps} without the stack-level settings, which belong to the stack that
 * holds it.
 */
public class ExpressDjangoService extends Construct implements IDjangoService {
    /** The CPU units of a task when none are given (0.25 vCPU, as App Runner's default). */
    public static final int DEFAULT_CPU = 256;
    /** The memory of a task in MiB when none is given (0.5 GB, as App Runner's default). */
    public static final int DEFAULT_MEMORY = 512;
    /** The container port used when none is given. */
    public static final int DEFAULT_PORT = 8080;
    /** The health check path used when none is given (the image answers it without the database). */
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/healthz";
    /** The fewest tasks when none is given. */
    public static final int DEFAULT_MIN_TASKS = 1;
    /** The most tasks when none is given. */
    public static final int DEFAULT_MAX_TASKS = 3;
    /** The scaling metric's target value when none is given (Express's own default for CPU). */
    public static final int DEFAULT_SCALING_TARGET = 60;
    /**
     * The AWS managed policy of Express Mode's infrastructure role
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html).
     */
    public static final String INFRASTRUCTURE_ROLE_POLICY =
            "service-role/AmazonECSInfrastructureRoleforExpressGatewayServices";
    /** The prefix of the container's log streams (Express's default). */
    public static final String LOG_STREAM_PREFIX = "ecs";
    /**
     * The Express endpoints' domain in a region, {@code <name>.ecs.<region>.on.aws}: Django accepts
     * its sub-domains, as it accepts App Runner's {@code .awsapprunner.com}.
     */
    static final String ENDPOINT_DOMAIN_FORMAT = ".ecs.%s.on.aws";
    /** CloudWatch's namespace of the load balancer's metrics. */
    static final String ALB_NAMESPACE = "AWS/ApplicationELB";
    /** CloudWatch's namespace of the ECS service's metrics. */
    static final String ECS_NAMESPACE = "AWS/ECS";

    private final @Nullable String weightedDomainName;
    private final CfnExpressGatewayService service;
    private final IVpc vpc;
    private final List<ISubnet> subnets;
    private final IDjangoDatabase database;
    private final IRole infrastructureRole;
    private final IRole executionRole;
    private final IRole taskRole;
    private final LogGroup logGroup;
    private final BoundImage image;
    private final Connections connections;
    private final @Nullable IWebACLRef webAcl;
    private final @Nullable ExpressDomain domain;
    private final @Nullable RotationRedeploy rotationRedeploy;
    private final @Nullable Rule imagePushRule;
    private final boolean isPrivate;
    private final boolean redeployOnRotation;
    /** The library's variables (ServiceEnvironment), in its order. */
    private final Map<String, String> libraryVariables;
    private final @Nullable IBucket mediaBucket;
    /** The app's own variables, from the props and {@link #addEnvironment}, sorted by name. */
    private final Map<String, String> appVariables = new TreeMap<>();
    /** The library's secrets (ServiceEnvironment), in its order. */
    private final Map<String, ServiceSecret> librarySecrets;
    /** The app's own secrets, from the props and {@link #addSecret}, sorted by name. */
    private final Map<String, ServiceSecret> appSecrets = new TreeMap<>();
    /** What the execution role may read already: a Secrets Manager secret once, whatever its keys. */
    private final List<Object> granted = new ArrayList<>();
    private final ServiceContainer.Writer container;

    /**
     * @param scope the parent construct, in any stack
     * @param id the construct id (part of every logical id below it: never change it once deployed)
     * @param props the props; see {@link ExpressServiceStackProps} for what is required; no stack-level settings
     */
    public ExpressDjangoService(final Construct scope, final String id, final ExpressServiceStackProps props) {
        this(scope, id, ExpressValidation.validated(scope, props, true), true);
    }

    /** The service of an {@link ExpressServiceStack}, whose props were checked before the stack was made. */
    ExpressDjangoService(final Construct scope, final String id, final ExpressServiceStackProps props,
                         final boolean validated) {
        super(scope, id);
        // the service takes subnet ids only: no route table is ever read
        this.vpc = props.getVpc() != null ? props.getVpc() : Wiring.importVpc(this, props.getVpcAttributes(),
                "the Express service takes subnet ids, never route tables");
        this.database = Objects.requireNonNull(Wiring.database(this, props.getDatabase(), props.getDatabaseAttributes()));
        this.isPrivate = Boolean.TRUE.equals(props.getPrivateEndpoint());
        final SubnetSelection selection = Objects.requireNonNullElse(props.getVpcSubnets(),
                ExpressValidation.defaultSubnets(vpc, isPrivate));
        this.subnets = vpc.selectSubnets(selection).getSubnets();
        final String domainName = Domains.normalised(props.getDomainName());
        final int port = Objects.requireNonNullElse(props.getPort(), DEFAULT_PORT);
        this.connections = Connections.Builder.create()
                .securityGroups(List.of(database.getDatabaseClientSecurityGroup()))
                .build();

        this.image = props.getImage().bindImage(this);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(Objects.requireNonNullElse(props.getLogRetention(), RetentionDays.THREE_MONTHS))
                .build();
        this.infrastructureRole = props.getInfrastructureRole() != null ? props.getInfrastructureRole()
                : infrastructureRole();

        this.librarySecrets = ServiceEnvironment.secretSources(database.getServiceDatabaseSecret(),
                database.getSuperuserSecret(), database.getSecretKeySecret());
        if (props.getSecrets() != null) {
            appSecrets.putAll(props.getSecrets());
        }
        this.executionRole = props.getExecutionRole() != null ? props.getExecutionRole()
                : Role.Builder.create(this, "ExecutionRole")
                        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                        .description("ECS pulls the image, writes the logs and reads exactly the service's secrets"
                                + " with it")
                        .build();
        image.getRepository().grantPull(executionRole);
        logGroup.grantWrite(executionRole);
        librarySecrets.values().forEach(this::grantExecutionRoleRead);
        appSecrets.values().forEach(this::grantExecutionRoleRead);
        NagSuppressions.suppress(executionRole, "AwsSolutions-IAM5", "ECS task execution role:"
                + " ecr:GetAuthorizationToken accepts only Resource *; pulls are limited to the image's repository",
                "Resource::*");
        this.taskRole = props.getTaskRole() != null ? props.getTaskRole() : Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("The Django app's own permissions (taskRolePolicyStatements)")
                .build();
        if (props.getTaskRolePolicyStatements() != null) {
            props.getTaskRolePolicyStatements().forEach(taskRole::addToPrincipalPolicy);
        }

        final Map<String, String> library = ServiceEnvironment.variables(domainName, allowedHosts(props), port, false);
        this.mediaBucket = props.getMediaBucket();
        if (mediaBucket != null) {
            library.putAll(MediaAccess.variables(mediaBucket));
        }
        this.libraryVariables = library;
        if (props.getEnvironment() != null) {
            appVariables.putAll(props.getEnvironment());
        }
        // tasks in public subnets (an internet-facing service) reach ECR, the logs and the secrets
        // through their public IP, as Express's own tasks do
        this.container = ServiceContainer.writer(image, vpc, subnets,
                List.of(database.getDatabaseClientSecurityGroup()), !isPrivate);
        libraryVariables.forEach(container::variable);
        appVariables.forEach(container::variable);
        librarySecrets.forEach(container::secret);
        appSecrets.forEach(container::secret);
        final CfnExpressGatewayService.Builder builder = CfnExpressGatewayService.Builder.create(this, "Service")
                .infrastructureRoleArn(infrastructureRole.getRoleArn())
                .executionRoleArn(executionRole.getRoleArn())
                .taskRoleArn(taskRole.getRoleArn())
                .serviceName(props.getServiceName())
                // explicit: the CloudFormation reference, the API reference and the user guide disagree
                .cpu(String.valueOf(Objects.requireNonNullElse(props.getCpu(), DEFAULT_CPU)))
                .memory(String.valueOf(Objects.requireNonNullElse(props.getMemory(), DEFAULT_MEMORY)))
                .healthCheckPath(Objects.requireNonNullElse(props.getHealthCheckPath(), DEFAULT_HEALTH_CHECK_PATH))
                .networkConfiguration(CfnExpressGatewayService.ExpressGatewayServiceNetworkConfigurationProperty.builder()
                        .subnets(subnets.stream().map(ISubnet::getSubnetId).toList())
                        // Express adds a security group of its own (admitting the load balancer) to this list
                        .securityGroups(List.of(database.getDatabaseClientSecurityGroup().getSecurityGroupId()))
                        .build())
                .primaryContainer(CfnExpressGatewayService.ExpressGatewayContainerProperty.builder()
                        .image(image.getImageUri())
                        .containerPort(port)
                        .command(props.getCommand())
                        // lazy: variables and secrets added after construction render too (the L1 checks
                        // and maps the resolved lists, so they hold its struct fields: name, value, valueFrom)
                        .environment(Lazy.any(this::renderEnvironment))
                        .secrets(Lazy.any(this::renderSecrets))
                        .awsLogsConfiguration(CfnExpressGatewayService.ExpressGatewayServiceAwsLogsConfigurationProperty
                                .builder().logGroup(logGroup.getLogGroupName()).logStreamPrefix(LOG_STREAM_PREFIX).build())
                        .build())
                .scalingTarget(CfnExpressGatewayService.ExpressGatewayScalingTargetProperty.builder()
                        .minTaskCount(Objects.requireNonNullElse(props.getMinTasks(), DEFAULT_MIN_TASKS))
                        .maxTaskCount(Objects.requireNonNullElse(props.getMaxTasks(), DEFAULT_MAX_TASKS))
                        .autoScalingMetric(Objects.requireNonNullElse(props.getScalingMetric(), ScalingMetric.AVERAGE_CPU).name())
                        .autoScalingTargetValue(Objects.requireNonNullElse(props.getScalingTarget(), DEFAULT_SCALING_TARGET))
                        .build());
        if (props.getCluster() != null) {
            builder.cluster(props.getCluster().getClusterName());
        }
        this.service = builder.build();
        // ECS pulls the image and reads the secrets while it creates the service: the roles' policies
        // must exist first, not merely the roles, including statements added after construction
        // (grants to getGrantPrincipal(), addSecret, addToRolePolicy); and the first deployment must
        // find the image pushed
        final IDependable rolePolicies = new IDependable() { };
        Dependable.implement(rolePolicies, new RolePolicies(List.of(executionRole, taskRole)));
        service.getNode().addDependency(rolePolicies);
        if (mediaBucket != null) {
            // the app may touch its uploads from its first request on
            service.getNode().addDependency(MediaAccess.grant(this, mediaBucket, taskRole));
        }
        if (image.getPushedBy() != null) {
            service.getNode().addDependency(image.getPushedBy());
        }

        this.webAcl = props.getWebAcl() != null ? props.getWebAcl()
                : Boolean.TRUE.equals(props.getDefaultWebAcl()) ? DefaultWebAcl.create(this, "WebAcl", !isPrivate) : null;
        if (webAcl != null) {
            // on the load balancer, which up to 25 Express services of the VPC share: the ACL applies to all
            CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                    .resourceArn(getLoadBalancerArn())
                    .webAclArn(webAcl.getWebAclRef().getWebAclArn())
                    .build();
        }
        this.domain = domainName == null ? null : new ExpressDomain(this, "CustomDomain", service, domainName,
                Wiring.hostedZone(this, props.getHostedZone(), props.getHostedZoneAttributes()), props.getCertificate(),
                props.getDomainRecordWeight());
        this.redeployOnRotation = !Boolean.FALSE.equals(props.getRedeployOnRotation());
        final boolean onPush = !Boolean.FALSE.equals(props.getRedeployOnImagePush()) && image.getMutableTag() != null;
        this.rotationRedeploy = !redeployOnRotation && !onPush ? null : new RotationRedeploy(this, "RotationRedeploy",
                RotationRedeploy.Target.ecsForceNewDeployment(service.getAttrServiceArn()),
                redeployOnRotation ? watchedSecrets() : List.of());
        this.imagePushRule = onPush ? Objects.requireNonNull(rotationRedeploy).addImagePushRule(
                "Redeploy the ECS Express Mode service when its image tag is pushed again",
                image.getRepository().getRepositoryName(), Objects.requireNonNull(image.getMutableTag()), service) : null;
        this.weightedDomainName = props.getDomainRecordWeight() == null ? null : domainName;
        WeightedDomains.order(this);
        CreateOnlyWarnings.warn(this, "ECS Express Mode service", props.getServiceName());
        // the Control Tower profile, over what this service created (log groups, handlers, state machines, alarms)
        ComplianceProfile.apply(this, props.getCompliance(), vpc);
    }

    /** @return the media bucket ({@code mediaBucket}) whose objects the task role may use, or null */
    @Override
    public @Nullable IBucket getMediaBucket() {
        return mediaBucket;
    }

    @Override
    public @Nullable String getWeightedDomainName() {
        return weightedDomainName;
    }

    private Role infrastructureRole() {
        final Role role = Role.Builder.create(this, "InfrastructureRole")
                .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
                .description("ECS Express Mode manages this service's load balancer, security groups, certificate"
                        + " and scaling with it")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(INFRASTRUCTURE_ROLE_POLICY)))
                .build();
        NagSuppressions.suppress(role, "AwsSolutions-IAM4", "Express Mode's infrastructure role: AWS"
                + " documents this managed policy for it (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                + "infrastructure_IAM_role.html); ECS assumes the role only to create, update and delete the"
                + " service's load balancer, security groups, certificate and scaling",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/" + INFRASTRUCTURE_ROLE_POLICY);
        return role;
    }

    /** The Express endpoints' domain of the stack's region, then the app's extra hosts. */
    private String allowedHosts(final ExpressServiceStackProps props) {
        final List<String> hosts = new ArrayList<>();
        hosts.add(String.format(ENDPOINT_DOMAIN_FORMAT, Stack.of(this).getRegion()));
        if (props.getAllowedHosts() != null) {
            hosts.addAll(props.getAllowedHosts());
        }
        return String.join(",", hosts);
    }

    /** Lets the execution role read the secret, each Secrets Manager secret once whatever its JSON keys. */
    private void grantExecutionRoleRead(final ServiceSecret secret) {
        final Object key = secret.getSecretsManagerSecret() != null ? secret.getSecretsManagerSecret() : secret;
        if (!granted.contains(key)) {
            granted.add(key);
            secret.grantRead(executionRole);
        }
    }

    /** The library's variables, then the app's own, sorted by name (KeyValuePairProperty's fields). */
    private List<Object> renderEnvironment() {
        final Map<String, String> vars = new LinkedHashMap<>(libraryVariables);
        vars.putAll(appVariables);
        final List<Object> pairs = new ArrayList<>();
        vars.forEach((name, value) -> pairs.add(pair("value", name, value)));
        return pairs;
    }

    /** The library's secrets, then the app's own, sorted by name, each as ECS's valueFrom (SecretProperty's fields). */
    private List<Object> renderSecrets() {
        final Map<String, ServiceSecret> secrets = new LinkedHashMap<>(librarySecrets);
        secrets.putAll(appSecrets);
        final List<Object> pairs = new ArrayList<>();
        secrets.forEach((name, secret) -> pairs.add(pair("valueFrom", name, secret.ecsValueFrom())));
        return pairs;
    }

    private static Map<String, Object> pair(final String valueKey, final String name, final Object value) {
        final Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("name", name);
        pair.put(valueKey, value);
        return pair;
    }

    /** Every Secrets Manager secret the service reads: a new current version of any redeploys it. */
    private List<ISecret> watchedSecrets() {
        final List<ISecret> watched = new ArrayList<>();
        for (final Map<String, ServiceSecret> secrets : List.of(librarySecrets, appSecrets)) {
            secrets.values().stream().map(ServiceSecret::getSecretsManagerSecret).filter(Objects::nonNull)
                    .filter(s -> !watched.contains(s)).forEach(watched::add);
        }
        return watched;
    }

    /**
     * Every IAM policy of the execution and task roles (created or given, imported roles included),
     * read when the template is prepared: statements added after construction are in place before ECS
     * pulls the image, reads the secrets or starts the app. A dependency trait, not an aspect: the
     * roots are asked for once, not for every construct below the service.
     */
    private static final class RolePolicies extends Dependable {
        private final List<IRole> roles;

        RolePolicies(final List<IRole> roles) {
            this.roles = roles;
        }

        @Override
        public @NotNull List<IConstruct> getDependencyRoots() {
            final List<IConstruct> policies = new ArrayList<>();
            for (final IRole role : roles) {
                role.getNode().getChildren().stream().filter(Policy.class::isInstance).forEach(policies::add);
            }
            return policies;
        }
    }

    /**
     * Adds a plain variable of the app, after the service was built; it renders in the service's
     * primary container. The name is checked as the {@code environment} prop's names are.
     *
     * @param name the variable's name
     * @param value its value
     */
    @Override
    public void addEnvironment(final String name, final String value) {
        checkNewName("environment", name, value);
        appVariables.put(name, value);
        container.variable(name, value);
    }

    /**
     * Adds a secret variable of the app, after the service was built: the execution role may read it,
     * and a new current version of a Secrets Manager secret redeploys the service (unless
     * {@code redeployOnRotation} is false).
     *
     * @param name the variable's name
     * @param secret where its value is read
     */
    @Override
    public void addSecret(final String name, final ServiceSecret secret) {
        checkNewName("secrets", name, secret);
        appSecrets.put(name, secret);
        container.secret(name, secret);
        grantExecutionRoleRead(secret);
        if (redeployOnRotation && rotationRedeploy != null && secret.getSecretsManagerSecret() != null) {
            rotationRedeploy.watch(secret.getSecretsManagerSecret());
        }
    }

    /** The rules of the environment and secrets props (ECS reserves no name), and a name is set once. */
    private void checkNewName(final String prop, final String name, final Object value) {
        final Checks v = new Checks(getClass().getSimpleName() + "." + ("environment".equals(prop)
                ? "addEnvironment" : "addSecret"));
        v.check(name == null || !appVariables.containsKey(name) && !appSecrets.containsKey(name), prop, name,
                "already set: a name may be set once");
        final Map<String, Object> entry = Collections.singletonMap(name, value);
        Wiring.checkNames(v, "environment".equals(prop) ? entry : null, "secrets".equals(prop) ? entry : null,
                n -> false, "");
        v.throwIfInvalid();
    }

    /**
     * Adds a statement to the task role, the role the app runs with.
     *
     * @param statement the statement; it must name its resources
     */
    @Override
    public void addToRolePolicy(final PolicyStatement statement) {
        taskRole.addToPrincipalPolicy(statement);
    }

    /** @return the task role: grants to the service are the app's permissions */
    @Override
    public @NotNull IPrincipal getGrantPrincipal() {
        return taskRole;
    }

    /**
     * @return the tasks' security group this library gives them: the database's client security group
     *     ({@code service.getConnections().allowTo(other, port)} lets the app reach another resource).
     *     Other members of that group (another service of the same database) get the same access. Express
     *     adds a security group of its own that admits the load balancer; no rule here opens the tasks.
     */
    @Override
    public @NotNull Connections getConnections() {
        return connections;
    }

    /**
     * @param metricName an {@code AWS/ApplicationELB} metric
     * @param statistic its statistic
     * @param props the caller's options (period, statistic, ...), or null
     * @return the metric of the service's load balancer (dimension {@code LoadBalancer}, the
     *     {@code app/<name>/<id>} part of its ARN)
     */
    private Metric loadBalancerMetric(final String metricName, final String statistic, final @Nullable MetricOptions props) {
        final List<String> arn = Fn.split("/", getLoadBalancerArn(), 4);
        return metric(ALB_NAMESPACE, metricName, Map.of("LoadBalancer",
                Fn.join("/", List.of(arn.get(1), arn.get(2), arn.get(3)))), statistic, props);
    }

    /**
     * @return the metric of the ECS service behind the Express service (dimensions {@code ClusterName}
     *     and {@code ServiceName}, read from its ARN {@code arn:...:service/<cluster>/<name>})
     */
    private Metric serviceMetric(final String metricName, final @Nullable MetricOptions props) {
        final List<String> arn = Fn.split("/", getServiceArn(), 3);
        final Map<String, String> dimensions = new TreeMap<>();
        dimensions.put("ClusterName", arn.get(1));
        dimensions.put("ServiceName", arn.get(2));
        return metric(ECS_NAMESPACE, metricName, dimensions, "Average", props);
    }

    private static Metric metric(final String namespace, final String metricName, final Map<String, String> dimensions,
                                 final String statistic, final @Nullable MetricOptions props) {
        final Metric metric = Metric.Builder.create()
                .namespace(namespace)
                .metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(Duration.minutes(5))
                .build();
        return props == null ? metric : metric.with(props);
    }

    /**
     * The load balancer is shared by the VPC's Express services (up to 25): its metrics count all of
     * them. Express's target groups change with each canary deployment, so no target group is named.
     *
     * @param props the metric's options (period, statistic, ...), or null
     * @return the seconds from a request leaving the load balancer to the target's answer
     *     ({@code TargetResponseTime}, average over 5 minutes by default)
     */
    public Metric metricTargetResponseTime(final @Nullable MetricOptions props) {
        return loadBalancerMetric("TargetResponseTime", "Average", props);
    }

    /**
     * @param props the metric's options, or null
     * @return the HTTP 5XX answers of the targets ({@code HTTPCode_Target_5XX_Count}, sum over 5 minutes
     *     by default); the load balancer is shared, see {@link #metricTargetResponseTime}
     */
    public Metric metricHttpCodeTarget5xx(final @Nullable MetricOptions props) {
        return loadBalancerMetric("HTTPCode_Target_5XX_Count", "Sum", props);
    }

    /**
     * @param props the metric's options, or null
     * @return the requests the load balancer served ({@code RequestCount}, sum over 5 minutes by
     *     default); the load balancer is shared, see {@link #metricTargetResponseTime}
     */
    public Metric metricRequestCount(final @Nullable MetricOptions props) {
        return loadBalancerMetric("RequestCount", "Sum", props);
    }

    /**
     * @param props the metric's options, or null
     * @return the service's CPU use in percent of what its tasks reserve ({@code CPUUtilization},
     *     average over 5 minutes by default), the metric of Express's default scaling
     */
    public Metric metricCpuUtilization(final @Nullable MetricOptions props) {
        return serviceMetric("CPUUtilization", props);
    }

    /**
     * @param props the metric's options, or null
     * @return the service's memory use in percent of what its tasks reserve ({@code MemoryUtilization},
     *     average over 5 minutes by default)
     */
    public Metric metricMemoryUtilization(final @Nullable MetricOptions props) {
        return serviceMetric("MemoryUtilization", props);
    }

    /** @return the Express service (L1: no L2 exists, aws/aws-cdk#36234) */
    public CfnExpressGatewayService getService() {
        return service;
    }

    /** @return the service's ARN, an ECS service ARN ({@code service/<cluster>/<name>}) */
    public String getServiceArn() {
        return service.getAttrServiceArn();
    }

    /** @return the service's Express endpoint */
    public String getEndpoint() {
        return service.getAttrEndpoint();
    }

    /** @return the ARN of the Application Load Balancer Express put the service behind */
    public String getLoadBalancerArn() {
        return service.getAttrEcsManagedResourceArnsIngressPathLoadBalancerArn();
    }

    /** @return the VPC of the load balancer and the tasks */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return the subnets of the load balancer and the tasks */
    public List<ISubnet> getSubnets() {
        return subnets;
    }

    /** @return whether the service is private (an internal load balancer) */
    public boolean isPrivate() {
        return isPrivate;
    }

    /**
     * @return the service's container as a command's task sees it: the image, the variables and secrets
     *     of the primary container (later ones included), the service's subnets, the database's client
     *     security group, and a public IP for a public service (its subnets are public)
     */
    @Override
    public ServiceContainer getContainer() {
        return container.container();
    }

    /** @return the database the service is wired to, as seen from this construct's stack */
    @Override
    public IDjangoDatabase getDatabase() {
        return database;
    }

    /** @return the role Express manages the load balancer, security groups, certificate and scaling with */
    public IRole getInfrastructureRole() {
        return infrastructureRole;
    }

    /** @return the role ECS pulls the image, writes the logs and reads the secrets with */
    public IRole getExecutionRole() {
        return executionRole;
    }

    /** @return the role the app runs with (add the app's own permissions to it) */
    public IRole getTaskRole() {
        return taskRole;
    }

    /** @return the container's log group */
    public LogGroup getLogGroup() {
        return logGroup;
    }

    /** @return the image as bound in this construct: URI, repository, push */
    public BoundImage getImage() {
        return image;
    }

    /** @return the web ACL associated with the load balancer, or null */
    public @Nullable IWebACLRef getWebAcl() {
        return webAcl;
    }

    /** @return the load balancer's DNS name (from the custom domain's handler), or null without a custom domain */
    public @Nullable String getLoadBalancerDnsName() {
        return domain == null ? null : domain.getLoadBalancerDnsName();
    }

    /** @return the EventBridge rule that redeploys after a secret change, or null when turned off */
    public @Nullable Rule getRotationRedeployRule() {
        return rotationRedeploy == null ? null : rotationRedeploy.rule();
    }

    /** @return the EventBridge rule that redeploys after a push of the image's tag, or null */
    public @Nullable Rule getImagePushRule() {
        return imagePushRule;
    }

    /** @return the alarm on failed redeploys (after a secret change or a push), or null when both are off */
    public @Nullable Alarm getRotationRedeployAlarm() {
        return rotationRedeploy == null ? null : rotationRedeploy.alarm();
    }
}
