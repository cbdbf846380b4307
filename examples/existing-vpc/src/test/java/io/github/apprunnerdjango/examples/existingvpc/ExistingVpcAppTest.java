package io.github.apprunnerdjango.examples.existingvpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.apprunnerdjango.examples.existingvpc.ExistingVpcApp.Context;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Builds the example exactly as {@code cdk synth} does (the context and feature flags of this
 * project's {@code cdk.json}, cdk-nag's AwsSolutions pack as an aspect) and checks the templates
 * with {@link Template#fromStack}.
 */
class ExistingVpcAppTest {
    private static final String DATA_STACK = ExistingVpcApp.PREFIX + "-Data";
    private static final List<String> DATABASE_PARAMETER_KEYS = List.of("service-database-secret-arn",
            "superuser-secret-arn", "secret-key-secret-arn", "database-client-security-group-id");

    @TempDir
    static Path outdir;

    private static ExistingVpcApp example;
    private static CloudAssembly assembly;
    private static Template data;
    private static Template web;
    private static Template admin;

    @BeforeAll
    static void synthesize() {
        final App app = CdkJson.app(outdir);
        example = ExistingVpcApp.build(app, null);
        // cdk-nag's errors fail app.synth() (and so every test, with the findings); its warnings
        // are caught by cdkNagAwsSolutionsReportsNothing
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        assembly = app.synth();
        data = Template.fromStack(example.data());
        web = Template.fromStack(example.web());
        admin = Template.fromStack(example.admin());
    }

    private static Template service(final String name) {
        return "web".equals(name) ? web : admin;
    }

    @Test
    void synthesizesTheDataWebAndAdminStacksNoneEmpty() {
        final List<String> names = assembly.getStacks().stream()
                .map(CloudFormationStackArtifact::getStackName).sorted().collect(Collectors.toList());
        assertEquals(List.of(ExistingVpcApp.PREFIX + "-Admin", DATA_STACK, ExistingVpcApp.PREFIX + "-Web"), names);
        for (final CloudFormationStackArtifact stack : assembly.getStacks()) {
            final Object resources = ((Map<?, ?>) stack.getTemplate()).get("Resources");
            assertTrue(resources instanceof Map && !((Map<?, ?>) resources).isEmpty(), stack.getStackName());
        }
    }

    @Test
    void existingResourcesAreImportedNotCreated() {
        for (final Template template : List.of(data, web, admin)) {
            template.resourceCountIs("AWS::EC2::VPC", 0);
            template.resourceCountIs("AWS::EC2::Subnet", 0);
            template.resourceCountIs("AWS::ECR::Repository", 0);
            template.resourceCountIs("AWS::Route53::HostedZone", 0);
            template.resourceCountIs("AWS::S3::Bucket", 0);
        }
        data.resourceCountIs("AWS::SecretsManager::Secret", 3);   // the database's, the superuser's, SECRET_KEY
        web.resourceCountIs("AWS::SecretsManager::Secret", 0);   // Stripe's is imported
    }

    @Test
    void auroraAndItsRotationAreInTheIsolatedSubnets() {
        final List<String> isolated = CdkJson.vpc("isolatedSubnetIds");
        assertEquals(2, isolated.size());
        data.hasResourceProperties("AWS::RDS::DBSubnetGroup", Map.of("SubnetIds", isolated));
        // the rotation function (a Serverless application) runs there too
        data.hasResourceProperties("AWS::Serverless::Application", Map.of("Parameters", Match.objectLike(Map.of(
                "vpcSubnetIds", String.join(",", isolated)))));
        data.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("VpcId", CdkJson.vpcId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "admin"})
    void eachConnectorIsInThePrivateSubnetsWithNat(final String name) {
        final List<String> privateSubnets = CdkJson.vpc("privateSubnetIds");
        assertEquals(2, privateSubnets.size());
        // the connector joins the database's client security group, read from its SSM parameter
        service(name).hasResourceProperties("AWS::AppRunner::VpcConnector", Map.of(
                "Subnets", privateSubnets,
                "SecurityGroups", List.of(Map.of("Ref",
                        Match.stringLikeRegexp("SsmParameterValue.*databaseclientsecuritygroupid.*")))));
    }

    @Test
    void webIsPublicAndAdminIsPrivate() {
        web.hasResourceProperties("AWS::AppRunner::Service", Map.of("NetworkConfiguration", Match.objectLike(Map.of(
                "IngressConfiguration", Map.of("IsPubliclyAccessible", true)))));
        web.resourceCountIs("AWS::AppRunner::VpcIngressConnection", 0);
        admin.hasResourceProperties("AWS::AppRunner::Service", Map.of("NetworkConfiguration", Match.objectLike(Map.of(
                "IngressConfiguration", Map.of("IsPubliclyAccessible", false)))));
        admin.resourceCountIs("AWS::AppRunner::VpcIngressConnection", 1);
        // its apprunner.requests endpoint, in the connector's subnets
        admin.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcId", CdkJson.vpcId(),
                "SubnetIds", CdkJson.vpc("privateSubnetIds")));
    }

    @Test
    void webHasItsVariablesAndTheStripeKey() {
        final Map<String, Object> imageConfiguration = Map.of(
                "RuntimeEnvironmentVariables", Match.arrayWith(List.of(
                        Map.of("Name", "AWS_STORAGE_BUCKET_NAME", "Value", CdkJson.string(Context.MEDIA_BUCKET)),
                        Map.of("Name", "DEFAULT_FROM_EMAIL", "Value", CdkJson.string(Context.EMAIL_SENDER)))),
                // App Runner's form of a JSON key: <secret ARN>:<key>::
                "RuntimeEnvironmentSecrets", Match.arrayWith(List.of(Map.of(
                        "Name", "STRIPE_API_KEY",
                        "Value", CdkJson.string(Context.STRIPE_SECRET_ARN) + ":" + ExistingVpcApp.STRIPE_JSON_KEY + "::"))));
        web.hasResourceProperties("AWS::AppRunner::Service", Map.of("SourceConfiguration", Match.objectLike(Map.of(
                "ImageRepository", Match.objectLike(Map.of(
                        "ImageConfiguration", Match.objectLike(imageConfiguration)))))));
        // the web instance role may read that secret
        web.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Match.objectLike(Map.of(
                        "Action", Match.arrayWith(List.of("secretsmanager:GetSecretValue")),
                        "Resource", Match.arrayWith(List.of(CdkJson.string(Context.STRIPE_SECRET_ARN))))))))));
        // the admin service has none of the web app's configuration
        final String adminService = admin.findResources("AWS::AppRunner::Service").toString();
        assertFalse(adminService.contains("STRIPE_API_KEY"), adminService);
        assertFalse(adminService.contains("AWS_STORAGE_BUCKET_NAME"), adminService);
        assertFalse(admin.toJSON().toString().contains(CdkJson.string(Context.STRIPE_SECRET_ARN)));
    }

    @Test
    void webInstanceRoleMayReadAndWriteMediaObjects() {
        final Map<String, Object> statement = Map.of(
                "Action", List.of("s3:GetObject", "s3:PutObject"),
                "Effect", "Allow",
                "Resource", "arn:aws:s3:::" + CdkJson.string(Context.MEDIA_BUCKET) + "/*");
        web.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(statement)))));
        assertFalse(admin.toJSON().toString().contains("s3:PutObject"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "admin"})
    void eachServiceReadsTheDatabaseThroughSsmParameters(final String name) {
        final Map<String, Object> template = service(name).toJSON();
        final List<String> ssmDefaults = new ArrayList<>();
        ((Map<?, ?>) template.getOrDefault("Parameters", Map.of())).forEach((id, p) -> {
            final Map<?, ?> parameter = (Map<?, ?>) p;
            if (!"BootstrapVersion".equals(id) && "AWS::SSM::Parameter::Value<String>".equals(parameter.get("Type"))) {
                ssmDefaults.add((String) parameter.get("Default"));
            }
        });
        assertEquals(DATABASE_PARAMETER_KEYS.stream().map(k -> "/apprunner-django/" + DATA_STACK + "/" + k)
                .sorted().toList(), ssmDefaults.stream().sorted().toList());
        assertEquals(DATABASE_PARAMETER_KEYS.stream().map(k -> example.data().getParameterName(k)).sorted().toList(),
                ssmDefaults.stream().sorted().toList());
        // no CloudFormation export between Data and the services: day-2 changes of Data never meet a lock
        assertFalse(template.toString().contains("Fn::ImportValue"), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "admin"})
    void eachServiceHasItsOwnRedeployRule(final String name) {
        final Template template = service(name);
        template.resourceCountIs("AWS::Events::Rule", 1);
        final Map<String, Map<String, Object>> rules = template.findResources("AWS::Events::Rule");
        final String rule = rules.values().iterator().next().toString();
        assertTrue(rule.contains("Secret Label Updated"), rule);
        // its target is a state machine of this stack, which may redeploy this stack's service only
        final String service = template.findResources("AWS::AppRunner::Service").keySet().iterator().next();
        final String target = template.findResources("AWS::StepFunctions::StateMachine").keySet().stream()
                .filter(id -> rule.contains("{Ref=" + id + "}")).findFirst().orElseThrow(() -> new AssertionError(rule));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        // it starts a deployment and reads the operation to its end
                        "Action", List.of("apprunner:ListOperations", "apprunner:StartDeployment"),
                        "Resource", Map.of("Fn::GetAtt", List.of(service, "ServiceArn")))))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "states:StartExecution",
                        "Resource", Map.of("Ref", target))))))));
    }

    @Test
    void webRedeploysWhenTheStripeSecretChanges() {
        web.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Match.objectLike(Map.of(
                "resources", Match.arrayWith(List.of(CdkJson.string(Context.STRIPE_SECRET_ARN)))))));
    }

    @Test
    void webHasTheCustomDomainTheWebAclAndTracing() {
        web.resourceCountIs("Custom::AppRunnerCustomDomain", 1);
        web.hasResourceProperties("AWS::Route53::RecordSet", Map.of(
                "Name", CdkJson.string(Context.DOMAIN_NAME) + ".",
                "Type", "CNAME",
                "HostedZoneId", CdkJson.string(Context.HOSTED_ZONE_ID)));
        web.resourceCountIs("AWS::WAFv2::WebACL", 1);
        web.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
        web.hasResourceProperties("AWS::AppRunner::ObservabilityConfiguration",
                Map.of("TraceConfiguration", Map.of("Vendor", "AWSXRAY")));
        // spans leave through the VPC's NAT gateway: no X-Ray endpoint
        web.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        admin.resourceCountIs("Custom::AppRunnerCustomDomain", 0);
        admin.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "admin"})
    void eachServiceRunsTheImageByDigest(final String name) {
        final String services = service(name).findResources("AWS::AppRunner::Service").toString();
        assertTrue(services.contains("@" + CdkJson.string(Context.IMAGE_DIGEST)), services);
        assertTrue(services.contains("/" + CdkJson.string(Context.ECR_REPOSITORY_NAME)), services);
    }

    @Test
    void cdkNagAwsSolutionsReportsNothing() {
        assertEquals(List.of(), nagFindings(List.of(example.data(), example.web(), example.admin())));
    }

    /**
     * The same with account and region set, as {@code cdk synth} does when it finds credentials:
     * ARNs then hold literal values, which suppressions written for tokens would no longer match.
     */
    @Test
    void cdkNagAwsSolutionsReportsNothingForAnEnvironmentSpecificApp(@TempDir final Path envOutdir) {
        final App app = CdkJson.app(envOutdir);
        final ExistingVpcApp specific = ExistingVpcApp.build(app, ExistingVpcApp.environment("123456789012", "eu-west-1"));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
        assertEquals(List.of(), nagFindings(List.of(specific.data(), specific.web(), specific.admin())));
    }

    /** cdk-nag's errors and warnings ({@code SynthesisMessage} is deprecated, and still what assertions return). */
    @SuppressWarnings("deprecation")
    private static List<String> nagFindings(final List<Stack> stacks) {
        final List<String> findings = new ArrayList<>();
        for (final Stack stack : stacks) {
            final Annotations annotations = Annotations.fromStack(stack);
            Stream.concat(
                    annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream(),
                    annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream())
                    .map(m -> m.getId() + " " + m.getEntry().getData())
                    .forEach(findings::add);
        }
        return findings;
    }

    @Test
    void aMissingContextKeyIsNamed(@TempDir final Path emptyOutdir) {
        final Map<String, Object> context = new TreeMap<>(CdkJson.context());
        context.remove(Context.STRIPE_SECRET_ARN);
        final App app = new App(AppProps.builder().context(context)
                .outdir(emptyOutdir.toString()).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExistingVpcApp.build(app, null));
        assertTrue(e.getMessage().contains(Context.STRIPE_SECRET_ARN), e.getMessage());
    }

    @Test
    void environmentIsAgnosticUnlessAccountAndRegionAreKnown() {
        assertEquals(null, ExistingVpcApp.environment(null, "eu-west-1"));
        assertEquals(null, ExistingVpcApp.environment("123456789012", " "));
        final Environment env = ExistingVpcApp.environment("123456789012", "eu-west-1");
        assertEquals("123456789012", env.getAccount());
        assertEquals("eu-west-1", env.getRegion());
    }
}
