package io.github.apprunnerdjango.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The edges of the sizes: task counts, CPU and memory, the scaling target and the port. Each gives
 * either the library's one IllegalArgumentException naming the prop, or a template that synthesizes
 * (with CloudFormation Validate, cdk.json's policy validation) and holds the value; never an error
 * from inside aws-cdk-lib. All stacks share one app, synthesized once.
 *
 * <p>Fargate's task sizes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html;
 * Express's scaling target (no documented bounds on the task counts):
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExpressGatewayScalingTarget.html.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressSizesTest {
    private ExpressFixture fixture;
    private final Map<String, Object> outcomes = new LinkedHashMap<>();
    private CloudAssembly assembly;

    /** @return name, options, and the prop the error names (null: it synthesizes), then the expected ScalingTarget/size values */
    Stream<Arguments> edges() {
        return Stream.of(
                ok("minTasks == maxTasks", b -> b.minTasks(2).maxTasks(2), "MinTaskCount", 2, "MaxTaskCount", 2),
                ok("minTasks 1, the least", b -> b.minTasks(1), "MinTaskCount", 1, "MaxTaskCount", 3),
                ok("maxTasks 1 alone (the default minTasks is 1)", b -> b.maxTasks(1), "MinTaskCount", 1, "MaxTaskCount", 1),
                ok("maxTasks at the largest integer", b -> b.maxTasks(Integer.MAX_VALUE),
                        "MinTaskCount", 1, "MaxTaskCount", Integer.MAX_VALUE),
                fails("minTasks alone above the default maxTasks", b -> b.minTasks(5),
                        "minTasks: got 5; must not exceed the default maxTasks 3; set maxTasks to at least 5"),
                fails("minTasks above maxTasks", b -> b.minTasks(4).maxTasks(3), "minTasks: got 4; must not exceed maxTasks (3)"),
                fails("maxTasks alone below the default minTasks", b -> b.minTasks(null).maxTasks(0), "maxTasks: got 0"),
                fails("minTasks 0", b -> b.minTasks(0), "minTasks: got 0; allowed: 1 or more"),
                fails("minTasks negative", b -> b.minTasks(-1), "minTasks: got -1; allowed: 1 or more"),
                ok("the smallest size", b -> b.cpu(256).memory(512), "Cpu", "256", "Memory", "512"),
                ok("the largest size", b -> b.cpu(4096).memory(8192), "Cpu", "4096", "Memory", "8192"),
                fails("memory one step above the largest", b -> b.cpu(4096).memory(9216), "memory: got 9216; allowed with cpu 4096: [8192]"),
                fails("cpu above the largest", b -> b.cpu(8192).memory(16384), "cpu: got 8192; allowed: CPU units"),
                fails("cpu below the smallest", b -> b.cpu(128), "cpu: got 128; allowed: CPU units"),
                fails("cpu alone without a memory it allows", b -> b.cpu(512),
                        "cpu: got 512 with the default memory 512; set memory to one of [1024, 2048, 3072, 4096] MiB"),
                fails("memory alone above what the default cpu allows", b -> b.memory(4096),
                        "memory: got 4096 with the default cpu 256; allowed with it: [512, 1024, 2048] MiB"),
                ok("scalingTarget 100, the largest percentage", b -> b.scalingTarget(100), "AutoScalingTargetValue", 100,
                        "AutoScalingMetric", "AVERAGE_CPU"),
                fails("scalingTarget 0", b -> b.scalingTarget(0), "scalingTarget: got 0; allowed with AVERAGE_CPU: a percentage, 1 to 100"),
                fails("scalingTarget 101 for memory", b -> b.scalingMetric(ScalingMetric.AVERAGE_MEMORY).scalingTarget(101),
                        "scalingTarget: got 101; allowed with AVERAGE_MEMORY: a percentage, 1 to 100"),
                ok("requests per target at the largest integer", b -> b.scalingMetric(ScalingMetric.REQUEST_COUNT_PER_TARGET)
                        .scalingTarget(Integer.MAX_VALUE), "AutoScalingTargetValue", Integer.MAX_VALUE,
                        "AutoScalingMetric", "REQUEST_COUNT_PER_TARGET"),
                ok("port 65535, the largest", b -> b.port(65535), "ContainerPort", 65535, "Cpu", "256"),
                fails("port 0", b -> b.port(0), "port: got 0; allowed: 1 to 65535"),
                fails("port 65536", b -> b.port(65536), "port: got 65536; allowed: 1 to 65535"));
    }

    private static Arguments ok(final String name, final UnaryOperator<ExpressServiceStackProps.Builder> options,
                                final Object... expected) {
        return Arguments.of(name, options, null, expected);
    }

    private static Arguments fails(final String name, final UnaryOperator<ExpressServiceStackProps.Builder> options,
                                   final String message) {
        return Arguments.of(name, options, message, new Object[0]);
    }

    /** Every case in one app: the failures are caught as they are thrown, the rest synthesized at once. */
    @BeforeAll
    void buildAll() {
        fixture = new ExpressFixture();
        edges().forEach(a -> {
            final Object[] args = a.get();
            final String id = "Edge" + outcomes.size();
            @SuppressWarnings("unchecked")
            final UnaryOperator<ExpressServiceStackProps.Builder> options = (UnaryOperator<ExpressServiceStackProps.Builder>) args[1];
            try {
                fixture.service(id, options);
                outcomes.put((String) args[0], id);
            } catch (RuntimeException e) {
                outcomes.put((String) args[0], e);
            }
        });
        assembly = fixture.app.synth();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    @SuppressWarnings("unchecked")
    void eachEdgeIsOurErrorOrATemplate(final String name, final UnaryOperator<ExpressServiceStackProps.Builder> options,
                                       final String message, final Object[] expected) {
        final Object outcome = outcomes.get(name);
        if (message != null) {
            // ours, not a jsii error (a RuntimeException) from aws-cdk-lib
            assertEquals(IllegalArgumentException.class, outcome.getClass(), String.valueOf(outcome));
            final String text = ((Exception) outcome).getMessage();
            assertTrue(text.startsWith("Invalid ExpressServiceStack props:\n  - "), text);
            assertTrue(text.contains(message), "expected <" + message + "> in:\n" + text);
            assertEquals(1, text.split("\n  - ").length - 1, "one failure, naming the prop:\n" + text);
            return;
        }
        assertTrue(outcome instanceof String, "expected a stack, got " + outcome);
        final Map<String, Object> service = serviceProperties((String) outcome);
        final Map<String, Object> flat = new LinkedHashMap<>(service);
        flat.putAll((Map<String, Object>) service.get("ScalingTarget"));
        flat.putAll((Map<String, Object>) service.get("PrimaryContainer"));
        for (int i = 0; i < expected.length; i += 2) {
            assertEquals(expected[i + 1], flat.get((String) expected[i]), name + ": " + expected[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> serviceProperties(final String stackName) {
        final Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) assembly.getStackByName(stackName)
                .getTemplate()).get("Resources");
        final List<Map<String, Object>> services = resources.values().stream().map(r -> (Map<String, Object>) r)
                .filter(r -> ExpressServiceStackDefaultsTest.SERVICE.equals(r.get("Type"))).toList();
        assertEquals(1, services.size());
        assertNotNull(services.get(0).get("Properties"));
        assertNull(services.get(0).get("Condition"));
        return (Map<String, Object>) services.get(0).get("Properties");
    }
}
