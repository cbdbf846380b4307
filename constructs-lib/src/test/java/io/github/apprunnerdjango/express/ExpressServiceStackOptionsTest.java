package io.github.apprunnerdjango.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.internal.DefaultWebAcl;
import io.github.apprunnerdjango.network.Egress;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceSecret;
import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;

/** ExpressServiceStack's options: size, scaling, private, domain in a zone or with a certificate, WAF, the app's own configuration. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressServiceStackOptionsTest {
    private static final String SERVICE = ExpressServiceStackDefaultsTest.SERVICE;
    private static final HostedZoneAttributes ZONE = HostedZoneAttributes.builder()
            .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build();

    private ExpressFixture fixture;
    private ExpressServiceStack all;
    private Template allTemplate;
    private ExpressServiceStack withCertificate;
    private Template withCertificateTemplate;
    private ExpressServiceStack weighted;
    private Template weightedTemplate;
    private ExpressServiceStack isolated;
    private Template isolatedTemplate;

    @BeforeAll
    void synth() {
        fixture = new ExpressFixture(NetworkStackProps.builder().publicIngress(true).fargateEndpoints(true).build());
        final Secret apiKey = Secret.Builder.create(fixture.network, "ApiKey").build();
        all = fixture.service("All", b -> b
                .serviceName("django-web")
                .cluster(Cluster.fromClusterAttributes(fixture.network, "Cluster", software.amazon.awscdk.services.ecs
                        .ClusterAttributes.builder().clusterName("web").vpc(fixture.network.getVpc()).build()))
                .cpu(1024).memory(2048)
                .port(8000)
                .command(List.of("gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"))
                .healthCheckPath("/health/live?db=0")
                .minTasks(2).maxTasks(10)
                .scalingMetric(ScalingMetric.REQUEST_COUNT_PER_TARGET).scalingTarget(500)
                .domainName("App.Example.com.")
                .hostedZoneAttributes(ZONE)
                .allowedHosts(List.of("www.example.com"))
                .defaultWebAcl(true)
                .environment(Map.of("FEATURE_FLAGS", "a,b"))
                .secrets(Map.of("API_KEY", ServiceSecret.fromSecretsManager(apiKey),
                        "SMTP_PASSWORD", ServiceSecret.fromSsmParameter(StringParameter.fromSecureStringParameterAttributes(
                                fixture.network, "Smtp", software.amazon.awscdk.services.ssm.SecureStringParameterAttributes
                                        .builder().parameterName("/app/smtp").build()))))
                .taskRolePolicyStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject")).resources(List.of("arn:aws:s3:::media/*")).build()))
                .image(ImageSource.fromAsset(TestApps.repoRoot().resolve("constructs-lib/src/test/resources/image").toString())));
        withCertificate = fixture.service("WithCertificate", b -> b
                .domainName("api.example.org")
                .certificate(Certificate.fromCertificateArn(fixture.network, "Cert",
                        "arn:aws:acm:us-east-1:123456789012:certificate/0b2f1e7e-1111-2222-3333-444455556666"))
                .redeployOnRotation(false));
        weighted = fixture.service("Weighted", b -> b
                .domainName("app.example.com").hostedZoneAttributes(ZONE).domainRecordWeight(20));
        isolated = fixture.service("Isolated", b -> b.privateEndpoint(true).defaultWebAcl(true));
        allTemplate = Templates.synthesized(all);
        withCertificateTemplate = Templates.synthesized(withCertificate);
        weightedTemplate = Templates.synthesized(weighted);
        isolatedTemplate = Templates.synthesized(isolated);
    }

    @Test
    void sizeScalingNamePortAndCommand() {
        allTemplate.hasResourceProperties(SERVICE, Match.objectLike(Map.of(
                "ServiceName", "django-web",
                "Cluster", "web",
                "Cpu", "1024",
                "Memory", "2048",
                "HealthCheckPath", "/health/live?db=0",
                "ScalingTarget", Map.of("MinTaskCount", 2, "MaxTaskCount", 10,
                        "AutoScalingMetric", "REQUEST_COUNT_PER_TARGET", "AutoScalingTargetValue", 500),
                "PrimaryContainer", Match.objectLike(Map.of(
                        "ContainerPort", 8000,
                        "Command", List.of("gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"))))));
    }

    /** The app's own variables after the library's; its secrets in ECS's form; the execution role may read them; the task role has the app's statements. */
    @Test
    @SuppressWarnings("unchecked")
    void theAppsOwnVariablesSecretsAndPermissions() {
        final Map<String, Object> container = (Map<String, Object>) ((Map<String, Object>) allTemplate.findResources(SERVICE)
                .values().iterator().next().get("Properties")).get("PrimaryContainer");
        final String env = String.valueOf(container.get("Environment"));
        assertTrue(env.contains("{Name=FEATURE_FLAGS, Value=a,b}"), env);
        assertTrue(env.contains("www.example.com"), env);
        final String secrets = String.valueOf(container.get("Secrets"));
        assertTrue(secrets.contains("Name=API_KEY"), secrets);
        assertTrue(secrets.contains("Name=SMTP_PASSWORD"), secrets);
        assertTrue(secrets.contains("parameter/app/smtp"), secrets);
        allTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of(Map.of("Ref",
                Templates.logicalId(all, all.getTaskRole()))), "PolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "s3:GetObject", "Effect", "Allow", "Resource", "arn:aws:s3:::media/*")))));
        allTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of(Map.of("Ref",
                Templates.logicalId(all, all.getExecutionRole()))), "PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Action", Match.arrayWith(List.of("ssm:GetParameters")))))))));
        // the app's Secrets Manager secret redeploys the service too
        final String rule = String.valueOf(allTemplate.findResources("AWS::Events::Rule"));
        assertTrue(rule.contains("ApiKey"), rule);
    }

    /**
     * The custom domain as AWS describes it for Express: a DNS-validated certificate, attached to the
     * load balancer's listener, the domain in the service's listener rule (custom resource), an alias
     * record to the load balancer (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-advanced-customization.html).
     */
    @Test
    void customDomainInAHostedZone() {
        allTemplate.hasResourceProperties("AWS::CertificateManager::Certificate", Map.of(
                "DomainName", "app.example.com", "ValidationMethod", "DNS",
                "DomainValidationOptions", List.of(Map.of("DomainName", "app.example.com", "HostedZoneId", ZONE.getHostedZoneId()))));
        allTemplate.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerCertificate", Map.of(
                "ListenerArn", Map.of("Fn::GetAtt", List.of("Service", "ECSManagedResourceArns.IngressPath.ListenerArn"))));
        allTemplate.hasResourceProperties("Custom::ExpressDomain", Map.of(
                "DomainName", "app.example.com",
                "RuleArn", Map.of("Fn::GetAtt", List.of("Service", "ECSManagedResourceArns.IngressPath.ListenerRuleArn")),
                "LoadBalancerArn", Map.of("Fn::GetAtt", List.of("Service", "ECSManagedResourceArns.IngressPath.LoadBalancerArn")),
                "ServiceUpdatedAt", Map.of("Fn::GetAtt", List.of("Service", "UpdatedAt"))));
        allTemplate.hasResourceProperties("AWS::Route53::RecordSet", Map.of(
                "Name", "app.example.com.", "Type", "A", "HostedZoneId", ZONE.getHostedZoneId(),
                "AliasTarget", Match.objectLike(Map.of("DNSName", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("DNSName"))))))));
        allTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                // any application listener rule of the account and Region: after a replacement of the service,
                // CloudFormation's clean-up of the old resource must still reach the OLD rule
                // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-delete.html)
                Map.of("Action", "elasticloadbalancing:ModifyRule", "Effect", "Allow",
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":elasticloadbalancing:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                                ":listener-rule/app/*")))))))));
        assertNotNull(all.getLoadBalancerDnsName());
    }

    /** A domain with a given certificate: no certificate created, no record, the load balancer's name as output. */
    @Test
    void customDomainWithAGivenCertificate() {
        withCertificateTemplate.resourceCountIs("AWS::CertificateManager::Certificate", 0);
        withCertificateTemplate.resourceCountIs("AWS::Route53::RecordSet", 0);
        withCertificateTemplate.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerCertificate", Map.of(
                "Certificates", List.of(Map.of("CertificateArn",
                        "arn:aws:acm:us-east-1:123456789012:certificate/0b2f1e7e-1111-2222-3333-444455556666"))));
        // redeployOnRotation(false): only the rule on a push of the image's tag is left
        withCertificateTemplate.resourceCountIs("AWS::Events::Rule", 1);
        assertNull(withCertificate.getRotationRedeployRule());
        assertNotNull(withCertificate.getImagePushRule());
    }

    /**
     * domainRecordWeight: a weighted CNAME to the load balancer instead of the alias A record, to pair
     * with an App Runner service's weighted CNAME (Route 53 weighs records of one name and one type,
     * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html).
     */
    @Test
    void aWeightMakesAWeightedCname() {
        weightedTemplate.resourceCountIs("AWS::CertificateManager::Certificate", 1);
        weightedTemplate.resourceCountIs("Custom::ExpressDomain", 1);
        weightedTemplate.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Name", "app.example.com.",
                "Type", "CNAME", "TTL", "60", "SetIdentifier", "Weighted", "Weight", 20,
                "HostedZoneId", ZONE.getHostedZoneId(),
                "ResourceRecords", List.of(Map.of("Fn::GetAtt", List.of(Templates.logicalId(weighted,
                        (software.constructs.IConstruct) weighted.getDjangoService().getNode().findChild("CustomDomain").getNode()
                                .findChild("HostRule").getNode().getDefaultChild()), "DNSName")))));
    }

    /**
     * The web ACL is associated with the load balancer (ECSManagedResourceArns), which the VPC's
     * Express services share; a public service's ACL scores IP reputation, a private one's does not.
     */
    @Test
    void webAclOnTheLoadBalancer() {
        allTemplate.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                "ResourceArn", Map.of("Fn::GetAtt", List.of("Service", "ECSManagedResourceArns.IngressPath.LoadBalancerArn"))));
        assertTrue(String.valueOf(allTemplate.findResources("AWS::WAFv2::WebACL")).contains(DefaultWebAcl.IP_REPUTATION));
        assertTrue(!String.valueOf(isolatedTemplate.findResources("AWS::WAFv2::WebACL")).contains(DefaultWebAcl.IP_REPUTATION));
    }

    /** A private service: an internal load balancer in the isolated subnets (the VPC has no NAT; its endpoints serve the tasks). */
    @Test
    @SuppressWarnings("unchecked")
    void privateServiceInTheIsolatedSubnets() {
        assertTrue(isolated.isPrivate());
        final List<String> ids = isolated.getSubnets().stream().map(ISubnet::getSubnetId).toList();
        final List<String> expected = fixture.network.getVpc().getIsolatedSubnets().stream().map(ISubnet::getSubnetId).toList();
        assertEquals(expected, ids);
    }

    /**
     * An image asset (linux/amd64) is pulled from the CDK's bootstrap repository; its URI changes with
     * its content, so no push rule is needed.
     */
    @Test
    void assetImageFromTheBootstrapRepository() {
        final String image = String.valueOf(allTemplate.findResources(SERVICE));
        assertTrue(image.contains("container-assets"), image);
        assertNull(all.getImagePushRule());
        assertTrue(!String.valueOf(allTemplate.findResources("AWS::Events::Rule")).contains("aws.ecr"));
    }

    /** With a NAT, a private service's default subnets are the private ones with egress. */
    @Test
    void privateServiceWithNatUsesTheEgressSubnets() {
        final ExpressFixture nat = new ExpressFixture(NetworkStackProps.builder().egress(Egress.natGateway()).build());
        final ExpressServiceStack stack = nat.service("Private", b -> b.privateEndpoint(true));
        assertEquals(nat.network.getVpc().getPrivateSubnets().stream().map(ISubnet::getSubnetId).toList(),
                stack.getSubnets().stream().map(ISubnet::getSubnetId).toList());
    }
}
