package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.apprunnerdjango.data.SecretFields;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The App Runner service with every optional prop left out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceStackDefaultsTest {
    private static final String SERVICE = "AWS::AppRunner::Service";

    private ServiceFixture fixture;
    private Template template;
    private Map<String, Object> json;

    @BeforeAll
    void synth() {
        fixture = new ServiceFixture();
        final ServiceStack stack = fixture.service("Service", b -> b);
        template = Template.fromStack(stack);
        json = template.toJSON();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> serviceProps() {
        final Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) (Map<String, ?>)
                template.findResources(SERVICE);
        assertEquals(1, services.size(), "one App Runner service");
        return (Map<String, Object>) services.values().iterator().next().get("Properties");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> imageConfiguration() {
        final Map<String, Object> source = (Map<String, Object>) serviceProps().get("SourceConfiguration");
        return (Map<String, Object>) ((Map<String, Object>) source.get("ImageRepository")).get("ImageConfiguration");
    }

    @Test
    void instanceIsAQuarterVcpuWithHalfAGigabyte() {
        template.hasResourceProperties(SERVICE, Map.of("InstanceConfiguration",
                Map.of("Cpu", "0.25 vCPU", "Memory", "0.5 GB")));
    }

    @Test
    void imageListensOn8080AndDeploysAutomatically() {
        template.hasResourceProperties(SERVICE, Map.of("SourceConfiguration", Map.of(
                "AutoDeploymentsEnabled", true,
                "ImageRepository", Map.of(
                        "ImageRepositoryType", "ECR",
                        "ImageConfiguration", Match.objectLike(Map.of("Port", "8080"))))));
        assertFalse(imageConfiguration().containsKey("StartCommand"), "no start command: the image's own");
    }

    @Test
    void imageIsTheEcrRepositoryAtLatest() {
        final Capture identifier = new Capture();
        template.hasResourceProperties(SERVICE, Map.of("SourceConfiguration", Map.of(
                "ImageRepository", Match.objectLike(Map.of("ImageIdentifier", identifier)))));
        final List<Object> parts = ServiceFixture.joinParts(identifier.asObject());
        assertTrue(parts.contains(".dkr.ecr."), parts.toString());
        assertEquals("/kawashima/django:latest", parts.get(parts.size() - 1));
    }

    @Test
    void httpHealthCheckOnHealthz() {
        template.hasResourceProperties(SERVICE, Map.of("HealthCheckConfiguration", Map.of(
                "Protocol", "HTTP",
                "Path", "/healthz",
                "Interval", 10,
                "Timeout", 5,
                "HealthyThreshold", 1,
                "UnhealthyThreshold", 5)));
    }

    @Test
    void autoScalingOneToThreeAt100ConcurrentRequestsIsReferenced() {
        template.resourceCountIs("AWS::AppRunner::AutoScalingConfiguration", 1);
        template.hasResourceProperties("AWS::AppRunner::AutoScalingConfiguration", Map.of(
                "MinSize", 1, "MaxSize", 3, "MaxConcurrency", 100));
        final String id = ServiceFixture.onlyLogicalId(template, "AWS::AppRunner::AutoScalingConfiguration");
        template.hasResourceProperties(SERVICE, Map.of("AutoScalingConfigurationArn",
                Map.of("Fn::GetAtt", List.of(id, "AutoScalingConfigurationArn"))));
    }

    @Test
    void noObservabilityConfiguration() {
        template.resourceCountIs("AWS::AppRunner::ObservabilityConfiguration", 0);
        assertFalse(serviceProps().containsKey("ObservabilityConfiguration"));
    }

    @Test
    void publiclyAccessibleWithVpcEgress() {
        final String connector = ServiceFixture.onlyLogicalId(template, "AWS::AppRunner::VpcConnector");
        template.hasResourceProperties(SERVICE, Map.of("NetworkConfiguration", Map.of(
                "IngressConfiguration", Map.of("IsPubliclyAccessible", true),
                "EgressConfiguration", Map.of("EgressType", "VPC",
                        "VpcConnectorArn", Map.of("Fn::GetAtt", List.of(connector, "VpcConnectorArn"))))));
    }

    @Test
    void vpcConnectorJoinsTheDatabaseClientGroupInTheIsolatedSubnets() {
        final Capture groups = new Capture();
        final Capture subnets = new Capture();
        template.hasResourceProperties("AWS::AppRunner::VpcConnector", Map.of(
                "SecurityGroups", groups, "Subnets", subnets));
        assertEquals(1, groups.asArray().size(), "the connector joins only the database client group");
        template.hasResourceProperties("AWS::AppRunner::VpcConnector", Map.of(
                "SecurityGroups", List.of(Map.of("Fn::ImportValue",
                        Match.stringLikeRegexp("^Data:ExportsOutputFnGetAttDatabaseClientSecurityGroup.*GroupId.*$")))));
        assertEquals(2, subnets.asArray().size(), "one isolated subnet per AZ");
        for (final Object subnet : subnets.asArray()) {
            final String export = String.valueOf(((Map<?, ?>) subnet).get("Fn::ImportValue"));
            assertTrue(export.matches("^Network:ExportsOutputRefVpcIsolatedSubnet\\dSubnet.*$"), export);
        }
    }

    @ParameterizedTest(name = "{0} reads :{2}:: of the {1} secret")
    @CsvSource({
        "DB_USER, DatabaseSecret, username",
        "DB_PASSWORD, DatabaseSecret, password",
        "DB_HOST, DatabaseSecret, host",
        "DB_PORT, DatabaseSecret, port",
        "DB_NAME, DatabaseSecret, dbname",
        "DJANGO_SUPERUSER_USERNAME, DjangoSuperuserSecret, username",
        "DJANGO_SUPERUSER_PASSWORD, DjangoSuperuserSecret, password",
        "DJANGO_SUPERUSER_EMAIL, DjangoSuperuserSecret, email",
        "DJANGO_SECRET_KEY, DjangoSecretKeySecret, secretkey",
        "DJANGO_SECRET_KEY_FALLBACKS, DjangoSecretKeySecret, secretkeyfallbacks",
    })
    void secretIsReadFromItsKey(final String name, final String secret, final String key) {
        template.hasResourceProperties(SERVICE, Map.of("SourceConfiguration", Map.of("ImageRepository",
                Match.objectLike(Map.of("ImageConfiguration", Match.objectLike(Map.of(
                        "RuntimeEnvironmentSecrets", Match.arrayWith(List.of(Map.of(
                                "Name", name,
                                "Value", Map.of("Fn::Join", List.of("", List.of(
                                        Map.of("Fn::ImportValue", Match.stringLikeRegexp(
                                                "^Data:ExportsOutputRef" + secret + "[0-9A-F]{8}.*$")),
                                        ":" + key + "::")))))))))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsAreExactlyServiceEnvironmentsAndReadOnlyKeysOfSecretFields() throws Exception {
        final Map<String, String> keyByName = new LinkedHashMap<>();
        for (final Object o : (List<Object>) imageConfiguration().get("RuntimeEnvironmentSecrets")) {
            final Map<String, Object> s = (Map<String, Object>) o;
            final List<Object> join = (List<Object>) ((Map<String, Object>) s.get("Value")).get("Fn::Join");
            final List<Object> parts = (List<Object>) join.get(1);
            final String suffix = (String) parts.get(parts.size() - 1);
            assertTrue(suffix.matches("^:[a-z]+::$"), suffix);
            keyByName.put((String) s.get("Name"), suffix.substring(1, suffix.length() - 2));
        }
        final Set<String> secretNames = new TreeSet<>(ServiceEnvironment.secrets(
                fixture.data.getDatabaseSecret(), fixture.data.getSuperuserSecret(),
                fixture.data.getSecretKeySecret()).keySet());
        assertEquals(secretNames, new TreeSet<>(keyByName.keySet()));
        final Set<String> fields = constants(SecretFields.class);
        for (final Map.Entry<String, String> e : keyByName.entrySet()) {
            assertTrue(fields.contains(e.getValue()), e.getKey() + " reads " + e.getValue()
                    + ", which is not a SecretFields key " + fields);
        }
    }

    private static Set<String> constants(final Class<?> type) throws IllegalAccessException {
        final Set<String> values = new TreeSet<>();
        for (final Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                values.add((String) f.get(null));
            }
        }
        return values;
    }

    @Test
    void plainVariablesAreEmptyDomainAndHostsThePortAndTracingOff() {
        // never PORT: App Runner reserves it (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable-manage.html)
        assertEquals(List.of(
                        Map.of("Name", "DJANGO_DOMAIN", "Value", ""),
                        Map.of("Name", "DJANGO_ALLOWED_HOSTS", "Value", ""),
                        Map.of("Name", "DJANGO_PORT", "Value", "8080"),
                        Map.of("Name", "DJANGO_TRACING", "Value", "false")),
                imageConfiguration().get("RuntimeEnvironmentVariables"));
    }

    @Test
    void outputsTheUrlAndArn() {
        final String service = ServiceFixture.onlyLogicalId(template, SERVICE);
        template.hasOutput("ServiceUrl", Map.of("Value", Map.of("Fn::Join", List.of("", List.of(
                "https://", Map.of("Fn::GetAtt", List.of(service, "ServiceUrl")))))));
        template.hasOutput("ServiceArn", Map.of("Value", Map.of("Fn::GetAtt", List.of(service, "ServiceArn"))));
        assertEquals(Set.of("ServiceUrl", "ServiceArn"), template.findOutputs("*").keySet());
    }

    @Test
    void noOptionalResources() {
        template.resourceCountIs("AWS::WAFv2::WebACL", 0);
        template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
        template.resourceCountIs("Custom::AppRunnerCustomDomain", 0);
        template.resourceCountIs("AWS::Lambda::Function", 0);
        template.resourceCountIs("AWS::Route53::RecordSet", 0);
        template.resourceCountIs("AWS::AppRunner::VpcIngressConnection", 0);
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        final List<String> types = new ArrayList<>();
        ((Map<?, ?>) json.get("Resources")).values().forEach(r -> types.add((String) ((Map<?, ?>) r).get("Type")));
        assertEquals(new TreeSet<>(List.of("AWS::AppRunner::Service", "AWS::AppRunner::VpcConnector",
                "AWS::AppRunner::AutoScalingConfiguration", "AWS::IAM::Role", "AWS::IAM::Policy",
                // the redeploy after a rotation, on by default
                "AWS::Events::Rule", "AWS::StepFunctions::StateMachine", "AWS::Logs::LogGroup",
                "AWS::CloudWatch::Alarm")),
                new TreeSet<>(types));
    }
}
