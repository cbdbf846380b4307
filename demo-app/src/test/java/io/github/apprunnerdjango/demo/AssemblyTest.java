package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.cxapi.CloudArtifact;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** The cloud assembly as a whole: stack dependencies and the absence of any secret value. */
class AssemblyTest {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passwd|token|key).*");
    private final DemoAssembly demo = DemoAssembly.get();

    private Map<String, Set<String>> dependencies() {
        final Map<String, Set<String>> deps = new HashMap<>();
        for (final CloudFormationStackArtifact stack : demo.assembly().getStacks()) {
            deps.put(stack.getStackName(), stack.getDependencies().stream()
                    .map(CloudArtifact::getId)
                    .filter(id -> !id.endsWith(".assets"))
                    .collect(Collectors.toSet()));
        }
        return deps;
    }

    @Test
    void stacksDependOnEachOtherInOneDirection() {
        final Map<String, Set<String>> deps = dependencies();
        assertEquals(Set.of(), deps.get("DjangoAppRunner-Network"));
        assertEquals(Set.of("DjangoAppRunner-Network"), deps.get("DjangoAppRunner-Data"));
        assertEquals(Set.of("DjangoAppRunner-Network", "DjangoAppRunner-Data"), deps.get("DjangoAppRunner-Service"));
    }

    @Test
    void stackDependenciesHaveNoCycle() {
        final Map<String, Set<String>> deps = dependencies();
        final List<String> order = new ArrayList<>();
        final Set<String> visiting = new HashSet<>();
        for (final String stack : deps.keySet()) {
            visit(stack, deps, visiting, order);
        }
        assertEquals(deps.size(), order.size());
    }

    private static void visit(final String stack, final Map<String, Set<String>> deps, final Set<String> visiting,
                              final List<String> order) {
        if (order.contains(stack)) {
            return;
        }
        assertTrue(visiting.add(stack), "cycle through " + stack);
        for (final String dep : deps.getOrDefault(stack, Set.of())) {
            visit(dep, deps, visiting, order);
        }
        visiting.remove(stack);
        order.add(stack);
    }

    @Test
    @SuppressWarnings("unchecked")
    void noSecretValueInAnyTemplate() throws IOException {
        final List<String> problems = new ArrayList<>();
        for (final CloudFormationStackArtifact stack : demo.assembly().getStacks()) {
            final Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) stack.getTemplate())
                    .get("Resources");
            resources.forEach((id, value) -> {
                final Map<String, Object> resource = (Map<String, Object>) value;
                final Map<String, Object> props = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
                final String json = String.valueOf(props);
                if ("AWS::SecretsManager::Secret".equals(resource.get("Type")) && props.containsKey("SecretString")) {
                    problems.add(id + ": a secret with a literal SecretString");
                }
                if (props.containsKey("MasterUserPassword") && !json.contains("{{resolve:secretsmanager:")) {
                    problems.add(id + ": MasterUserPassword is not a Secrets Manager reference");
                }
                if ("AWS::AppRunner::Service".equals(resource.get("Type"))) {
                    plainVariableNames(props).stream().filter(n -> SECRET_NAME.matcher(n).matches())
                            .forEach(n -> problems.add(id + ": plain environment variable " + n));
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @SuppressWarnings("unchecked")
    private static List<String> plainVariableNames(final Map<String, Object> serviceProps) {
        final Map<String, Object> source = (Map<String, Object>) serviceProps.get("SourceConfiguration");
        final Map<String, Object> repo = (Map<String, Object>) source.get("ImageRepository");
        final Map<String, Object> config = (Map<String, Object>) repo.get("ImageConfiguration");
        final List<Map<String, Object>> vars = (List<Map<String, Object>>) config.getOrDefault(
                "RuntimeEnvironmentVariables", List.of());
        return vars.stream().map(v -> String.valueOf(v.get("Name"))).collect(Collectors.toList());
    }

    @Test
    void noFileOfTheAssemblyHoldsAKnownSecretMarker() throws IOException {
        final List<String> markers = List.of("django-insecure", "\"SecretString\"", "BEGIN RSA PRIVATE KEY");
        try (Stream<Path> files = Files.walk(Paths.get(demo.assembly().getDirectory()))) {
            for (final Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                final String text = Files.readString(file);
                for (final String marker : markers) {
                    assertFalse(text.contains(marker), file + " contains " + marker);
                }
            }
        }
    }

    @Test
    void noNodejs16OrSdkV2CodeInAnyTemplate() {
        for (final CloudFormationStackArtifact stack : demo.assembly().getStacks()) {
            final String json = String.valueOf(stack.getTemplate());
            for (final String banned : List.of("nodejs16.x", "nodejs14.x", "nodejs18.x", "require(\"aws-sdk\")",
                    "require('aws-sdk')")) {
                assertFalse(json.contains(banned), stack.getStackName() + " contains " + banned);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void cdkJsonHoldsNoSecret() throws IOException {
        final Map<String, Object> cdkJson = new ObjectMapper().readValue(
                TestApps.repoRoot().resolve("cdk.json").toFile(), Map.class);
        final Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
        final List<String> suspicious = context.keySet().stream()
                .filter(k -> !k.startsWith("@aws-cdk") && SECRET_NAME.matcher(k).matches())
                .collect(Collectors.toList());
        assertEquals(List.of(), suspicious);
    }
}
