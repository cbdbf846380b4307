package io.github.apprunnerdjango.express;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.internal.DefaultWebAcl;
import io.github.apprunnerdjango.internal.Domains;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.RotationRedeploy;
import io.github.apprunnerdjango.service.Wiring;
import io.github.apprunnerdjango.service.BoundImage;
import io.github.apprunnerdjango.service.ServiceEnvironment;
import io.github.apprunnerdjango.service.ServiceSecret;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.CfnExpressGatewayService;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The Django image on Amazon ECS Express Mode ({@code AWS::ECS::ExpressGatewayService}), for the
 * accounts App Runner no longer admits
 * (https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html), on the same
 * NetworkStack and DataStack as {@code ServiceStack}, with the same image sources, environment
 * contract, secrets, redeploy after rotation, WAF and custom domain. Express creates, in the account,
 * an Application Load Balancer (shared by up to 25 Express services of the VPC), its HTTPS listener,
 * a target group, security groups, Fargate tasks with canary deployments and target tracking scaling
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html). This stack
 * creates the service, its three roles, its log group and the options.
 */
public class ExpressServiceStack extends Stack {
    /** The CPU units of a task when none are given (0.25 vCPU, as ServiceStack's default). */
    public static final int DEFAULT_CPU = 256;
    /** The memory of a task in MiB when none is given (0.5 GB, as ServiceStack's default). */
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

