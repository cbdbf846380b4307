package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoDatabase;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.data.RotationStrategy;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.Templates;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;

/**
 * The service's wiring: the database as one typed value read through SSM parameters, existing
 * infrastructure by attributes imported inside the ServiceStack, the app's own configuration, and
 * several services on one DataStack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceWiringTest {
    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf";
    private ServiceFixture f;
    private ServiceStack web;
    private ServiceStack admin;
    private Template webTemplate;
    private Template adminTemplate;
    private Template dataTemplate;

    @BeforeAll
    void synth() {
        f = new ServiceFixture();
        // the fixture imports the SSM parameter in the Network stack (a scope that exists before the
        // services), where nothing reads it: CloudFormation Validate's W2001 says so, on purpose here
        Validations.of(f.app).acknowledge(Acknowledgment.builder().id("CloudFormation-Validate::W2001")
                .reason("the SSM parameter imported in the Network stack is read by the Web service only").build());
        final Secret stripe = Secret.Builder.create(f.network, "Stripe").build();
        web = new ServiceStack(f.app, "Web", ServiceStackProps.builder()
                .vpc(f.network.getVpc())
                .database(f.data)
                .image(ImageSource.fromEcr(f.repository, "latest"))
                .environment(Map.of("SENTRY_ENVIRONMENT", "production", "MEDIA_BUCKET", "media-bucket"))
                .secrets(Map.of(
                        "STRIPE_API_KEY", ServiceSecret.fromSecretsManager(stripe, "apiKey"),
                        "FEATURE_FLAGS", ServiceSecret.fromSsmParameter(StringParameter.fromStringParameterName(
                                f.network, "Flags", "/app/flags"))))
                .instanceRolePolicyStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject", "s3:PutObject"))
                        .resources(List.of("arn:aws:s3:::media-bucket/*"))
                        .build()))
                .build());
        admin = new ServiceStack(f.app, "Admin", ServiceStackProps.builder()
                .vpc(f.network.getVpc())
                .database(f.data)
                .image(ImageSource.fromEcr(f.repository, "latest"))
                .build());
        webTemplate = Templates.synthesized(web);
        adminTemplate = Templates.synthesized(admin);
        dataTemplate = Templates.synthesized(f.data);
    }

    /**
     * database(data) imports no CloudFormation export from the Data stack (whose exports would be locked,
     * aws/aws-cdk#26135): the values come from SSM parameters resolved at deploy time, and the service
     * stack depends on the Data stack.
     */
    @Test
    void databaseIsReadThroughSsmParametersNotExports() {
        final String json = webTemplate.toJSON().toString();
        assertFalse(json.contains("Fn::ImportValue=Data:"), "an import from the Data stack: " + json);
        for (final String key : List.of("service-database-secret-arn", "superuser-secret-arn", "secret-key-secret-arn",
                "database-client-security-group-id")) {
            webTemplate.hasParameter("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>",
                    "Default", "/apprunner-django/Data/" + key));
            dataTemplate.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/apprunner-django/Data/" + key,
                    "Type", "String"));
        }
        assertTrue(web.getDependencies().contains(f.data), "the service deploys after the Data stack");
    }

    /** 0.1.0 services imported these: they stay exported, with the same automatic names. */
    @Test
    void dataStackKeepsThe010Exports() {
        final Set<String> exports = new TreeSet<>();
        dataTemplate.findOutputs("*").values().forEach(o -> {
            final Object export = o.get("Export");
            if (export instanceof Map) {
                exports.add(String.valueOf(((Map<?, ?>) export).get("Name")));
            }
        });
        for (final String prefix : List.of("Data:ExportsOutputRefDatabaseSecret", "Data:ExportsOutputRefDjangoSuperuserSecret",
                "Data:ExportsOutputRefDjangoSecretKeySecret", "Data:ExportsOutputFnGetAttDatabaseClientSecurityGroup")) {
            assertTrue(exports.stream().anyMatch(e -> e.startsWith(prefix)), prefix + " in " + exports);
        }
    }

    /** The app's own variables come after the library's, sorted; its secrets too; names are checked. */
    @Test
    void theAppsOwnVariablesAndSecretsAreInjected() {
        webTemplate.hasResourceProperties("AWS::AppRunner::Service", Map.of("SourceConfiguration", Match.objectLike(Map.of(
                "ImageRepository", Match.objectLike(Map.of("ImageConfiguration", Match.objectLike(Map.of(
                        "RuntimeEnvironmentVariables", Match.arrayWith(List.of(
                                Map.of("Name", "MEDIA_BUCKET", "Value", "media-bucket"),
                                Map.of("Name", "SENTRY_ENVIRONMENT", "Value", "production"))),
                        "RuntimeEnvironmentSecrets", Match.arrayWith(List.of(
                                Map.of("Name", "FEATURE_FLAGS", "Value", Match.anyValue()),
                                Map.of("Name", "STRIPE_API_KEY", "Value", Match.objectLike(Map.of("Fn::Join",
                                        List.of("", Match.arrayWith(List.of(":apiKey::"))))))))))))))));
    }

    /** The instance role reads the app's secrets and does what the app asks (S3 here), nothing more. */
    @Test
    void theInstanceRoleGetsTheAppsStatementsAndReadsItsSecrets() {
        webTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Action", List.of("s3:GetObject", "s3:PutObject"),
                        "Effect", "Allow",
                        "Resource", "arn:aws:s3:::media-bucket/*")))),
                "Roles", List.of(Map.of("Ref", Templates.logicalId(web, web.getInstanceRole())))));
        webTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", Match.arrayWith(List.of("ssm:GetParameters")))))))));
        assertNotNull(web.getVpcConnector());
    }

    /** A change of the app's own Secrets Manager secret redeploys too. */
    @Test
    void redeployWatchesTheAppsSecretsManagerSecrets() {
        final List<?> resources = (List<?>) ((Map<?, ?>) ((Map<?, ?>) webTemplate.findResources("AWS::Events::Rule")
                .values().iterator().next().get("Properties")).get("EventPattern")).get("resources");
        assertEquals(4, resources.size(), String.valueOf(resources));
    }

    /** Two services on one DataStack: one client security group, one redeploy rule per service. */
    @Test
    void twoServicesShareTheClientGroupAndEachHasItsOwnRedeploy() {
        for (final Template t : List.of(webTemplate, adminTemplate)) {
            t.resourceCountIs("AWS::Events::Rule", 1);
            t.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
            t.hasParameter("*", Map.of("Default", "/apprunner-django/Data/database-client-security-group-id"));
        }
        final String adminService = ServiceFixture.onlyLogicalId(adminTemplate, "AWS::AppRunner::Service");
        final String definition = String.valueOf(adminTemplate.findResources("AWS::StepFunctions::StateMachine")
                .values().iterator().next().get("Properties"));
        assertTrue(definition.contains(adminService), "the admin redeploy starts the admin service");
        assertEquals(1, dataTemplate.findResources("AWS::EC2::SecurityGroup", Map.of("Properties", Map.of(
                "GroupDescription", Match.stringLikeRegexp("Members may connect.*")))).size());
    }

    /** Existing infrastructure by attributes, imported inside the ServiceStack: no stack of the user's own. */
    @Test
    void existingInfrastructureByAttributesNeedsNoStackOfTheUsersOwn() {
        final App app = TestApps.app();
        final ServiceStack service = new ServiceStack(app, "Existing", ServiceStackProps.builder()
                .vpcAttributes(VpcAttributes.builder()
                        .vpcId("vpc-0123456789abcdef0")
                        .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                        .isolatedSubnetIds(List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"))
                        .build())
                .databaseAttributes(DjangoDatabaseAttributes.builder()
                        .serviceDatabaseSecretArn(SECRET_ARN)
                        .superuserSecretArn(SECRET_ARN.replace("app/db", "app/superuser"))
                        .secretKeySecretArn(SECRET_ARN.replace("app/db", "app/key"))
                        .databaseClientSecurityGroupId("sg-0123456789abcdef0")
                        .build())
                .image(ImageSource.fromEcrRepositoryName("team/django", "latest"))
                .domainName("app.example.com")
                .hostedZoneAttributes(HostedZoneAttributes.builder().hostedZoneId("Z0123456789ABCDEFGHIJ")
                        .zoneName("example.com").build())
                .build());
        final Template t = Template.fromStack(service);
        t.hasResourceProperties("AWS::AppRunner::VpcConnector", Map.of(
                "Subnets", List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"),
                "SecurityGroups", List.of("sg-0123456789abcdef0")));
        t.hasResourceProperties("Custom::AppRunnerCustomDomain", Map.of("HostedZoneId", "Z0123456789ABCDEFGHIJ"));
        assertTrue(t.toJSON().toString().contains(SECRET_ARN + ":username::"));
    }

    static Stream<Arguments> wiringMistakes() {
        return Stream.of(
                Arguments.of("no database", (UnaryOperator<ServiceStackProps.Builder>) b -> b,
                        "database: got null; required"),
                Arguments.of("PORT", (UnaryOperator<ServiceStackProps.Builder>) b -> b.database(null)
                        .environment(Map.of("PORT", "8000")), "environment: got \"PORT\"; App Runner reserves PORT"),
                Arguments.of("AWSAPPRUNNER prefix", (UnaryOperator<ServiceStackProps.Builder>) b -> b
                        .environment(Map.of("AWSAPPRUNNER_X", "1")), "environment: got \"AWSAPPRUNNER_X\"; App Runner reserves"),
                Arguments.of("a library name", (UnaryOperator<ServiceStackProps.Builder>) b -> b
                        .environment(Map.of("DB_HOST", "x")), "environment: got \"DB_HOST\"; the library sets it"),
                Arguments.of("a bad name", (UnaryOperator<ServiceStackProps.Builder>) b -> b
                        .environment(Map.of("1BAD-NAME", "x")), "environment: got \"1BAD-NAME\"; allowed: variable names"),
                Arguments.of("a secret named like a variable", (UnaryOperator<ServiceStackProps.Builder>) b -> b
                        .environment(Map.of("API_KEY", "x"))
                        .secrets(Map.of("API_KEY", ServiceSecret.fromSecretsManager(Secret.fromSecretCompleteArn(
                                new Stack(new App(), "S"), "S", SECRET_ARN)))), "secrets: got \"API_KEY\"; already set"),
                Arguments.of("a reserved secret name", (UnaryOperator<ServiceStackProps.Builder>) b -> b
                        .secrets(Map.of("PORT", ServiceSecret.fromSecretsManager(Secret.fromSecretCompleteArn(
                                new Stack(new App(), "S"), "S", SECRET_ARN)))), "secrets: got \"PORT\"; App Runner reserves"),
                Arguments.of("a partial secret ARN", (UnaryOperator<ServiceStackProps.Builder>) b -> b
                        .databaseAttributes(DjangoDatabaseAttributes.builder()
                                .serviceDatabaseSecretArn("arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db")
                                .superuserSecretArn(SECRET_ARN).secretKeySecretArn(SECRET_ARN)
                                .databaseClientSecurityGroupId("sg-0123456789abcdef0").build()),
                        "serviceDatabaseSecretArn: got \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db\"; allowed: a complete secret ARN"),
                Arguments.of("hostedZoneAttributes without a domain", (UnaryOperator<ServiceStackProps.Builder>) b -> b
                        .hostedZoneAttributes(HostedZoneAttributes.builder().hostedZoneId("Z1").zoneName("example.com").build()),
                        "hostedZoneAttributes: got \"zone attributes\"; only allowed together with domainName"));
    }

    /** Each mistake is one clear message naming the prop, before any resource exists. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wiringMistakes")
    void wiringMistakesFailClearly(final String name, final UnaryOperator<ServiceStackProps.Builder> mistake,
                                   final String message) {
        final ServiceFixture fixture = new ServiceFixture();
        final ServiceStackProps.Builder b = ServiceStackProps.builder()
                .vpc(fixture.network.getVpc())
                .image(ImageSource.fromEcr(fixture.repository, "latest"));
        if (!name.equals("no database") && !name.equals("a partial secret ARN")) {
            b.database(fixture.data);
        }
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServiceStack(fixture.app, "Service", mistake.apply(b).build()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(null, fixture.app.getNode().tryFindChild("Service"), "no half-built stack is left");
    }

    /** With alternating users the master secret logs in as the wrong user: an error, not a silent fallback. */
    @Test
    @SuppressWarnings("deprecation")
    void masterSecretWithAlternatingUsersIsAnError() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc())
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS).build());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServiceStack(app,
                "Service", ServiceStackProps.builder()
                        .vpc(network.getVpc())
                        .databaseClientSecurityGroup(data.getDatabaseClientSecurityGroup())
                        .databaseSecret(data.getDatabaseSecret())
                        .superuserSecret(data.getSuperuserSecret())
                        .secretKeySecret(data.getSecretKeySecret())
                        .image(ImageSource.fromEcr(software.amazon.awscdk.services.ecr.Repository.fromRepositoryName(
                                network, "Repo", "team/django"), "latest"))
                        .build()));
        assertTrue(e.getMessage().contains("databaseSecret: got \"the master secret of Data\"; with ALTERNATING_USERS"),
                e.getMessage());
    }

    /** An imported database is usable from any stack of the user's, too. */
    @Test
    void fromDatabaseAttributesValidatesAtOnce() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjangoDatabase.fromDatabaseAttributes(new Stack(new App(), "S"), "Db",
                        DjangoDatabaseAttributes.builder().databaseClientSecurityGroupId("not-a-group").build()));
        assertTrue(e.getMessage().contains("serviceDatabaseSecretArn: got null; required"), e.getMessage());
        assertTrue(e.getMessage().contains("databaseClientSecurityGroupId: got \"not-a-group\""), e.getMessage());
    }
}
