package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;

/** Every rule of ServiceValidation: the prop, the value received and what is allowed, all in one exception. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceValidationTest {
    /** A build context with a Dockerfile (a test fixture). */
    static final String IMAGE_DIR = TestApps.repoRoot().resolve("constructs-lib/src/test/resources/image").toString();

    private ServiceFixture fixture;
    private IHostedZone exampleCom;
    private IHostedZone exampleOrg;
    @TempDir
    Path emptyDir;

    @BeforeAll
    void prerequisites() {
        fixture = new ServiceFixture();
        exampleCom = zone("ComZone", "example.com");
        exampleOrg = zone("OrgZone", "example.org");
    }

    private IHostedZone zone(final String id, final String name) {
        return HostedZone.fromHostedZoneAttributes(fixture.network, id, HostedZoneAttributes.builder()
                .hostedZoneId("Z" + id.toUpperCase()).zoneName(name).build());
    }

    private String failure(final UnaryOperator<ServiceStackProps.Builder> options) {
        final ServiceStackProps props = options.apply(fixture.props()).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServiceStack(fixture.app, "Invalid", props));
        assertTrue(e.getMessage().startsWith("Invalid ServiceStack props:\n  - "), e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(final String message, final String... fragments) {
        for (final String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected <" + fragment + "> in:\n" + message);
        }
    }

    private static Arguments c(final String name, final UnaryOperator<ServiceStackProps.Builder> options,
                               final String... fragments) {
        return Arguments.of(name, options, fragments);
    }

    static Stream<Arguments> missingRequired() {
        return Stream.of(
                c("vpc", b -> b.vpc(null), "vpc: got null; required"),
                c("databaseClientSecurityGroup", b -> b.databaseClientSecurityGroup(null),
                        "databaseClientSecurityGroup: got null; required"),
                c("databaseSecret", b -> b.databaseSecret(null), "databaseSecret: got null; required"),
                c("superuserSecret", b -> b.superuserSecret(null), "superuserSecret: got null; required"),
                c("secretKeySecret", b -> b.secretKeySecret(null), "secretKeySecret: got null; required"),
                c("image", b -> b.image(null), "image: got null; required"));
    }

    @ParameterizedTest(name = "fails without {0}")
    @MethodSource("missingRequired")
    void failsWithoutRequiredProp(final String name, final UnaryOperator<ServiceStackProps.Builder> options,
                                  final String[] fragments) {
        final String message = failure(options);
        assertMentions(message, fragments);
        assertEquals(1, message.split("\n  - ").length - 1, message);
    }

    @Test
    void failsOnNullProps() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServiceStack(fixture.app, "Invalid", null));
        assertMentions(e.getMessage(), "props: got null; required");
    }

    Stream<Arguments> invalidValues() {
        final String fortyOne = "a".repeat(41);
        final String tag129 = "t".repeat(129);
        return Stream.of(
                c("cpu 0.25 with 2 GB", b -> b.cpu(Cpu.QUARTER_VCPU).memory(Memory.TWO_GB),
                        "memory: got \"2 GB\"; allowed with cpu 0.25 vCPU: [0.5 GB, 1 GB]"),
                c("cpu 1 with 0.5 GB", b -> b.cpu(Cpu.ONE_VCPU).memory(Memory.HALF_GB),
                        "memory: got \"0.5 GB\"; allowed with cpu 1 vCPU: [2 GB, 3 GB, 4 GB]"),
                c("cpu 1 with the default memory", b -> b.cpu(Cpu.ONE_VCPU),
                        "cpu: got \"1 vCPU\" with the default memory 0.5 GB; set memory to one of [2 GB, 3 GB, 4 GB]"),
                c("cpu 4 with 4 GB", b -> b.cpu(Cpu.FOUR_VCPU).memory(Memory.FOUR_GB),
                        "memory: got \"4 GB\"; allowed with cpu 4 vCPU: [8 GB, 10 GB, 12 GB]"),
                c("port 0", b -> b.port(0), "port: got 0; allowed: 1 to 65535"),
                c("port 65536", b -> b.port(65536), "port: got 65536; allowed: 1 to 65535"),
                c("empty startCommand", b -> b.startCommand(List.of()),
                        "startCommand: got []; allowed: at least one argument, each made of letters, digits"),
                c("startCommand with an empty argument", b -> b.startCommand(List.of("gunicorn", "")),
                        "startCommand: got [gunicorn, ]; allowed: at least one argument"),
                c("startCommand with a newline", b -> b.startCommand(List.of("a\nb")),
                        "startCommand: got [a\nb]; allowed:", "put such a command in a script in the image"),
                c("startCommand with a quote", b -> b.startCommand(List.of("echo", "it's")),
                        "startCommand: got [echo, it's]; allowed:", "spaces, quotes and shell syntax"),
                c("domainName with an underscore", b -> b.domainName("app_x.example.com"),
                        "domainName: got \"app_x.example.com\"; allowed: a DNS name such as app.example.com"),
                c("domainName starting with -", b -> b.domainName("-bad.example.com"),
                        "domainName: got \"-bad.example.com\"; allowed: a DNS name"),
                c("domainName without a dot", b -> b.domainName("nodot"),
                        "domainName: got \"nodot\"; allowed: a DNS name"),
                c("domainName with an empty label", b -> b.domainName("a..b.com"),
                        "domainName: got \"a..b.com\"; allowed: a DNS name"),
                c("domainName outside the zone", b -> b.domainName("app.example.com").hostedZone(exampleOrg),
                        "domainName: got \"app.example.com\"; must be a sub-domain inside the hosted zone example.org"),
                c("domainName at the zone apex", b -> b.domainName("example.com").hostedZone(exampleCom),
                        "domainName: got \"example.com\"; must be a sub-domain inside the hosted zone example.com",
                        "the zone apex cannot take the CNAME"),
                c("hostedZone without domainName", b -> b.hostedZone(exampleCom),
                        "hostedZone: got \"a hosted zone\"; only allowed together with domainName"),
                c("tracingEndpoint without tracing", b -> b.tracingEndpoint(true),
                        "tracingEndpoint: got true; only allowed together with tracing(true)"),
                c("tracingEndpoint false with tracing off", b -> b.tracing(false).tracingEndpoint(false),
                        "tracingEndpoint: got false; only allowed together with tracing(true)"),
                c("allowedHosts with a space", b -> b.allowedHosts(List.of("ok.example.com", "bad host")),
                        "allowedHosts: got \"bad host\"; allowed: host names such as example.com or .example.com"),
                c("allowedHosts with a URL", b -> b.allowedHosts(List.of("https://example.com")),
                        "allowedHosts: got \"https://example.com\"; allowed: host names"),
                c("allowedHosts with an empty name", b -> b.allowedHosts(List.of("")),
                        "allowedHosts: got \"\"; allowed: host names"),
                c("health check path without /", b -> b.healthCheckPath("healthz"),
                        "healthCheckPath: got \"healthz\"; allowed: a path starting with /, without spaces"),
                c("health check path with a space", b -> b.healthCheckPath("/health z"),
                        "healthCheckPath: got \"/health z\"; allowed: a path starting with /, without spaces"),
                c("interval 0 s", b -> b.healthCheckInterval(Duration.seconds(0)),
                        "healthCheckInterval: got \"", "allowed: 1 to 20 whole seconds"),
                c("interval 21 s", b -> b.healthCheckInterval(Duration.seconds(21)),
                        "healthCheckInterval: got \"21 seconds\"; allowed: 1 to 20 whole seconds"),
                c("interval 1.5 s", b -> b.healthCheckInterval(Duration.seconds(1.5)),
                        "healthCheckInterval: got \"1 second 500 millis\"; allowed: 1 to 20 whole seconds"),
                c("timeout 0 s", b -> b.healthCheckTimeout(Duration.seconds(0)),
                        "healthCheckTimeout: got \"", "allowed: 1 to 20 whole seconds"),
                c("timeout 21 s", b -> b.healthCheckTimeout(Duration.seconds(21)),
                        "healthCheckTimeout: got \"21 seconds\"; allowed: 1 to 20 whole seconds"),
                c("timeout 1.5 s", b -> b.healthCheckTimeout(Duration.seconds(1.5)),
                        "healthCheckTimeout: got \"1 second 500 millis\"; allowed: 1 to 20 whole seconds"),
                c("healthyThreshold 0", b -> b.healthyThreshold(0), "healthyThreshold: got 0; allowed: 1 to 20"),
                c("healthyThreshold 21", b -> b.healthyThreshold(21), "healthyThreshold: got 21; allowed: 1 to 20"),
                c("unhealthyThreshold 0", b -> b.unhealthyThreshold(0), "unhealthyThreshold: got 0; allowed: 1 to 20"),
                c("unhealthyThreshold 21", b -> b.unhealthyThreshold(21),
                        "unhealthyThreshold: got 21; allowed: 1 to 20"),
                c("minSize 0", b -> b.minSize(0), "minSize: got 0; allowed: 1 to 25"),
                c("minSize 26", b -> b.minSize(26).maxSize(25), "minSize: got 26; allowed: 1 to 25"),
                c("maxSize 26", b -> b.maxSize(26), "maxSize: got 26; allowed: 1 to 25"),
                c("minSize above maxSize", b -> b.minSize(5).maxSize(4), "minSize: got 5; must be less than maxSize (4)"),
                c("minSize equal to maxSize", b -> b.minSize(3).maxSize(3), "minSize: got 3; must be less than maxSize (3)"),
                c("minSize 25 without maxSize", b -> b.minSize(25),
                        "minSize: got 25; at most 24 without maxSize"),
                c("maxConcurrency 0", b -> b.maxConcurrency(0), "maxConcurrency: got 0; allowed: 1 to 200"),
                c("maxConcurrency 201", b -> b.maxConcurrency(201), "maxConcurrency: got 201; allowed: 1 to 200"),
                c("serviceName too short", b -> b.serviceName("ab"),
                        "serviceName: got \"ab\"; allowed: 4 to 40 of letters, digits, - and _, starting with a letter or digit"),
                c("serviceName starting with -", b -> b.serviceName("-bad"), "serviceName: got \"-bad\"; allowed: 4 to 40"),
                c("serviceName of 41 characters", b -> b.serviceName(fortyOne),
                        "serviceName: got \"" + fortyOne + "\"; allowed: 4 to 40"),
                c("bad repository name with upper case", b -> b.image(ImageSource.buildAndPush(IMAGE_DIR, "Kawashima/Django", "latest")),
                        "image.repositoryName: got \"Kawashima/Django\"; allowed: an ECR repository name"),
                c("repository name of one character", b -> b.image(ImageSource.buildAndPush(IMAGE_DIR, "a", "latest")),
                        "image.repositoryName: got \"a\"; allowed: an ECR repository name, 2 to 256"),
                c("tag starting with -", b -> b.image(ImageSource.buildAndPush(IMAGE_DIR, "kawashima/django", "-x")),
                        "image.tag: got \"-x\"; allowed: 1 to 128 of letters, digits, _ . -, not starting with . or -"),
                c("tag with a space", b -> b.image(ImageSource.buildAndPush(IMAGE_DIR, "kawashima/django", "a b")),
                        "image.tag: got \"a b\"; allowed: 1 to 128"),
                c("tag of 129 characters", b -> b.image(ImageSource.buildAndPush(IMAGE_DIR, "kawashima/django", tag129)),
                        "image.tag: got \"" + tag129 + "\"; allowed: 1 to 128"),
                c("fromEcr with a malformed digest", b -> b.image(ImageSource.fromEcr(fixture.repository, "sha256:xyz")),
                        "image.tagOrDigest: got \"sha256:xyz\"; allowed: a tag (1 to 128 of letters, digits, _ . -) or a digest sha256:<64 hex digits>"),
                c("fromEcr without a repository", b -> b.image(ImageSource.fromEcr(null, "latest")),
                        "image.repository: got null; required"),
                c("fromAsset without a Dockerfile", b -> b.image(ImageSource.fromAsset("/nonexistent/dir")),
                        "image.directory: got \"/nonexistent/dir\"; allowed: a directory holding a Dockerfile"));
    }

    @ParameterizedTest(name = "fails on {0}")
    @MethodSource("invalidValues")
    void failsOnInvalidValue(final String name, final UnaryOperator<ServiceStackProps.Builder> options,
                             final String[] fragments) {
        assertMentions(failure(options), fragments);
    }

    @Test
    void failsOnBuildAndPushOfADirectoryWithoutDockerfile() {
        final String message = failure(b -> b.image(ImageSource.buildAndPush(emptyDir.toString())));
        assertMentions(message, "image.directory: got \"" + emptyDir + "\"; allowed: a directory holding a Dockerfile");
        assertEquals(1, message.split("\n  - ").length - 1, "only the directory is wrong: " + message);
    }

    @Test
    void validImagesPassValidation() throws Exception {
        assertTrue(Files.isRegularFile(Path.of(IMAGE_DIR, "Dockerfile")));
        final ServiceValidation.Checks checks = new ServiceValidation.Checks();
        ImageSource.buildAndPush(IMAGE_DIR).validate(checks);
        ImageSource.buildAndPush(IMAGE_DIR, "kawashima/django.web_x-1", "v1.2_3-rc").validate(checks);
        ImageSource.fromEcr(fixture.repository, "sha256:" + "0123456789abcdef".repeat(4)).validate(checks);
        ImageSource.fromAsset(IMAGE_DIR).validate(checks);
        checks.throwIfInvalid();
    }

    @Test
    void everyFailureComesInOneException() {
        final String message = failure(b -> b
                .vpc(null)
                .image(ImageSource.buildAndPush(emptyDir.toString(), "Bad", "-x"))
                .serviceName("ab")
                .cpu(Cpu.QUARTER_VCPU).memory(Memory.FOUR_GB)
                .port(0)
                .startCommand(List.of())
                .domainName("a..b.com")
                .allowedHosts(List.of("bad host"))
                .healthCheckPath("healthz")
                .healthCheckInterval(Duration.seconds(21))
                .healthCheckTimeout(Duration.seconds(0))
                .healthyThreshold(0)
                .unhealthyThreshold(21)
                .minSize(0)
                .maxSize(26)
                .maxConcurrency(201));
        final List<String> lines = Arrays.asList(message.split("\n  - "));
        assertEquals(18, lines.size() - 1, message);
        for (final String prop : List.of("vpc", "image.directory", "image.repositoryName", "image.tag", "serviceName",
                "memory", "port", "startCommand", "domainName", "allowedHosts", "healthCheckPath", "healthCheckInterval",
                "healthCheckTimeout", "healthyThreshold", "unhealthyThreshold", "minSize", "maxSize", "maxConcurrency")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(prop + ": got ")), prop + " in:\n" + message);
        }
    }

    @Test
    void failsOnANullArgumentWithTheValidationMessage() {
        final String message = failure(b -> b.startCommand(Arrays.asList("gunicorn", null))
                .allowedHosts(Arrays.asList("ok.example.com", null)));
        assertMentions(message, "startCommand: got [gunicorn, null]", "allowedHosts: got null");
    }
}