    private final CfnExpressGatewayService service;
    private final IVpc vpc;
    private final List<ISubnet> subnets;
    private final IDjangoDatabase database;
    private final Role infrastructureRole;
    private final Role executionRole;
    private final Role taskRole;
    private final LogGroup logGroup;
    private final BoundImage image;
    private final @Nullable IWebACLRef webAcl;
    private final @Nullable ExpressDomain domain;
    private final @Nullable RotationRedeploy rotationRedeploy;
    private final @Nullable Rule imagePushRule;
    private final boolean isPrivate;

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param props the props; see {@link ExpressServiceStackProps} for what is required
     */
    public ExpressServiceStack(final Construct scope, final String id, final ExpressServiceStackProps props) {
        super(scope, id, ExpressValidation.validated(props)
                .toStackProps("ECS Express Mode service running the Django image"));
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

        this.image = props.getImage().bindImage(this);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(Objects.requireNonNullElse(props.getLogRetention(), RetentionDays.THREE_MONTHS))
                .build();
        this.infrastructureRole = Role.Builder.create(this, "InfrastructureRole")
                .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
                .description("ECS Express Mode manages this service's load balancer, security groups, certificate"
                        + " and scaling with it")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(INFRASTRUCTURE_ROLE_POLICY)))
                .build();
        NagSuppressions.suppress(infrastructureRole, "AwsSolutions-IAM4", "Express Mode's infrastructure role: AWS"
                + " documents this managed policy for it (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                + "infrastructure_IAM_role.html); ECS assumes the role only to create, update and delete the"
                + " service's load balancer, security groups, certificate and scaling",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/" + INFRASTRUCTURE_ROLE_POLICY);

        final Map<String, ServiceSecret> secrets = secrets(props);
        this.executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("ECS pulls the image, writes the logs and reads exactly the service's secrets with it")
                .build();
        image.getRepository().grantPull(executionRole);
        logGroup.grantWrite(executionRole);
        final List<Object> granted = new ArrayList<>();
        for (final ServiceSecret secret : secrets.values()) {
            final Object key = secret.getSecretsManagerSecret() != null ? secret.getSecretsManagerSecret() : secret;
            if (!granted.contains(key)) {
                granted.add(key);
                secret.grantRead(executionRole);
            }
        }
        NagSuppressions.suppress(executionRole, "AwsSolutions-IAM5", "ECS task execution role:"
                + " ecr:GetAuthorizationToken accepts only Resource *; pulls are limited to the image's repository",
                "Resource::*");
        this.taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("The Django app's own permissions (taskRolePolicyStatements)")
                .build();
        if (props.getTaskRolePolicyStatements() != null) {
            props.getTaskRolePolicyStatements().forEach(taskRole::addToPolicy);
        }

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
                        .environment(environment(props, domainName, port))
                        .secrets(secrets.entrySet().stream().<Object>map(e -> CfnExpressGatewayService.SecretProperty
                                .builder().name(e.getKey()).valueFrom(e.getValue().ecsValueFrom()).build()).toList())
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
        // ECS pulls the image and reads the secrets while it creates the service: the policies must
        // exist first, not merely the roles; and the first deployment must find the image pushed
        for (final Role role : List.of(executionRole, taskRole)) {
            final IConstruct policy = role.getNode().tryFindChild("DefaultPolicy");
            if (policy != null) {
                service.getNode().addDependency(policy);
            }
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
        final boolean onRotation = !Boolean.FALSE.equals(props.getRedeployOnRotation());
        final boolean onPush = !Boolean.FALSE.equals(props.getRedeployOnImagePush()) && image.getMutableTag() != null;
        this.rotationRedeploy = !onRotation && !onPush ? null : new RotationRedeploy(this, "RotationRedeploy",
                RotationRedeploy.Target.ecsForceNewDeployment(service.getAttrServiceArn()),
                onRotation ? watchedSecrets(secrets) : List.of());
        this.imagePushRule = onPush ? imagePushRule(Objects.requireNonNull(rotationRedeploy)) : null;

        CfnOutput.Builder.create(this, "ServiceArn").value(service.getAttrServiceArn())
                .description("Express service ARN (an ECS service)").build();
        CfnOutput.Builder.create(this, "ServiceEndpoint").value(service.getAttrEndpoint())
                .description(isPrivate ? "Express endpoint, inside the VPC" : "Express endpoint").build();
    }

    /**
     * A push of the image's tag forces a new deployment: ECR's "ECR Image Action" event
     * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html). The rule exists
     * only once the service does, so the first push (before the service is created) starts nothing.
     */
    private Rule imagePushRule(final RotationRedeploy redeploy) {
        final Map<String, Object> detail = new TreeMap<>();
        detail.put("action-type", List.of("PUSH"));
        detail.put("image-tag", List.of(Objects.requireNonNull(image.getMutableTag())));
        detail.put("repository-name", List.of(image.getRepository().getRepositoryName()));
        detail.put("result", List.of("SUCCESS"));
        final Rule rule = redeploy.addRule("ImagePushed", "Redeploy the ECS Express Mode service when its image tag is"
                + " pushed again", EventPattern.builder()
                .source(List.of("aws.ecr"))
                .detailType(List.of("ECR Image Action"))
                .detail(detail)
                .build());
        rule.getNode().addDependency(service);
        return rule;
    }

    /** The library's secrets (ServiceEnvironment), then the app's own, sorted by name. */
    private Map<String, ServiceSecret> secrets(final ExpressServiceStackProps props) {
        final Map<String, ServiceSecret> secrets = ServiceEnvironment.secretSources(database.getServiceDatabaseSecret(),
                database.getSuperuserSecret(), database.getSecretKeySecret());
        if (props.getSecrets() != null) {
            secrets.putAll(new TreeMap<>(props.getSecrets()));
        }
        return secrets;
    }

    /** The library's variables, then the app's own, sorted by name. */
    private List<Object> environment(final ExpressServiceStackProps props, final @Nullable String domainName,
                                     final int port) {
        final List<String> hosts = new ArrayList<>();
        hosts.add(String.format(ENDPOINT_DOMAIN_FORMAT, getRegion()));
        if (props.getAllowedHosts() != null) {
            hosts.addAll(props.getAllowedHosts());
        }
        final Map<String, String> vars = ServiceEnvironment.variables(domainName, String.join(",", hosts), port, false);
        if (props.getEnvironment() != null) {
            vars.putAll(new TreeMap<>(props.getEnvironment()));
        }
        final List<Object> pairs = new ArrayList<>();
        vars.forEach((name, value) -> pairs.add(CfnExpressGatewayService.KeyValuePairProperty.builder()
                .name(name).value(value).build()));
        return pairs;
    }

    /** Every Secrets Manager secret the service reads: a new current version of any redeploys it. */
    private static List<ISecret> watchedSecrets(final Map<String, ServiceSecret> secrets) {
        final List<ISecret> watched = new ArrayList<>();
        secrets.values().stream().map(ServiceSecret::getSecretsManagerSecret).filter(Objects::nonNull)
                .filter(s -> !watched.contains(s)).forEach(watched::add);
        return watched;
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

    /** @return the database the service is wired to, as seen from this stack */
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

    /** @return the image as bound in this stack: URI, repository, push */
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
