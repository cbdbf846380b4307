package io.github.apprunnerdjango.express;

import java.util.List;

import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.internal.StackPathsKept;
import io.github.apprunnerdjango.service.BoundImage;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.CfnExpressGatewayService;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
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
 *
 * <p>A thin stack around {@link ExpressDjangoService}: to put the service into a stack of your own
 * (or a Stage), use the construct. This stack adds the outputs {@code ServiceArn} and
 * {@code ServiceEndpoint}.
 */
public class ExpressServiceStack extends Stack {
    /** The CPU units of a task when none are given (0.25 vCPU, as ServiceStack's default). */
    public static final int DEFAULT_CPU = ExpressDjangoService.DEFAULT_CPU;
    /** The memory of a task in MiB when none is given (0.5 GB, as ServiceStack's default). */
    public static final int DEFAULT_MEMORY = ExpressDjangoService.DEFAULT_MEMORY;
    /** The container port used when none is given. */
    public static final int DEFAULT_PORT = ExpressDjangoService.DEFAULT_PORT;
    /** The health check path used when none is given (the image answers it without the database). */
    public static final String DEFAULT_HEALTH_CHECK_PATH = ExpressDjangoService.DEFAULT_HEALTH_CHECK_PATH;
    /** The fewest tasks when none is given. */
    public static final int DEFAULT_MIN_TASKS = ExpressDjangoService.DEFAULT_MIN_TASKS;
    /** The most tasks when none is given. */
    public static final int DEFAULT_MAX_TASKS = ExpressDjangoService.DEFAULT_MAX_TASKS;
    /** The scaling metric's target value when none is given (Express's own default for CPU). */
    public static final int DEFAULT_SCALING_TARGET = ExpressDjangoService.DEFAULT_SCALING_TARGET;
    /**
     * The AWS managed policy of Express Mode's infrastructure role
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html).
     */
    public static final String INFRASTRUCTURE_ROLE_POLICY = ExpressDjangoService.INFRASTRUCTURE_ROLE_POLICY;
    /** The prefix of the container's log streams (Express's default). */
    public static final String LOG_STREAM_PREFIX = ExpressDjangoService.LOG_STREAM_PREFIX;
    /**
     * The Express endpoints' domain in a region, {@code <name>.ecs.<region>.on.aws}: Django accepts
     * its sub-domains, as it accepts App Runner's {@code .awsapprunner.com}.
     */
    static final String ENDPOINT_DOMAIN_FORMAT = ExpressDjangoService.ENDPOINT_DOMAIN_FORMAT;

    private final ExpressDjangoService djangoService;

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param props the props; see {@link ExpressServiceStackProps} for what is required
     */
    public ExpressServiceStack(final Construct scope, final String id, final ExpressServiceStackProps props) {
        super(scope, id, ExpressValidation.validated(scope, props, false)
                .toStackProps("ECS Express Mode service running the Django image"));
        // "Default" is left out of logical ids: the resources keep the ids they had when this stack
        // made them itself (https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers_logical_ids)
        this.djangoService = new ExpressDjangoService(this, "Default", props, true);
        StackPathsKept.applyTo(this, "Default");
        CfnOutput.Builder.create(this, "ServiceArn").value(djangoService.getServiceArn())
                .description("Express service ARN (an ECS service)").build();
        CfnOutput.Builder.create(this, "ServiceEndpoint").value(djangoService.getEndpoint())
                .description(djangoService.isPrivate() ? "Express endpoint, inside the VPC" : "Express endpoint").build();
    }

    /** @return the service construct this stack holds (grants, connections, metrics, added variables and secrets) */
    public ExpressDjangoService getDjangoService() {
        return djangoService;
    }

    /** @return the Express service (L1: no L2 exists, aws/aws-cdk#36234) */
    public CfnExpressGatewayService getService() {
        return djangoService.getService();
    }

    /** @return the service's ARN, an ECS service ARN ({@code service/<cluster>/<name>}) */
    public String getServiceArn() {
        return djangoService.getServiceArn();
    }

    /** @return the service's Express endpoint */
    public String getEndpoint() {
        return djangoService.getEndpoint();
    }

    /** @return the ARN of the Application Load Balancer Express put the service behind */
    public String getLoadBalancerArn() {
        return djangoService.getLoadBalancerArn();
    }

    /** @return the VPC of the load balancer and the tasks */
    public IVpc getVpc() {
        return djangoService.getVpc();
    }

    /** @return the subnets of the load balancer and the tasks */
    public List<ISubnet> getSubnets() {
        return djangoService.getSubnets();
    }

    /** @return whether the service is private (an internal load balancer) */
    public boolean isPrivate() {
        return djangoService.isPrivate();
    }

    /** @return the database the service is wired to, as seen from this stack */
    public IDjangoDatabase getDatabase() {
        return djangoService.getDatabase();
    }

    /** @return the role Express manages the load balancer, security groups, certificate and scaling with */
    public IRole getInfrastructureRole() {
        return djangoService.getInfrastructureRole();
    }

    /** @return the role ECS pulls the image, writes the logs and reads the secrets with */
    public IRole getExecutionRole() {
        return djangoService.getExecutionRole();
    }

    /** @return the role the app runs with (add the app's own permissions to it) */
    public IRole getTaskRole() {
        return djangoService.getTaskRole();
    }

    /** @return the container's log group */
    public LogGroup getLogGroup() {
        return djangoService.getLogGroup();
    }

    /** @return the image as bound in this stack: URI, repository, push */
    public BoundImage getImage() {
        return djangoService.getImage();
    }

    /** @return the web ACL associated with the load balancer, or null */
    public @Nullable IWebACLRef getWebAcl() {
        return djangoService.getWebAcl();
    }

    /** @return the load balancer's DNS name (from the custom domain's handler), or null without a custom domain */
    public @Nullable String getLoadBalancerDnsName() {
        return djangoService.getLoadBalancerDnsName();
    }

    /** @return the EventBridge rule that redeploys after a secret change, or null when turned off */
    public @Nullable Rule getRotationRedeployRule() {
        return djangoService.getRotationRedeployRule();
    }

    /** @return the EventBridge rule that redeploys after a push of the image's tag, or null */
    public @Nullable Rule getImagePushRule() {
        return djangoService.getImagePushRule();
    }

    /** @return the alarm on failed redeploys (after a secret change or a push), or null when both are off */
    public @Nullable Alarm getRotationRedeployAlarm() {
        return djangoService.getRotationRedeployAlarm();
    }
}
