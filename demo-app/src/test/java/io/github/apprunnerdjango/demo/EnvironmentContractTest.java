package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The service injects exactly the variables the Django image reads: every {@code secret} and
 * {@code plain} name of {@code django-image/env-contract.txt}, each in the right form.
 */
class EnvironmentContractTest {
    /** @return the contract: each name the image reads, secret or plain (tuning knobs are the user's) */
    static Map<String, String> contract() throws IOException {
        final Map<String, String> contract = new TreeMap<>();
        for (final String line : Files.readAllLines(TestApps.repoRoot().resolve("django-image/env-contract.txt"))) {
            final String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && !"tuning".equals(parts[1])) {
                contract.put(parts[0], parts[1]);
            }
        }
        return contract;
    }

    /**
     * {@code cdk synth -c compute=express}: the Express service injects the same contract, secrets as
     * ECS secrets (resolved when a task starts), plain names as environment variables.
     */
    @Test
    @SuppressWarnings("unchecked")
    void expressEnvironmentMatchesTheImageContract() throws IOException {
        final Template template = Template.fromJSON((Map<String, Object>)
                DemoAssembly.express().assembly().getStackByName("DjangoAppRunner-Express").getTemplate());
        final Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) template
                .findResources("AWS::ECS::ExpressGatewayService").values().iterator().next()).get("Properties");
        final Map<String, Object> container = (Map<String, Object>) props.get("PrimaryContainer");
        final Map<String, String> injected = new TreeMap<>();
        names(container.get("Secrets")).forEach(n -> injected.put(n, "secret"));
        names(container.get("Environment")).forEach(n -> injected.put(n, "plain"));
        assertEquals(contract(), injected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void serviceEnvironmentMatchesTheImageContract() throws IOException {
        final Map<String, String> contract = contract();
        final Template template = Template.fromJSON((Map<String, Object>)
                DemoAssembly.get().assembly().getStackByName("DjangoAppRunner-Service").getTemplate());
        final Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) template
                .findResources("AWS::AppRunner::Service").values().iterator().next()).get("Properties");
        final Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                props.get("SourceConfiguration")).get("ImageRepository")).get("ImageConfiguration");
        final Map<String, String> injected = new TreeMap<>();
        names(config.get("RuntimeEnvironmentSecrets")).forEach(n -> injected.put(n, "secret"));
        names(config.get("RuntimeEnvironmentVariables")).forEach(n -> injected.put(n, "plain"));
        assertEquals(contract, injected);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> names(final Object list) {
        return ((java.util.List<Map<String, Object>>) list).stream()
                .map(e -> String.valueOf(e.get("Name"))).collect(Collectors.toSet());
    }
}
