package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.RotationStrategy;
import io.github.apprunnerdjango.network.Egress;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.Repository;

/**
 * Cross-stack references are a contract with deployed stacks. CloudFormation refuses to change or
 * delete an export that a deployed stack imports (the ImportValue lock, aws/aws-cdk#26135,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html), and
 * `cdk deploy --all` updates the producer first. So for an app written against 0.1.0 upgraded to
 * this version, and for every day-2 change the README lists: every export the deployed ("before")
 * consumers import still exists with the same value after the change, every SSM parameter they read
 * is still written, and no stateful resource changes its logical id.
 */
class UpgradeTest {
    /** Resource types whose replacement loses data or breaks what runs on them. */
    static final Set<String> STATEFUL = Set.of("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::RDS::DBCluster",
            "AWS::RDS::DBInstance", "AWS::RDS::DBSubnetGroup", "AWS::SecretsManager::Secret",
            "AWS::SecretsManager::SecretTargetAttachment", "AWS::EC2::SecurityGroup");

    /** One app's templates, by stack name. */
    record Templates(Map<String, Map<String, Object>> byStack) {
        Stream<Map<String, Object>> all() {
            return byStack.values().stream();
        }
    }

    // ---- the apps ----------------------------------------------------------------------------

    /** How a day-2 app differs from the default. */
    record Options(RotationStrategy rotation, String superuserName, boolean tracing, boolean privateEndpoint,
                   boolean webAcl, boolean secondService, boolean nat) {
        Options(final RotationStrategy rotation, final String superuserName, final boolean tracing,
                final boolean privateEndpoint, final boolean webAcl, final boolean secondService) {
            this(rotation, superuserName, tracing, privateEndpoint, webAcl, secondService, false);
        }

        static Options defaults() {
            return new Options(RotationStrategy.SINGLE_USER, "admin", false, false, false, false);
        }
    }

