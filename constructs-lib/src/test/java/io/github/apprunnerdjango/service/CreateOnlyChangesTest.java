package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.internal.CreateOnlyWarnings;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * An App Runner service's ServiceName and Tags are create-only ("Update requires: Replacement",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apprunner-service.html),
 * and CloudFormation copies stack tags onto the resources at deploy time, outside the template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-create-stack-add-tags.html).
 * Before/after templates show that a new stack tag changes nothing the template holds, so no diff
 * review can catch it: the synth says it instead, where it can happen.
 */
class CreateOnlyChangesTest {

    @Test
    void aStackTagIsInvisibleInTheTemplateSoTheSynthWarns() {
        final ServiceFixture before = new ServiceFixture();
        final ServiceFixture after = new ServiceFixture();
        final ServiceStack untagged = before.service("Service", b -> b);
        final ServiceStack tagged = after.service("Service", b -> b.tags(Map.of("cost-centre", "42")));
        assertEquals(Template.fromStack(untagged).toJSON(), Template.fromStack(tagged).toJSON(),
                "stack tags are not in the template: CloudFormation copies them at deploy time");
        assertTrue(Annotations.fromStack(untagged).findWarning("*", Match.stringLikeRegexp(".*")).stream()
                .noneMatch(w -> w.toString().contains(CreateOnlyWarnings.STACK_TAGS_ID)));
        final List<?> warnings = Annotations.fromStack(tagged).findWarning("*",
                Match.stringLikeRegexp(".*changing a stack tag later replaces the service.*"));
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void aServiceNameWarnsThatRenamingReplacesTheService() {
        final ServiceFixture f = new ServiceFixture();
        final ServiceStack named = f.service("Service", b -> b.serviceName("django-web"));
        final List<?> warnings = Annotations.fromStack(named).findWarning("*",
                Match.stringLikeRegexp(".*serviceName \"django-web\" is create-only.*"));
        assertEquals(1, warnings.size(), warnings.toString());
    }

    /**
     * A rename with a custom domain is one deploy: the custom domain handler moves the domain to the
     * new service (App Runner associates a domain with one service at a time,
     * https://docs.aws.amazon.com/apprunner/latest/dg/manage-custom-domains.html); the warning no longer
     * asks for the two-step path it once needed.
     */
    @Test
    void theServiceNameWarningSaysTheCustomDomainFollowsInTheSameDeploy() {
        final ServiceFixture f = new ServiceFixture();
        final ServiceStack named = f.service("Service", b -> b.serviceName("django-web"));
        final List<SynthesisMessage> warnings = Annotations.fromStack(named).findWarning("*",
                Match.stringLikeRegexp(".*serviceName \"django-web\" is create-only.*"));
        assertEquals(1, warnings.size(), warnings.toString());
        final String warning = String.valueOf(warnings.get(0).getEntry().getData());
        assertTrue(warning.contains("a custom domain follows the new service in the same deploy"), warning);
        assertFalse(warning.contains("two steps"), warning);
        assertFalse(warning.contains("remove domainName"), warning);
    }
}
