package io.github.apprunnerdjango.service;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.HandlerCode;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.ProviderNag;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apprunner.alpha.Service;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.CfnRecordSet;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.customresources.Provider;
import software.constructs.Construct;

/**
 * Associates a custom domain with the App Runner service. CloudFormation has no resource for it, so
 * a custom resource provider associates it (a domain already associated with the service counts, as
 * in a rollback), waits until App Runner publishes the certificate validation records (seconds later)
 * and, on delete, disassociates (again while the service is busy with another operation), deletes the
 * records and waits. When the service is replaced (a rename), the update moves the domain: App Runner
 * associates a domain with one service at a time, so it is disassociated from the old service first.
 *
 * <p>App Runner returns one or more validation records, their number known only at deploy time
 * (https://docs.aws.amazon.com/apprunner/latest/api/API_DescribeCustomDomains.html), so the template
 * cannot hold one record resource per record. With a hosted zone, the handler UPSERTs every
 * validation CNAME in it (and deletes them with the association); without one, a single output lists
 * them all. The handler fails with a clear message when no record appears within 10 minutes instead of
 * waiting for the provider's timeout.
 *
 * <p>The handler writes the records with a TTL of 600 s, not the 300 s of 0.1.0's record resources:
 * Route 53 deletes a record only when every value matches, so when CloudFormation removes those old
 * resources at the end of an upgrade, the records the handler has just written stay
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html).
 */
final class CustomDomain extends Construct {
    /** A weighted record's TTL: short, so a change of weights reaches clients within a minute. */
    static final String WEIGHTED_TTL = "60";
    /** An ARN's partition in cdk-nag's rendering: a token, or a literal once the stack has an environment. */
    private static final String PARTITION = "(<AWS::Partition>|aws|aws-[a-z-]+)";
    /** The minutes the handler waits for validation records before it fails. */
    static final int RECORDS_TIMEOUT_MINUTES = 10;

    private final CustomResource association;

