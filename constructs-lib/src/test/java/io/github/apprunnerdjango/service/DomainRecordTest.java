package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * {@code domainRecord(false)}: the domain is associated and its certificate validated in the zone, but
 * the stack creates no CNAME, so the app can route the domain itself (a weighted record during a
 * migration to Express Mode). The default keeps the CNAME: the template is unchanged.
 */
class DomainRecordTest {
    private static final HostedZoneAttributes ZONE = HostedZoneAttributes.builder()
            .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build();

    @Test
    void domainRecordFalseKeepsTheAssociationAndDropsTheCname() {
        final ServiceFixture f = new ServiceFixture();
        final ServiceStack on = f.service("On", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE));
        final ServiceStack off = f.service("Off", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE)
                .domainRecord(false));
        final Template onTemplate = Templates.synthesized(on);
        final Template offTemplate = Templates.synthesized(off);
        onTemplate.resourceCountIs("AWS::Route53::RecordSet", 1);
        offTemplate.resourceCountIs("AWS::Route53::RecordSet", 0);
        offTemplate.hasResourceProperties("Custom::AppRunnerCustomDomain", Map.of("HostedZoneId", ZONE.getHostedZoneId()));
        assertTrue(off.getCustomDomainTarget() != null);
    }

    @Test
    void domainRecordNeedsADomainInAZone() {
        final ServiceFixture f = new ServiceFixture();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.service("Bad", b -> b.domainName("app.example.com").domainRecord(false)));
        assertTrue(e.getMessage().contains("domainRecord: got false; only allowed together with domainName and a hosted"
                + " zone"), e.getMessage());
    }
}
