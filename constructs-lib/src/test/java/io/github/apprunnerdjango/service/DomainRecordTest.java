package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * {@code domainRecordWeight}: the domain's CNAME becomes a weighted record of the same resource (the
 * stack's name as set identifier), so traffic moves to an Express Mode service by weights; setting it
 * on a deployed record is an update in place (only the name and the zone are create-only,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-route53-recordset.html).
 * The default keeps the simple CNAME: the template is unchanged.
 */
class DomainRecordTest {
    private static final HostedZoneAttributes ZONE = HostedZoneAttributes.builder()
            .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build();

    @Test
    void aWeightMakesTheSameRecordWeighted() {
        final ServiceFixture f = new ServiceFixture();
        final ServiceStack on = f.service("On", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE));
        final ServiceStack off = f.service("Off", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE)
                .domainRecordWeight(30));
        final Template onTemplate = Templates.synthesized(on);
        final Template offTemplate = Templates.synthesized(off);
        onTemplate.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Type", "CNAME", "TTL", "300",
                "Name", "app.example.com."));
        assertTrue(!String.valueOf(onTemplate.findResources("AWS::Route53::RecordSet")).contains("Weight"));
        offTemplate.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Type", "CNAME", "TTL", "60",
                "Name", "app.example.com.", "SetIdentifier", "Off", "Weight", 30));
        // the same resource, updated in place
        assertEquals(onTemplate.findResources("AWS::Route53::RecordSet").keySet(),
                offTemplate.findResources("AWS::Route53::RecordSet").keySet());
    }

    @Test
    void domainRecordNeedsADomainInAZone() {
        final ServiceFixture f = new ServiceFixture();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.service("Bad", b -> b.domainName("app.example.com").domainRecordWeight(256)));
        assertTrue(e.getMessage().contains("domainRecordWeight: got 256; only allowed together with domainName and a"
                + " hosted zone"), e.getMessage());
        assertTrue(e.getMessage().contains("domainRecordWeight: got 256; allowed: 0 to 255"), e.getMessage());
    }
}
