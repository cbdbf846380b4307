package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.wafv2.CfnWebACL;

/** Every option of ServiceStack at once, and a variant with a given web ACL and a domain without zone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceStackOptionsTest {
    private static final String SERVICE = "AWS::AppRunner::Service";
    private static final String ZONE_ID = "Z0123456789ABCDEFGHIJ";

    private Template all;
    private Template variant;
    private Template publicAcl;
    private ServiceStack allStack;
    private String allService;
    private String variantService;

    @BeforeAll
    void synth() {
        final ServiceFixture f = new ServiceFixture();
        allStack = f.service("All", b -> b
                .serviceName("django-web")
                .cpu(Cpu.ONE_VCPU).memory(Memory.TWO_GB)
                .port(8000)
                .startCommand(List.of("gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"))
                .healthCheckPath("/health/live")
                .healthCheckInterval(Duration.seconds(15))
                .healthCheckTimeout(Duration.seconds(4))
                .healthyThreshold(2).unhealthyThreshold(7)
                .minSize(2).maxSize(10).maxConcurrency(50)
                .tracing(true)
                .defaultWebAcl(true)
                .privateEndpoint(true)
                .domainName("app.example.com")
                .hostedZone(HostedZone.fromHostedZoneAttributes(f.network, "Zone", HostedZoneAttributes.builder()
                        .hostedZoneId(ZONE_ID).zoneName("example.com").build()))
                .allowedHosts(List.of("www.example.com", ".example.org")));
        final CfnWebACL given = CfnWebACL.Builder.create(f.network, "GivenWebAcl")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(CfnWebACL.VisibilityConfigProperty.builder()
                        .cloudWatchMetricsEnabled(false).sampledRequestsEnabled(false).metricName("given").build())
                .build();
        final ServiceStack variantStack = f.service("Variant", b -> b
                .webAcl(given)
                .defaultWebAcl(true) // ignored: webAcl wins
                .domainName("app.example.com"));
        final ServiceStack publicAclStack = f.service("PublicAcl", b -> b.defaultWebAcl(true));
        all = Template.fromStack(allStack);
        publicAcl = Template.fromStack(publicAclStack);
        variant = Template.fromStack(variantStack);
        allService = ServiceFixture.onlyLogicalId(all, SERVICE);
        variantService = ServiceFixture.onlyLogicalId(variant, SERVICE);
    }

    private static Map<String, Object> serviceArn(final String logicalId) {
        return Map.of("Fn::GetAtt", List.of(logicalId, "ServiceArn"));
    }

    private static Map<String, Object> imageConfiguration(final Map<String, Object> pattern) {
        return Map.of("SourceConfiguration", Map.of("ImageRepository",
                Match.objectLike(Map.of("ImageConfiguration", Match.objectLike(pattern)))));
    }

    @Test
    void serviceNameAndInstance() {
        all.hasResourceProperties(SERVICE, Map.of(
                "ServiceName", "django-web",
                "InstanceConfiguration", Map.of("Cpu", "1 vCPU", "Memory", "2 GB")));
    }

    @Test
    void portAndStartCommandRenderedAsOneString() {
        all.hasResourceProperties(SERVICE, imageConfiguration(Map.of(
                "Port", "8000",
                "StartCommand", "gunicorn --bind 0.0.0.0:8000 config.wsgi:application")));
    }

    @Test
    void variablesCarryTheDomainTheJoinedHostsThePortAndTracing() {
        all.hasResourceProperties(SERVICE, imageConfiguration(Map.of("RuntimeEnvironmentVariables", List.of(
                Map.of("Name", "DJANGO_DOMAIN", "Value", "app.example.com"),
                Map.of("Name", "DJANGO_ALLOWED_HOSTS", "Value", "www.example.com,.example.org"),
                Map.of("Name", "DJANGO_PORT", "Value", "8000"),
                Map.of("Name", "DJANGO_TRACING", "Value", "true")))));
    }

    /** App Runner's collector sends spans with the instance role (https://docs.aws.amazon.com/apprunner/latest/dg/monitor-xray.html). */
    @Test
    void tracingGivesTheInstanceRoleExactlyTheXrayActions() {
        all.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Action", List.of("xray:PutTelemetryRecords", "xray:PutTraceSegments"),
                        "Effect", "Allow", "Resource", "*")))),
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^AllServiceInstanceRole.*|^ServiceInstanceRole.*")))));
        // without tracing the instance role has no X-Ray action (the redeploy state machine's own tracing aside)
        variant.findResources("AWS::IAM::Policy").forEach((id, p) -> {
            if (id.startsWith("VariantServiceInstanceRole") || id.startsWith("ServiceInstanceRole")) {
                assertFalse(p.toString().contains("xray:"), id + ": " + p);
            }
        });
    }

    /**
     * With a VPC connector all outbound traffic goes through the VPC except App Runner's own (image
     * pulls, logs, secrets: https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html), so
     * spans from isolated subnets need an X-Ray endpoint with private DNS, open to the connector only.
     */
    @Test
    void tracingCreatesAnXrayEndpointOpenToTheConnectorOnly() {
        all.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true,
                "ServiceName", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(".*\\.xray$")))))));
        all.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443,
                "SourceSecurityGroupId", Map.of("Fn::ImportValue", Match.stringLikeRegexp("^Data:.*DatabaseClientSecurityGroup.*"))));
        assertNotNull(allStack.getTracingEndpoint());
        variant.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
    }

    /** Route 53 and App Runner get the domain lower-cased without its trailing dot. */
    @Test
    void domainIsNormalisedEverywhere() {
        final ServiceFixture fixture = new ServiceFixture();
        final Template t = Template.fromStack(fixture.service("Upper", b -> b
                .domainName("App.Example.COM.")
                .hostedZone(HostedZone.fromHostedZoneAttributes(fixture.network, "Zone", HostedZoneAttributes.builder()
                        .hostedZoneId(ZONE_ID).zoneName("Example.com.").build()))));
        t.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Name", "app.example.com."));
        t.hasResourceProperties("Custom::AppRunnerCustomDomain", Map.of("DomainName", "app.example.com"));
        t.hasResourceProperties(SERVICE, imageConfiguration(Map.of("RuntimeEnvironmentVariables",
                Match.arrayWith(List.of(Map.of("Name", "DJANGO_DOMAIN", "Value", "app.example.com"))))));
    }

    /** A private service has no ServiceUrl attribute: an output reading it fails the stack (aws/apprunner-roadmap#235). */
    @Test
    void privateServiceHasNoServiceUrlOutputOrGetAtt() {
        assertFalse(all.toJSON().toString().contains("ServiceUrl"), "GetAtt ServiceUrl on a private service");
        assertThrows(IllegalStateException.class, allStack::getServiceUrl);
        variant.hasOutput("ServiceUrl", Match.anyValue());
    }

    @Test
    void customHealthCheck() {
        all.hasResourceProperties(SERVICE, Map.of("HealthCheckConfiguration", Map.of(
                "Protocol", "HTTP", "Path", "/health/live", "Interval", 15, "Timeout", 4,
                "HealthyThreshold", 2, "UnhealthyThreshold", 7)));
    }

    @Test
    void autoScalingTwoToTenAt50() {
        all.resourceCountIs("AWS::AppRunner::AutoScalingConfiguration", 1);
        all.hasResourceProperties("AWS::AppRunner::AutoScalingConfiguration", Map.of(
                "MinSize", 2, "MaxSize", 10, "MaxConcurrency", 50));
        final String id = ServiceFixture.onlyLogicalId(all, "AWS::AppRunner::AutoScalingConfiguration");
        all.hasResourceProperties(SERVICE, Map.of("AutoScalingConfigurationArn",
                Map.of("Fn::GetAtt", List.of(id, "AutoScalingConfigurationArn"))));
    }

    @Test
    void tracingIsAnXrayObservabilityConfigurationOfTheService() {
        all.hasResourceProperties("AWS::AppRunner::ObservabilityConfiguration", Map.of(
                "TraceConfiguration", Map.of("Vendor", "AWSXRAY")));
        final String id = ServiceFixture.onlyLogicalId(all, "AWS::AppRunner::ObservabilityConfiguration");
        all.hasResourceProperties(SERVICE, Map.of("ObservabilityConfiguration", Map.of(
                "ObservabilityEnabled", true,
                "ObservabilityConfigurationArn", Map.of("Fn::GetAtt", List.of(id, "ObservabilityConfigurationArn")))));
    }

    private static List<Map<?, ?>> ruleGroups(final Template template) {
        final Capture rules = new Capture();
        template.hasResourceProperties("AWS::WAFv2::WebACL", Map.of(
                "Scope", "REGIONAL",
                "DefaultAction", Map.of("Allow", Match.anyValue()),
                "Rules", rules));
        final List<Map<?, ?>> statements = new ArrayList<>();
        final List<Object> priorities = new ArrayList<>();
        for (final Object r : rules.asArray()) {
            final Map<?, ?> rule = (Map<?, ?>) r;
            final Map<?, ?> statement = (Map<?, ?>) ((Map<?, ?>) rule.get("Statement")).get("ManagedRuleGroupStatement");
            assertEquals("AWS", statement.get("VendorName"));
            assertEquals(Map.of("None", Map.of()), rule.get("OverrideAction"), "the groups' own actions apply");
            statements.add(statement);
            priorities.add(rule.get("Priority"));
        }
        assertEquals(java.util.stream.IntStream.range(0, statements.size()).boxed().toList(), priorities);
        return statements;
    }

    @Test
    void defaultWebAclOfAPublicServiceHasTheFourManagedRuleGroups() {
        assertEquals(List.of("AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"),
                ruleGroups(publicAcl).stream().map(g -> g.get("Name")).toList());
    }

    /** IP reputation scores public client addresses; a private service sees VPC addresses only. */
    @Test
    void defaultWebAclOfAPrivateServiceHasNoIpReputationRule() {
        assertEquals(List.of("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesSQLiRuleSet"), ruleGroups(all).stream().map(g -> g.get("Name")).toList());
    }

    /**
     * SizeRestrictions_BODY blocks bodies over 8 KB: Django admin forms get 403. It counts instead
     * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
     */
    @Test
    void commonRuleSetOnlyCountsLargeBodies() {
        for (final Template t : List.of(all, publicAcl)) {
            final Map<?, ?> common = ruleGroups(t).stream()
                    .filter(g -> "AWSManagedRulesCommonRuleSet".equals(g.get("Name"))).findFirst().orElseThrow();
            assertEquals(List.of(Map.of("Name", "SizeRestrictions_BODY", "ActionToUse", Map.of("Count", Map.of()))),
                    common.get("RuleActionOverrides"));
        }
    }

    @Test
    void defaultWebAclIsAssociatedWithTheService() {
        final String acl = ServiceFixture.onlyLogicalId(all, "AWS::WAFv2::WebACL");
        all.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
        all.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                "ResourceArn", serviceArn(allService),
                "WebACLArn", Map.of("Fn::GetAtt", List.of(acl, "Arn"))));
    }

    @Test
    void privateEndpointIsNotPublicAndHasAnIngressConnectionThroughAnAppRunnerRequestsEndpoint() {
        all.hasResourceProperties(SERVICE, Map.of("NetworkConfiguration", Match.objectLike(Map.of(
                "IngressConfiguration", Map.of("IsPubliclyAccessible", false)))));
        all.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Interface",
                "ServiceName", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                        Match.stringLikeRegexp(".*apprunner\\.requests$")))))));
        final String endpoint = all.findResources("AWS::EC2::VPCEndpoint").keySet().stream()
                .filter(id -> id.startsWith("AppRunnerRequestsEndpoint")).findFirst().orElseThrow();
        all.hasResourceProperties("AWS::AppRunner::VpcIngressConnection", Map.of(
                "ServiceArn", serviceArn(allService),
                "IngressVpcConfiguration", Match.objectLike(Map.of("VpcEndpointId", Map.of("Ref", endpoint)))));
        all.hasOutput("PrivateDomainName", Match.objectLike(Map.of("Value", Match.anyValue())));
    }

    @Test
    void customDomainIsAssociatedByACustomResource() {
        all.resourceCountIs("Custom::AppRunnerCustomDomain", 1);
        all.hasResourceProperties("Custom::AppRunnerCustomDomain", Map.of(
                "ServiceArn", serviceArn(allService),
                "DomainName", "app.example.com",
                "EnableWWWSubdomain", "false"));
    }

    /**
     * App Runner returns one or more validation records, their number known at deploy time only
     * (https://docs.aws.amazon.com/apprunner/latest/api/API_DescribeCustomDomains.html): the handler
     * writes them all in the zone, the template holds no record per index (GetAtt ValidationRecord1Name
     * fails with one record; a third record would never be created).
     */
    @Test
    void hostedZoneGetsTheDomainCnameAndTheHandlerWritesEveryValidationRecord() {
        final String association = ServiceFixture.onlyLogicalId(all, "Custom::AppRunnerCustomDomain");
        all.resourceCountIs("AWS::Route53::RecordSet", 1);
        all.hasResourceProperties("AWS::Route53::RecordSet", Map.of(
                "HostedZoneId", ZONE_ID,
                "Type", "CNAME",
                "Name", "app.example.com.",
                "ResourceRecords", List.of(Map.of("Fn::GetAtt", List.of(association, "DNSTarget")))));
        all.hasResourceProperties("Custom::AppRunnerCustomDomain", Map.of("HostedZoneId", ZONE_ID));
        assertFalse(all.toJSON().toString().contains("ValidationRecord0") || all.toJSON().toString().contains("ValidationRecord1"),
                "an attribute per record index");
        // only CNAMEs, only UPSERT and DELETE, only the domain's validation records (_<token>.<domain>), in
        // any zone: after a change of zone the previous one, which the template no longer names
        // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html)
        all.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of(
                        "Action", "route53:ChangeResourceRecordSets",
                        "Effect", "Allow",
                        "Condition", Map.of(
                                "ForAllValues:StringEquals", Map.of(
                                        "route53:ChangeResourceRecordSetsActions", List.of("UPSERT", "DELETE"),
                                        "route53:ChangeResourceRecordSetsRecordTypes", List.of("CNAME")),
                                "ForAllValues:StringLike", Map.of(
                                        "route53:ChangeResourceRecordSetsNormalizedRecordNames", List.of("_*.app.example.com"))),
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":route53:::hostedzone/*")))))))));
    }

    @Test
    void validationRecordNamesAreTheNamesAppRunnerReturnsUnchanged() {
        // the handler returns App Runner's names, already fully qualified: nothing may be appended but a dot
        for (final Object r : all.findResources("AWS::Route53::RecordSet").values()) {
            final Object name = ((Map<?, ?>) ((Map<?, ?>) r).get("Properties")).get("Name");
            if (!"app.example.com.".equals(name)) {
                assertFalse(name.toString().contains("example.com"), "validation record name " + name);
            }
        }
    }

    /**
     * The onEvent handler associates with this service only; the isComplete handler moves the domain
     * between any services of the account and Region: a replaced service has a new ARN, the update moves
     * the domain from the old one (which the template no longer names) and its rollback moves it back,
     * and CloudFormation deletes the old physical id after the replacement
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-update.html).
     */
    @Test
    @SuppressWarnings("unchecked")
    void customDomainFunctionsAssociateWithTheServiceAndMoveTheDomainFromAReplacedOne() {
        final Object anyService = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":apprunner:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":service/*/*")));
        final Map<String, List<String>> actionsByResource = new TreeMap<>();
        for (final Object p : all.findResources("AWS::IAM::Policy").values()) {
            final Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) p)
                    .get("Properties")).get("PolicyDocument");
            for (final Object s : (List<Object>) doc.get("Statement")) {
                final Map<String, Object> statement = (Map<String, Object>) s;
                final Object action = statement.get("Action");
                final List<String> list = action instanceof List ? (List<String>) action : List.of((String) action);
                final List<String> apprunner = list.stream().filter(a -> a.startsWith("apprunner:")).toList();
                if (apprunner.isEmpty()) {
                    continue;
                }
                assertTrue(list.stream().allMatch(a -> a.startsWith("apprunner:")), list.toString());
                final Object resource = statement.get("Resource");
                final String key = resource.equals(serviceArn(allService)) ? "this service"
                        : resource.equals(anyService) ? "any service" : String.valueOf(resource);
                actionsByResource.computeIfAbsent(key, k -> new ArrayList<>()).addAll(apprunner);
            }
        }
        actionsByResource.replaceAll((k, v) -> v.stream().sorted().toList());
        assertEquals(Map.of(
                // the redeploy state machine starts a deployment and reads its operation to the end
                "this service", List.of("apprunner:AssociateCustomDomain", "apprunner:DescribeCustomDomains",
                        "apprunner:ListOperations", "apprunner:StartDeployment"),
                "any service", List.of("apprunner:AssociateCustomDomain", "apprunner:DescribeCustomDomains",
                        "apprunner:DisassociateCustomDomain")),
                actionsByResource);
        assertFalse(all.toJSON().toString().contains("apprunner:*"));
    }

    @Test
    void customDomainHandlersRunOnNode24() {
        for (final String handler : List.of("custom-domain-on-event", "custom-domain-is-complete")) {
            final List<String> runtimes = Templates.functionsRunning(allStack, all, handler).stream()
                    .map(p -> p.get("Runtime") + " " + p.get("Handler")).toList();
            assertEquals(List.of("nodejs24.x index.handler"), runtimes, handler);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class GivenWebAclAndDomainWithoutZone {
        @Test
        void givenWebAclIsAssociatedAndNoneIsCreated() {
            variant.resourceCountIs("AWS::WAFv2::WebACL", 0);
            variant.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
            variant.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                    "ResourceArn", serviceArn(variantService),
                    "WebACLArn", Map.of("Fn::ImportValue",
                            Match.stringLikeRegexp("^Network:ExportsOutputFnGetAttGivenWebAcl.*Arn.*$"))));
        }

        @Test
        void recordsAreOutputsAndNoRecordSetIsCreated() {
            final String association = ServiceFixture.onlyLogicalId(variant, "Custom::AppRunnerCustomDomain");
            variant.resourceCountIs("AWS::Route53::RecordSet", 0);
            final Map<String, Map<String, Object>> outputs = variant.findOutputs("*");
            // one output lists every record, whatever their number
            final List<String> ids = outputs.keySet().stream()
                    .filter(k -> k.startsWith("CustomDomainValidationRecordsOutput")).toList();
            assertEquals(1, ids.size(), outputs.keySet().toString());
            variant.hasOutput(ids.get(0), Match.objectLike(Map.of("Value",
                    Map.of("Fn::GetAtt", List.of(association, "ValidationRecords")))));
            assertFalse(variant.toJSON().toString().contains("ValidationRecord0"));
            final List<String> domain = outputs.keySet().stream()
                    .filter(k -> k.startsWith("CustomDomainDomainRecordOutput")).toList();
            assertEquals(1, domain.size(), outputs.keySet().toString());
            variant.hasOutput(domain.get(0), Match.objectLike(Map.of(
                    "Description", Match.stringLikeRegexp("^Add this CNAME.*app\\.example\\.com.*"),
                    "Value", Map.of("Fn::Join", List.of(" ", List.of("app.example.com CNAME",
                            Map.of("Fn::GetAtt", List.of(association, "DNSTarget"))))))));
        }

        @Test
        void publicWithoutTracingAndItsDomainVariable() {
            variant.hasResourceProperties(SERVICE, Map.of("NetworkConfiguration", Match.objectLike(Map.of(
                    "IngressConfiguration", Map.of("IsPubliclyAccessible", true)))));
            variant.resourceCountIs("AWS::AppRunner::ObservabilityConfiguration", 0);
            variant.resourceCountIs("AWS::AppRunner::VpcIngressConnection", 0);
            variant.hasResourceProperties(SERVICE, imageConfiguration(Map.of("RuntimeEnvironmentVariables",
                    Match.arrayWith(List.of(Map.of("Name", "DJANGO_DOMAIN", "Value", "app.example.com"))))));
        }
    }
}