    static Templates synth(final Options o) {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Day2-Network", NetworkStackProps.builder()
                .egress(o.nat() ? Egress.natGateway() : null).build());
        final DataStack data = new DataStack(app, "Day2-Data", DataStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .rotationStrategy(o.rotation())
                .superuserName(o.superuserName())
                .build());
        final List<Stack> stacks = new ArrayList<>(List.of(network, data));
        final UnaryOperator<ServiceStackProps.Builder> common = b -> b
                .vpc(network.getVpc())
                .database(data)
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(network, "Repo" + stacks.size(), "team/django"),
                        "latest"));
        stacks.add(new ServiceStack(app, "Day2-Service", common.apply(ServiceStackProps.builder())
                .tracing(o.tracing() ? true : null)
                .privateEndpoint(o.privateEndpoint() ? true : null)
                .defaultWebAcl(o.webAcl() ? true : null)
                .build()));
        if (o.secondService()) {
            stacks.add(new ServiceStack(app, "Day2-Admin", common.apply(ServiceStackProps.builder()).build()));
        }
        return templatesOf(app, stacks);
    }

    /** The 0.1.0 maximal app, with the same code as then (the props 0.1.0 had, now deprecated). */
    @SuppressWarnings("deprecation")
    static Templates maximalOf010Code() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Max-Network", null);
        final DataStack data = new DataStack(app, "Max-Data", DataStackProps.builder()
                .vpc(network.getVpc())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .readers(1)
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS)
                .minCapacity(0)
                .maxCapacity(4)
                .cloudwatchLogsExports(List.of("postgresql", "iam-db-auth-error"))
                .build());
        final ServiceStack service = new ServiceStack(app, "Max-Service", ServiceStackProps.builder()
                .vpc(network.getVpc())
                .databaseClientSecurityGroup(data.getDatabaseClientSecurityGroup())
                .databaseSecret(data.getServiceDatabaseSecret())
                .superuserSecret(data.getSuperuserSecret())
                .secretKeySecret(data.getSecretKeySecret())
                .image(ImageSource.buildAndPush(TestApps.repoRoot().resolve("django-image").toString()))
                .serviceName("django-max")
                .tracing(true)
                .defaultWebAcl(true)
                .privateEndpoint(true)
                .build());
        return templatesOf(app, List.of(network, data, service));
    }

    @SuppressWarnings("unchecked")
    static Templates templatesOf(final App app, final List<Stack> stacks) {
        final Map<String, Map<String, Object>> byStack = new LinkedHashMap<>();
        final var assembly = app.synth();
        for (final Stack stack : stacks) {
            byStack.put(stack.getStackName(),
                    (Map<String, Object>) assembly.getStackByName(stack.getStackName()).getTemplate());
        }
        return new Templates(byStack);
    }

    @SuppressWarnings("unchecked")
    static Templates fixture(final String dir, final String... stacks) {
        final Map<String, Map<String, Object>> byStack = new LinkedHashMap<>();
        final Path root = TestApps.repoRoot().resolve("demo-app/src/test/resources/upgrade/0.1.0").resolve(dir);
        for (final String stack : stacks) {
            try {
                byStack.put(stack, new ObjectMapper().readValue(root.resolve(stack + ".template.json").toFile(), Map.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Templates(byStack);
    }

    // ---- the contract ------------------------------------------------------------------------

    /** @return every export name imported by the templates */
    @SuppressWarnings("unchecked")
    static Set<String> imports(final Templates t) {
        final Set<String> names = new TreeSet<>();
        t.all().forEach(template -> Cfn.walk(template, n -> {
            if (n instanceof Map && ((Map<String, Object>) n).containsKey("Fn::ImportValue")) {
                names.add(String.valueOf(((Map<String, Object>) n).get("Fn::ImportValue")));
            }
        }));
        return names;
    }

    /** @return the value of each export of the templates, by export name */
    @SuppressWarnings("unchecked")
    static Map<String, Object> exports(final Templates t) {
        final Map<String, Object> exports = new LinkedHashMap<>();
        t.all().forEach(template -> ((Map<String, Object>) template.getOrDefault("Outputs", Map.of())).values()
                .forEach(o -> {
                    final Map<String, Object> output = (Map<String, Object>) o;
                    if (output.get("Export") instanceof Map) {
                        exports.put(String.valueOf(((Map<String, Object>) output.get("Export")).get("Name")),
                                output.get("Value"));
                    }
                }));
        return exports;
    }

    /** @return the SSM parameter names the templates read ({@code AWS::SSM::Parameter::Value} parameters) */
    @SuppressWarnings("unchecked")
    static Set<String> parametersRead(final Templates t) {
        final Set<String> names = new TreeSet<>();
        t.all().forEach(template -> ((Map<String, Object>) template.getOrDefault("Parameters", Map.of())).values()
                .forEach(p -> {
                    final Map<String, Object> parameter = (Map<String, Object>) p;
                    if (String.valueOf(parameter.get("Type")).startsWith("AWS::SSM::Parameter::Value")
                            && !String.valueOf(parameter.get("Default")).startsWith("/cdk-bootstrap/")) {
                        names.add(String.valueOf(parameter.get("Default")));
                    }
                }));
        return names;
    }

    /** @return the SSM parameter names the templates write */
    static Set<String> parametersWritten(final Templates t) {
        final Set<String> names = new TreeSet<>();
        t.all().forEach(template -> Cfn.ofType(template, "AWS::SSM::Parameter").values()
                .forEach(p -> names.add(String.valueOf(Cfn.props(p).get("Name")))));
        return names;
    }

    /** @return "stack/logicalId type" of every stateful resource */
    static Set<String> statefulIds(final Templates t) {
        final Set<String> ids = new TreeSet<>();
        t.byStack().forEach((stack, template) -> Cfn.resources(template).forEach((id, r) -> {
            if (STATEFUL.contains(String.valueOf(r.get("Type")))) {
                ids.add(stack + "/" + id + " " + r.get("Type"));
            }
        }));
        return ids;
    }

    /**
     * Deploying {@code after} over {@code before} keeps the contract: the exports the deployed
     * consumers import, with their values; the SSM parameters they read; the stateful resources
     * (less those the change removes on purpose).
     */
    static void assertUpgradeSafe(final String change, final Templates before, final Templates after,
                                  final Set<String> removedOnPurpose) {
        final Map<String, Object> beforeExports = exports(before);
        final Map<String, Object> afterExports = exports(after);
        final List<String> broken = new ArrayList<>();
        for (final String name : imports(before)) {
            if (!afterExports.containsKey(name)) {
                broken.add("export " + name + " is gone");
            } else if (!afterExports.get(name).equals(beforeExports.get(name))) {
                broken.add("export " + name + " changes value: " + beforeExports.get(name) + " -> " + afterExports.get(name));
            }
        }
        final Set<String> written = parametersWritten(after);
        for (final String parameter : parametersRead(before)) {
            if (!written.contains(parameter)) {
                broken.add("SSM parameter " + parameter + " is no longer written");
            }
        }
        final Set<String> stateful = statefulIds(after);
        for (final String id : statefulIds(before)) {
            if (!stateful.contains(id) && removedOnPurpose.stream().noneMatch(id::contains)) {
                broken.add("stateful resource " + id + " is replaced or removed");
            }
        }
        assertEquals(List.of(), broken, change);
    }

    // ---- the tests ---------------------------------------------------------------------------

    /** The demo as 0.1.0 synthesized it, upgraded to this version (same stack names). */
    @ParameterizedTest(name = "0.1.0 demo -> this version")
    @MethodSource("demoUpgrade")
    void the010DemoUpgrades(final Templates before, final Templates after) {
        assertTrue(imports(before).size() >= 6, "the 0.1.0 fixture imports: " + imports(before));
        assertUpgradeSafe("0.1.0 demo", before, after, Set.of());
    }

    static Stream<Arguments> demoUpgrade() {
        final App app = TestApps.app();
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), null);
        return Stream.of(Arguments.of(
                fixture("demo", "DjangoAppRunner-Network", "DjangoAppRunner-Data", "DjangoAppRunner-Service"),
                templatesOf(app, List.of(demo.network(), demo.data(), demo.service()))));
    }

    /** 0.1.0's all-options app (alternating users, tracing, WAF, private), its code unchanged, upgraded. */
    @ParameterizedTest(name = "0.1.0 maximal app -> this version")
    @MethodSource("maximalUpgrade")
    void the010MaximalAppUpgrades(final Templates before, final Templates after) {
        assertTrue(imports(before).size() >= 6, "the 0.1.0 fixture imports: " + imports(before));
        assertUpgradeSafe("0.1.0 maximal app", before, after, Set.of());
    }

    static Stream<Arguments> maximalUpgrade() {
        return Stream.of(Arguments.of(fixture("max", "Max-Network", "Max-Data", "Max-Service"), maximalOf010Code()));
    }

    /** Every day-2 change the README lists, each as a before/after pair. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dayTwoChanges")
    void dayTwoChangeDeploys(final String change, final Options before, final Options after,
                             final Set<String> removedOnPurpose) {
        assertUpgradeSafe(change, synth(before), synth(after), removedOnPurpose);
    }

    static Stream<Arguments> dayTwoChanges() {
        final Options d = Options.defaults();
        final Options alternating = new Options(RotationStrategy.ALTERNATING_USERS, "admin", false, false, false, false);
        return Stream.of(
                Arguments.of("rotation SINGLE_USER -> ALTERNATING_USERS", d, alternating, Set.of()),
                // the application user's secret goes with the strategy, on purpose
                Arguments.of("rotation ALTERNATING_USERS -> SINGLE_USER", alternating, d,
                        Set.of("ApplicationUserSecret", "ApplicationUserRotation")),
                Arguments.of("superuserName admin -> root", d,
                        new Options(RotationStrategy.SINGLE_USER, "root", false, false, false, false), Set.of()),
                Arguments.of("tracing on", d, new Options(RotationStrategy.SINGLE_USER, "admin", true, false, false, false),
                        Set.of()),
                Arguments.of("private endpoint on", d,
                        new Options(RotationStrategy.SINGLE_USER, "admin", false, true, false, false), Set.of()),
                Arguments.of("default web ACL on", d,
                        new Options(RotationStrategy.SINGLE_USER, "admin", false, false, true, false), Set.of()),
                Arguments.of("a second service on the same DataStack", d,
                        new Options(RotationStrategy.SINGLE_USER, "admin", false, false, false, true), Set.of()),
                // the connector moves to the new private subnets; Aurora keeps its isolated ones
                Arguments.of("egress none -> NAT gateway", d,
                        new Options(RotationStrategy.SINGLE_USER, "admin", false, false, false, false, true), Set.of()),
                Arguments.of("the second service removed", 
                        new Options(RotationStrategy.SINGLE_USER, "admin", false, false, false, true), d, Set.of()));
    }

    /** The demo in a mode, with a context on top of cdk.json's. */
    static Templates demoIn(final Map<String, Object> context) {
        final App app = TestApps.app(context, false);
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), null);
        return templatesOf(app, AppMatrix.stacksOf(demo));
    }

    /**
     * Switching a deployed demo to Express Mode ({@code -c compute=express}) or to the migration
     * ({@code -c compute=both}) deploys: the App Runner stack, left deployed (cdk deploy removes no
     * stack), still finds every export it imports and every parameter it reads; nothing stateful moves.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("computeSwitches")
    void switchingComputeDeploys(final String change, final Map<String, Object> before, final Map<String, Object> after) {
        assertUpgradeSafe(change, demoIn(before), demoIn(after), Set.of());
    }

    static Stream<Arguments> computeSwitches() {
        final Map<String, Object> domain = new java.util.TreeMap<>(AppMatrix.migrationContext(0));
        domain.remove("compute");
        domain.remove("expressWeight");
        return Stream.of(
                Arguments.of("compute apprunner -> express", Map.of(), Map.of("compute", "express")),
                Arguments.of("compute apprunner -> both (with a domain)", domain, AppMatrix.migrationContext(0)),
                Arguments.of("migration: express weight 0 -> 100", AppMatrix.migrationContext(0), AppMatrix.migrationContext(100)),
                // the App Runner stack destroyed by hand first (README); Express keeps its weighted record
                Arguments.of("compute both -> express (the migration done)", AppMatrix.migrationContext(100),
                        new java.util.TreeMap<>(Map.of("compute", "express", "domain", "app.example.com", "expressWeight", "100",
                                "hostedZoneId", AppMatrix.ZONE.getHostedZoneId(), "hostedZoneName", AppMatrix.ZONE.getZoneName()))));
    }
}
