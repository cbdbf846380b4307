package io.github.apprunnerdjango.service;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.internal.InlineHandlers;
import io.github.apprunnerdjango.internal.ProviderNag;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.apprunner.alpha.Service;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.CfnRecordSet;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.customresources.Provider;
import software.constructs.Construct;

/**
 * Associates a custom domain with the App Runner service. CloudFormation has no resource for it, so
 * a custom resource provider associates it, waits until App Runner publishes the certificate
 * validation records (they appear seconds later) and, on delete, disassociates and waits.
 *
 * <p>With a hosted zone, the validation CNAMEs and the domain's record are created in it; without,
 * the records to add by hand are stack outputs.
 */
final class CustomDomain extends Construct {
    /** App Runner publishes two validation records for a sub-domain without www. */
    static final int VALIDATION_RECORDS = 2;

    private final CustomResource association;

    CustomDomain(final Construct scope, final String id, final Service service, final String domainName,
                 final @Nullable IHostedZone hostedZone) {
        super(scope, id);
        final Function onEvent = handler("OnEventHandler", "custom-domain-on-event");
        onEvent.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("apprunner:AssociateCustomDomain", "apprunner:DisassociateCustomDomain"))
                .resources(List.of(service.getServiceArn()))
                .build());
        final Function isComplete = handler("IsCompleteHandler", "custom-domain-is-complete");
        isComplete.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("apprunner:DescribeCustomDomains"))
                .resources(List.of(service.getServiceArn()))
                .build());
        final Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(onEvent)
                .isCompleteHandler(isComplete)
                .queryInterval(Duration.seconds(10))
                .totalTimeout(Duration.minutes(15))
                .build();
        ProviderNag.basicExecutionRole(onEvent, "Custom domain onEvent handler");
        ProviderNag.basicExecutionRole(isComplete, "Custom domain isComplete handler");
        ProviderNag.framework(provider, "custom domain association");
        this.association = CustomResource.Builder.create(this, "Association")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::AppRunnerCustomDomain")
                .properties(Map.of(
                        "ServiceArn", service.getServiceArn(),
                        "DomainName", domainName,
                        "EnableWWWSubdomain", "false"))
                .build();

        for (int i = 0; i < VALIDATION_RECORDS; i++) {
            final String name = association.getAttString("ValidationRecord" + i + "Name");
            final String value = association.getAttString("ValidationRecord" + i + "Value");
            if (hostedZone != null) {
                cname("ValidationRecord" + i, hostedZone, name, value);
            } else {
                CfnOutput.Builder.create(this, "ValidationRecord" + i + "Output")
                        .description("Add this CNAME to validate the certificate of " + domainName)
                        .value(Fn.join(" ", List.of(name, "CNAME", value)))
                        .build();
            }
        }
        if (hostedZone != null) {
            cname("DomainRecord", hostedZone, domainName + ".", getDnsTarget());
        }
        CfnOutput.Builder.create(this, "DomainRecordOutput")
                .description(hostedZone != null ? "Record created for " + domainName
                        : "Add this CNAME to point " + domainName + " at the service")
                .value(Fn.join(" ", List.of(domainName, "CNAME", getDnsTarget())))
                .build();
    }

    /**
     * A CNAME with the name exactly as given: App Runner returns fully qualified names, which
     * {@code CnameRecord} would qualify with the zone name a second time.
     */
    private void cname(final String id, final IHostedZone zone, final String name, final String value) {
        CfnRecordSet.Builder.create(this, id)
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
                .code(Code.fromInline(InlineHandlers.source(source)))
                .timeout(Duration.seconds(30))
                .logGroup(LogGroup.Builder.create(this, id + "Logs").retention(RetentionDays.ONE_MONTH).build())
                .build();
    }

    /** @return the host name the domain's CNAME points to */
    String getDnsTarget() {
        return association.getAttString("DNSTarget");
    }
}