    CustomDomain(final Construct scope, final String id, final Service service, final String domainName,
                 final @Nullable IHostedZone hostedZone, final @Nullable Integer weight) {
        super(scope, id);
        final Function onEvent = handler("OnEventHandler", "custom-domain-on-event");
        onEvent.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("apprunner:AssociateCustomDomain", "apprunner:DescribeCustomDomains"))
                .resources(List.of(service.getServiceArn()))
                .build());
        final Function isComplete = handler("IsCompleteHandler", "custom-domain-is-complete");
        // any service of the account and Region: a replaced service has a new ARN, and the handler
        // moves the domain off the old one (whose ARN the template no longer has) onto the new one in
        // the update, back in its rollback (while this policy may still name either), and
        // CloudFormation deletes the old physical id afterwards
        final String anyService = Stack.of(this).formatArn(ArnComponents.builder()
                .service("apprunner").resource("service").resourceName("*/*").build());
        isComplete.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("apprunner:AssociateCustomDomain", "apprunner:DescribeCustomDomains",
                        "apprunner:DisassociateCustomDomain"))
                .resources(List.of(anyService))
                .build());
        final String anyZone = "arn:" + Aws.PARTITION + ":route53:::hostedzone/*";
        if (hostedZone != null) {
            // only this domain's validation CNAMEs (_<token>.<domain>), only UPSERT and DELETE, in any
            // zone: after a change of zone the handler deletes them from the previous one, which the
            // template no longer names
            // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html)
            isComplete.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("route53:ChangeResourceRecordSets"))
                    .resources(List.of(anyZone))
                    .conditions(ordered(
                            "ForAllValues:StringEquals", ordered(
                                    "route53:ChangeResourceRecordSetsRecordTypes", List.of("CNAME"),
                                    "route53:ChangeResourceRecordSetsActions", List.of("UPSERT", "DELETE")),
                            "ForAllValues:StringLike", Map.of(
                                    "route53:ChangeResourceRecordSetsNormalizedRecordNames", List.of("_*." + domainName))))
                    .build());
            // before deleting the records: does the zone still have a record of the domain (another
            // service's, which validates with the same records)?
            isComplete.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("route53:ListResourceRecordSets"))
                    .resources(List.of(anyZone))
                    .build());
        }
        NagSuppressions.suppress(isComplete, "AwsSolutions-IAM5", "Custom domain isComplete handler: it"
                + " moves the domain from a replaced service to its replacement and back in a rollback (ARNs the"
                + " template does not both have) and"
                + " deletes the domain's validation CNAMEs (_*.<domain>, CNAME, UPSERT/DELETE only) from a"
                + " previous hosted zone (unknown to the template)",
                "/^Resource::arn:" + PARTITION + ":apprunner:(<AWS::Region>|[a-z]{2}(-[a-z]+)+-\\d):(<AWS::AccountId>|\\d{12})"
                        + ":service\\/\\*\\/\\*$/",
                "/^Resource::arn:" + PARTITION + ":route53:::hostedzone\\/\\*$/");
        final Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(onEvent)
                .isCompleteHandler(isComplete)
                .queryInterval(Duration.seconds(10))
                .totalTimeout(Duration.minutes(RECORDS_TIMEOUT_MINUTES + 5))
                .build();
        ProviderNag.basicExecutionRole(onEvent, "Custom domain onEvent handler");
        ProviderNag.basicExecutionRole(isComplete, "Custom domain isComplete handler");
        ProviderNag.framework(provider, "custom domain association");
        final Map<String, Object> properties = new TreeMap<>();
        properties.put("ServiceArn", service.getServiceArn());
        properties.put("DomainName", domainName);
        properties.put("EnableWWWSubdomain", "false");
        if (hostedZone != null) {
            properties.put("HostedZoneId", hostedZone.getHostedZoneId());
        }
        this.association = CustomResource.Builder.create(this, "Association")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::AppRunnerCustomDomain")
                .properties(properties)
                .build();

        if (hostedZone != null) {
            final CfnRecordSet record = cname("DomainRecord", hostedZone, domainName + ".", getDnsTarget());
            if (weight != null) {
                // a weighted record of the same resource: setting the weight updates the deployed record
                // in place (its name and zone, the only create-only properties, stay)
                record.setSetIdentifier(Stack.of(this).getStackName());
                record.setWeight(weight);
                record.setTtl(WEIGHTED_TTL);
            }
        } else {
            CfnOutput.Builder.create(this, "ValidationRecordsOutput")
                    .description("Add these CNAMEs (name CNAME value; ...) to validate the certificate of " + domainName)
                    .value(association.getAttString("ValidationRecords"))
                    .build();
        }
        CfnOutput.Builder.create(this, "DomainRecordOutput")
                .description(hostedZone != null ? "Record created for " + domainName
                        : "Add this CNAME to point " + domainName + " at the service")
                .value(Fn.join(" ", List.of(domainName, "CNAME", getDnsTarget())))
                .build();
    }

    private static Map<String, Object> ordered(final String k1, final Object v1, final String k2, final Object v2) {
        final Map<String, Object> map = new TreeMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    /**
     * A CNAME with the name exactly as given: App Runner returns fully qualified names, which
     * {@code CnameRecord} would qualify with the zone name a second time.
     */
    private CfnRecordSet cname(final String id, final IHostedZone zone, final String name, final String value) {
        return CfnRecordSet.Builder.create(this, id)
                .hostedZoneId(zone.getHostedZoneId())
                .name(name)
                .type("CNAME")
                .ttl("300")
                .resourceRecords(List.of(value))
                .build();
    }

    private Function handler(final String id, final String source) {
        return Function.Builder.create(this, id)
                .runtime(ImagePush.HANDLER_RUNTIME)
                .handler("index.handler")
                .code(HandlerCode.of(this, source))
                .timeout(Duration.seconds(30))
                .logGroup(LogGroup.Builder.create(this, id + "Logs").retention(RetentionDays.ONE_MONTH).build())
                .build();
    }

    /** @return the host name the domain's CNAME points to */
    String getDnsTarget() {
        return association.getAttString("DNSTarget");
    }
}
