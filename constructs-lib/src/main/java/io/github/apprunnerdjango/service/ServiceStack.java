package io.github.apprunnerdjango.service;

import java.util.List;

import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.internal.StackPathsKept;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.wafv2.IWebACLRef;
import software.amazon.awscdk.services.apprunner.alpha.AutoScalingConfiguration;
import software.amazon.awscdk.services.apprunner.alpha.ObservabilityConfiguration;
import software.amazon.awscdk.services.apprunner.alpha.Service;
import software.amazon.awscdk.services.apprunner.alpha.VpcConnector;
import software.amazon.awscdk.services.apprunner.alpha.VpcIngressConnection;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * The Django image on AWS App Runner: the image source (built and pushed, pushed by CI, or a CDK
 * asset), a VPC connector that joins DataStack's database-client security group, every credential
 * injected from Secrets Manager, and the options the CDK's App Runner module leaves to the user:
 * health check, auto scaling, X-Ray tracing, WAF, a private endpoint and a custom domain.
 *
 * <p>A thin stack around {@link AppRunnerDjangoService}, with the outputs {@code ServiceUrl} (public
 * services), {@code PrivateDomainName} (private ones) and {@code ServiceArn}: to put the service into
 * a stack of your own (or a Stage), use the construct.
 */
public class ServiceStack extends Stack {
    /** The container port used when none is given. */
    public static final int DEFAULT_PORT = AppRunnerDjangoService.DEFAULT_PORT;
    /** The health check path used when none is given (the image answers it without the database). */
    public static final String DEFAULT_HEALTH_CHECK_PATH = AppRunnerDjangoService.DEFAULT_HEALTH_CHECK_PATH;
    /** The fewest instances when none is given. */
    public static final int DEFAULT_MIN_SIZE = AppRunnerDjangoService.DEFAULT_MIN_SIZE;
    /** The most instances when none is given (or minSize + 1, when minSize reaches it). */
    public static final int DEFAULT_MAX_SIZE = AppRunnerDjangoService.DEFAULT_MAX_SIZE;
    /** The concurrent requests per instance when none is given. */
    public static final int DEFAULT_MAX_CONCURRENCY = AppRunnerDjangoService.DEFAULT_MAX_CONCURRENCY;
    /** What the instance role may do with tracing on (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html). */
    static final List<String> XRAY_ACTIONS = AppRunnerDjangoService.XRAY_ACTIONS;

    private final AppRunnerDjangoService service;

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param props the props; see {@link ServiceStackProps} for what is required
     */
    public ServiceStack(final Construct scope, final String id, final ServiceStackProps props) {
        super(scope, id, ServiceValidation.validated(scope, props, false)
                .toStackProps("App Runner service running the Django image"));
        // "Default" is left out of logical ids: the resources keep the ids they had when this stack
        // made them itself (https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers_logical_ids)
        this.service = new AppRunnerDjangoService(this, "Default", props, true);
        StackPathsKept.applyTo(this, "Default");
        final VpcIngressConnection ingress = service.getIngressConnection();
        if (ingress == null) {
            // a private service has no ServiceUrl attribute: reading it fails the stack
            // (aws/apprunner-roadmap#235; its address is the ingress connection's PrivateDomainName)
            CfnOutput.Builder.create(this, "ServiceUrl").value("https://" + service.getServiceUrl())
                    .description("App Runner default URL").build();
        } else {
            CfnOutput.Builder.create(this, "PrivateDomainName").value(ingress.getDomainName())
                    .description("Domain of the service inside the VPC").build();
        }
        CfnOutput.Builder.create(this, "ServiceArn").value(service.getService().getServiceArn())
                .description("App Runner service ARN").build();
    }

    /** @return the service construct this stack holds (grants, metrics, variables added later) */
    public AppRunnerDjangoService getDjangoService() {
        return service;
    }

    /** @return the App Runner service */
    public Service getService() {
        return service.getService();
    }

    /**
     * @return the service's default host name (without https://); a private service has none
     * @throws IllegalStateException for a private service: App Runner gives it no ServiceUrl attribute
     *     (use {@link #getIngressConnection()}'s domain name)
     */
    public String getServiceUrl() {
        return service.getServiceUrl();
    }

    /** @return the role App Runner runs the app with (add the app's own permissions to it) */
    public IRole getInstanceRole() {
        return service.getInstanceRole();
    }

    /** @return the VPC connector, which joins the database's client security group */
    public VpcConnector getVpcConnector() {
        return service.getVpcConnector();
    }

    /** @return the database the service is wired to, as seen from this stack */
    public IDjangoDatabase getDatabase() {
        return service.getDatabase();
    }

    /** @return the X-Ray interface endpoint created for tracing, or null */
    public @Nullable IInterfaceVpcEndpoint getTracingEndpoint() {
        return service.getTracingEndpoint();
    }

    /** @return the alarm on failed redeploys after a secret change, or null when turned off */
    public @Nullable Alarm getRotationRedeployAlarm() {
        return service.getRotationRedeployAlarm();
    }

    /** @return the auto scaling configuration */
    public AutoScalingConfiguration getAutoScalingConfiguration() {
        return service.getAutoScalingConfiguration();
    }

    /** @return the X-Ray observability configuration, or null when tracing is off */
    public @Nullable ObservabilityConfiguration getObservabilityConfiguration() {
        return service.getObservabilityConfiguration();
    }

    /** @return the web ACL associated with the service, or null */
    public @Nullable IWebACLRef getWebAcl() {
        return service.getWebAcl();
    }

    /** @return the VPC ingress connection of the private endpoint, or null when public */
    public @Nullable VpcIngressConnection getIngressConnection() {
        return service.getIngressConnection();
    }

    /** @return the EventBridge rule that redeploys after a rotation, or null when turned off */
    public @Nullable Rule getRotationRedeployRule() {
        return service.getRotationRedeployRule();
    }

    /** @return the host name the custom domain's CNAME points to, or null without a custom domain */
    public @Nullable String getCustomDomainTarget() {
        return service.getCustomDomainTarget();
    }
}
