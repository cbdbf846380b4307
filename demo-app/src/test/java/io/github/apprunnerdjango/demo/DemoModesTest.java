package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudArtifact;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The demo's {@code compute} context: {@code apprunner} (default), {@code express} and {@code both}
 * (the migration). Switching modes deploys onto the same database: the Data template is identical in
 * every mode, and Network only gains what Express needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoModesTest {
    /** What publicIngress may add to the Network stack: public subnets, their routes, an internet gateway. */
    static final Set<String> INGRESS_TYPES = Set.of("AWS::EC2::Subnet", "AWS::EC2::RouteTable",
            "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::Route", "AWS::EC2::InternetGateway",
            "AWS::EC2::VPCGatewayAttachment");

    private CloudAssembly apprunner;
    private CloudAssembly express;
    private CloudAssembly both;
    private DemoApp bothDemo;

    @BeforeAll
    void synth() {
        apprunner = DemoAssembly.get().assembly();
        express = DemoAssembly.express().assembly();
        final App app = TestApps.app(AppMatrix.migrationContext(25), false);
        bothDemo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), null);
        both = app.synth();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> template(final CloudAssembly assembly, final String stack) {
        return (Map<String, Object>) assembly.getStackByName(stack).getTemplate();
    }

    private static Set<String> stackNames(final CloudAssembly assembly) {
        return assembly.getStacks().stream().map(CloudFormationStackArtifact::getStackName).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * {@code cdk synth -c compute=express}: an Express service with every secret of the image's
     * contract (EnvironmentContractTest), explicit CPU, memory and health check path, and no App Runner
     * resource in any stack.
     */
    @Test
    void expressModeRunsTheServiceOnExpressOnly() {
        assertEquals(Set.of("DjangoAppRunner-Network", "DjangoAppRunner-Data", "DjangoAppRunner-Express"), stackNames(express));
        final Map<String, Object> service = Cfn.ofType(template(express, "DjangoAppRunner-Express"),
                "AWS::ECS::ExpressGatewayService").values().iterator().next();
        for (final String property : List.of("Cpu", "Memory", "HealthCheckPath")) {
            assertNotNull(Cfn.props(service).get(property), property);
        }
        for (final CloudFormationStackArtifact stack : express.getStacks()) {
            assertTrue(!String.valueOf(stack.getTemplate()).contains("AWS::AppRunner::"), stack.getStackName());
        }
    }

    /** The Data template is byte for byte the same in every mode: switching modes never touches the database. */
    @Test
    void dataTemplateIsIdenticalInEveryMode() {
        final Map<String, Object> data = template(apprunner, "DjangoAppRunner-Data");
        assertEquals(data, template(express, "DjangoAppRunner-Data"));
        assertEquals(data, template(both, "DjangoAppRunner-Data"));
    }

    /**
     * Network keeps every resource and every export of the default mode and gains only the public
     * ingress subnets, their routes and an internet gateway.
     */
    @Test
    @SuppressWarnings("unchecked")
    void networkOnlyGainsWhatExpressNeeds() {
        final Map<String, Map<String, Object>> before = Cfn.resources(template(apprunner, "DjangoAppRunner-Network"));
        final Map<String, Map<String, Object>> after = Cfn.resources(template(express, "DjangoAppRunner-Network"));
        final Set<String> changed = new TreeSet<>();
        before.forEach((id, resource) -> {
            if (!resource.equals(after.get(id))) {
                changed.add(id);
            }
        });
        assertEquals(Set.of(), changed, "resources of the default Network that express mode changes");
        final Set<String> added = new TreeSet<>();
        after.forEach((id, resource) -> {
            if (!before.containsKey(id)) {
                added.add(String.valueOf(resource.get("Type")));
            }
        });
        assertTrue(INGRESS_TYPES.containsAll(added), "added: " + added);
        assertTrue(added.contains("AWS::EC2::InternetGateway"), "added: " + added);
        final Map<String, Object> outputs = (Map<String, Object>) template(apprunner, "DjangoAppRunner-Network").get("Outputs");
        final Map<String, Object> expressOutputs = (Map<String, Object>) template(express, "DjangoAppRunner-Network").get("Outputs");
        outputs.forEach((id, output) -> assertEquals(output, expressOutputs.get(id), "Network output " + id));
        assertEquals(template(express, "DjangoAppRunner-Network"), template(both, "DjangoAppRunner-Network"));
    }

    /**
     * {@code -c compute=both}: App Runner and Express side by side on one DataStack, the domain's traffic
     * split by two weighted CNAMEs, AWS's documented migration path
     * (https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html). Each record
     * lives in its service's stack: no export between the services, nothing locks a later step.
     */
    @Test
    void bothModeRunsBothServicesOnOneDataStackWithWeightedRecords() {
        assertEquals(Set.of("DjangoAppRunner-Network", "DjangoAppRunner-Data", "DjangoAppRunner-Service",
                "DjangoAppRunner-Express"), stackNames(both));
        final Map<String, Set<String>> deps = new TreeMap<>();
        for (final CloudFormationStackArtifact stack : both.getStacks()) {
            deps.put(stack.getStackName(), stack.getDependencies().stream().map(CloudArtifact::getId)
                    .filter(id -> !id.endsWith(".assets")).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(Set.of("DjangoAppRunner-Network", "DjangoAppRunner-Data"), deps.get("DjangoAppRunner-Service"));
        // App Runner's record becomes weighted before Express adds its own (an order, not a reference)
        assertEquals(Set.of("DjangoAppRunner-Network", "DjangoAppRunner-Data", "DjangoAppRunner-Service"),
                deps.get("DjangoAppRunner-Express"));
        assertTrue(!String.valueOf(template(both, "DjangoAppRunner-Express")).contains("DjangoAppRunner-Service:"),
                "the Express stack imports nothing from the App Runner stack");
        final Map<String, Object> weights = new TreeMap<>();
        for (final String stack : List.of("DjangoAppRunner-Service", "DjangoAppRunner-Express")) {
            final Map<String, Map<String, Object>> records = Cfn.ofType(template(both, stack), "AWS::Route53::RecordSet");
            assertEquals(1, records.size(), stack);
            final Map<String, Object> props = Cfn.props(records.values().iterator().next());
            assertEquals("app.example.com.", props.get("Name"), stack);
            assertEquals("CNAME", props.get("Type"), stack);
            assertEquals("60", props.get("TTL"), stack);
            weights.put(String.valueOf(props.get("SetIdentifier")), props.get("Weight"));
        }
        assertEquals(Map.of("DjangoAppRunner-Service", 75, "DjangoAppRunner-Express", 25), weights);
        assertEquals(1, Cfn.ofType(template(both, "DjangoAppRunner-Service"), "Custom::AppRunnerCustomDomain").size());
        assertEquals(1, Cfn.ofType(template(both, "DjangoAppRunner-Express"), "Custom::ExpressDomain").size());
        assertNotNull(bothDemo.service());
        assertNotNull(bothDemo.express());
    }

    /** The default mode has no Express stack; the demo's getters say which stacks exist. */
    @Test
    void defaultModeIsAppRunner() {
        assertEquals(Set.of("DjangoAppRunner-Network", "DjangoAppRunner-Data", "DjangoAppRunner-Service"), stackNames(apprunner));
        assertEquals("apprunner", DemoAssembly.get().demo.compute());
        assertNull(DemoAssembly.get().demo.express());
        assertNull(DemoAssembly.express().demo.service());
    }

    /** Bad context fails before any stack exists, naming the key, the value and what is allowed. */
    @Test
    void badContextFailsWithItsName() {
        final var image = TestApps.repoRoot().resolve("django-image");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoApp.build(
                TestApps.app(Map.of("compute", "lambda"), false), image, null)).getMessage()
                .contains("compute: got \"lambda\"; allowed: one of [apprunner, express, both]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoApp.build(
                TestApps.app(Map.of("compute", "both"), false), image, null)).getMessage()
                .contains("also pass -c domain=app.example.com -c hostedZoneId=Z... -c hostedZoneName=example.com"));
        final Map<String, Object> badWeight = new TreeMap<>(AppMatrix.migrationContext(0));
        badWeight.put("expressWeight", "150");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoApp.build(
                TestApps.app(badWeight, false), image, null)).getMessage()
                .contains("expressWeight: got \"150\"; allowed: a percentage, 0 to 100"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoApp.build(
                TestApps.app(Map.of("compliance", "pci"), false), image, null)).getMessage()
                .contains("compliance: got \"pci\"; allowed: one of [none, controltower]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoApp.build(
                TestApps.app(Map.of("imageSource", "docker"), false), image, null)).getMessage()
                .contains("imageSource: got \"docker\"; allowed: one of [build, ecr]"));
    }
}
