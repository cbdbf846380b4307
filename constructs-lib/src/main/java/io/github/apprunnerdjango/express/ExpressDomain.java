package io.github.apprunnerdjango.express;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.HandlerCode;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.ProviderNag;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ecs.CfnExpressGatewayService;
import software.amazon.awscdk.services.elasticloadbalancingv2.CfnListenerCertificate;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.CfnRecordSet;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.constructs.Construct;

/**
 * A custom domain on an Express Mode service, as AWS describes it for Express
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-advanced-customization.html):
 * an ACM certificate (DNS-validated in the hosted zone, or given) on the load balancer's HTTPS
 * listener ({@code AWS::ElasticLoadBalancingV2::ListenerCertificate}), the domain in the host-header
 * condition of the service's listener rule (a custom resource: CloudFormation has no resource for a
 * rule it did not create), and a Route 53 alias record to the load balancer. Express keeps changes
 * made outside its API unless an Express update rewrites them; the custom resource carries the
 * service's {@code UpdatedAt}, so it adds the domain again after every update of the service.
 */
final class ExpressDomain extends Construct {
    /** The handler's source file (internal/handlers). */
    static final String HANDLER = "express-domain-on-event";
    /** A weighted record's TTL: short, so a change of weights reaches clients within a minute. */
    static final String WEIGHTED_TTL = "60";

    private final CustomResource hostRule;
    private final ICertificate certificate;

    ExpressDomain(final Construct scope, final String id, final CfnExpressGatewayService service, final String domainName,
                  final @Nullable IHostedZone hostedZone, final @Nullable ICertificate given,
                  final @Nullable Integer weight) {
        super(scope, id);
        this.certificate = given != null ? given : Certificate.Builder.create(this, "Certificate")
                .domainName(domainName)
                .validation(CertificateValidation.fromDns(hostedZone))
                .build();
        final CfnListenerCertificate listenerCertificate = CfnListenerCertificate.Builder.create(this, "ListenerCertificate")
                .listenerArn(service.getAttrEcsManagedResourceArnsIngressPathListenerArn())
                .certificates(List.of(CfnListenerCertificate.CertificateProperty.builder()
                        .certificateArn(certificate.getCertificateArn()).build()))
                .build();

        final Function onEvent = Function.Builder.create(this, "OnEventHandler")
                .runtime(HandlerCode.RUNTIME)
                .handler("index.handler")
                .code(HandlerCode.of(this, HANDLER))
                .timeout(Duration.seconds(30))
                .logGroup(LogGroup.Builder.create(this, "OnEventHandlerLogs").retention(RetentionDays.ONE_MONTH).build())
                .build();
        // Describe* accept only Resource * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html)
        onEvent.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeRules"))
                .resources(List.of("*"))
                .build());
        // any listener rule of the account and Region, not only this service's: after a replacement of
        // the service, CloudFormation's clean-up deletes the old resource, whose handler must still take
        // the host condition off the OLD service's rule (a new rule ARN)
        onEvent.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("elasticloadbalancing:ModifyRule"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("elasticloadbalancing").resource("listener-rule").resourceName("app/*")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());
        ProviderNag.basicExecutionRole(onEvent, "Express custom domain onEvent handler");
        NagSuppressions.suppress(onEvent, "AwsSolutions-IAM5", "Express custom domain handler:"
                + " elasticloadbalancing:DescribeRules and DescribeLoadBalancers accept only Resource *; ModifyRule"
                + " covers the account's application listener rules, so that a replaced service's old rule can be"
                + " cleaned up (its ARN is not known to the new resource)", "Resource::*",
                "/^Resource::arn:(<AWS::Partition>|aws|aws-[a-z-]+):elasticloadbalancing:(<AWS::Region>|[a-z]{2}(-[a-z]+)+-\\d)"
                        + ":(<AWS::AccountId>|\\d{12}):listener-rule\\/app\\/\\*$/");
        final Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(onEvent).build();
        ProviderNag.framework(provider, "Express custom domain");

        final Map<String, Object> properties = new TreeMap<>();
        properties.put("DomainName", domainName);
        properties.put("LoadBalancerArn", service.getAttrEcsManagedResourceArnsIngressPathLoadBalancerArn());
        properties.put("RuleArn", service.getAttrEcsManagedResourceArnsIngressPathListenerRuleArn());
        properties.put("ServiceUpdatedAt", service.getAttrUpdatedAt());
        this.hostRule = CustomResource.Builder.create(this, "HostRule")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::ExpressDomain")
                .properties(properties)
                .build();
        // the certificate is on the listener before requests for the domain are routed
        hostRule.getNode().addDependency(listenerCertificate);

        if (hostedZone != null) {
            final CfnRecordSet.Builder record = CfnRecordSet.Builder.create(this, "DomainRecord")
                    .hostedZoneId(hostedZone.getHostedZoneId())
                    .name(domainName + ".");
            if (weight == null) {
                record.type("A").aliasTarget(CfnRecordSet.AliasTargetProperty.builder()
                        .dnsName(getLoadBalancerDnsName())
                        .hostedZoneId(hostRule.getAttString("CanonicalHostedZoneId"))
                        .evaluateTargetHealth(false)
                        .build());
            } else {
                // weighed against an App Runner service's CNAME: Route 53 weighs records of one type
                record.type("CNAME").setIdentifier(Stack.of(this).getStackName()).weight(weight).ttl(WEIGHTED_TTL)
                        .resourceRecords(List.of(getLoadBalancerDnsName()));
            }
            record.build();
        }
        CfnOutput.Builder.create(this, "DomainTargetOutput")
                .description(hostedZone != null ? "Load balancer the record of " + domainName + " points to"
                        : "Route " + domainName + " to this load balancer (a CNAME, or an alias A record)")
                .value(getLoadBalancerDnsName())
                .build();
    }

    /** @return the load balancer's DNS name, which the domain's record points to */
    String getLoadBalancerDnsName() {
        return hostRule.getAttString("DNSName");
    }

    /** @return the certificate on the listener */
    ICertificate getCertificate() {
        return certificate;
    }
}
