package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.apprunnerdjango.service.ServiceEnvironment;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The service injects exactly the variables the Django image reads: every {@code secret} and
 * {@code plain} name of {@code django-image/env-contract.txt}, each in the right form. The media names
 * ({@link ServiceEnvironment#MEDIA_NAMES}, plain) are injected only with a media bucket: the demo
 * without {@code media} injects the contract without them, with {@code -c media=true} with them.
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

    /** @return the contract without the media names, as a service without a media bucket injects it */
    static Map<String, String> contractWithoutMedia() throws IOException {
        final Map<String, String> contract = contract();
        ServiceEnvironment.MEDIA_NAMES.forEach(contract::remove);
        return contract;
    }

    /** @return the contract with the media names, plain, as a service with a media bucket injects it */
    static Map<String, String> contractWithMedia() throws IOException {
        final Map<String, String> contract = contract();
        ServiceEnvironment.MEDIA_NAMES.forEach(n -> contract.put(n, "plain"));
        return contract;
    }

    /**
     * {@code cdk synth -c compute=express}: the Express service injects the same contract, secrets as
     * ECS secrets (resolved when a task starts), plain names as environment variables.
     */
    @Test
    @SuppressWarnings("unchecked")
    void expressEnvironmentMatchesTheImageContract() throws IOException {
        assertEquals(contractWithoutMedia(), expressInjected((Map<String, Object>)
                DemoAssembly.express().assembly().getStackByName("DjangoAppRunner-Express").getTemplate()));
    }

    /** {@code cdk synth -c media=true -c compute=both}: both services inject the contract with the media names. */
    @Test
    @SuppressWarnings("unchecked")
    void withMediaBothServicesInjectTheMediaNames() throws IOException {
        final AppMatrix.Built media = AppMatrix.get("media");
        assertEquals(contractWithMedia(), expressInjected(media.templates().get("DjangoAppRunner-Express")));
        assertEquals(contractWithMedia(), appRunnerInjected(media.templates().get("DjangoAppRunner-Service")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> expressInjected(final Map<String, Object> json) {
        final Template template = Template.fromJSON(json);
        final Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) template
                .findResources("AWS::ECS::ExpressGatewayService").values().iterator().next()).get("Properties");
        final Map<String, Object> container = (Map<String, Object>) props.get("PrimaryContainer");
        final Map<String, String> injected = new TreeMap<>();
        names(container.get("Secrets")).forEach(n -> injected.put(n, "secret"));
        names(container.get("Environment")).forEach(n -> injected.put(n, "plain"));
        return injected;
    }

    @Test
    @SuppressWarnings("unchecked")
    void serviceEnvironmentMatchesTheImageContract() throws IOException {
        assertEquals(contractWithoutMedia(), appRunnerInjected((Map<String, Object>)
                DemoAssembly.get().assembly().getStackByName("DjangoAppRunner-Service").getTemplate()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> appRunnerInjected(final Map<String, Object> json) {
        final Template template = Template.fromJSON(json);
        final Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) template
                .findResources("AWS::AppRunner::Service").values().iterator().next()).get("Properties");
        final Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                props.get("SourceConfiguration")).get("ImageRepository")).get("ImageConfiguration");
        final Map<String, String> injected = new TreeMap<>();
        names(config.get("RuntimeEnvironmentSecrets")).forEach(n -> injected.put(n, "secret"));
        names(config.get("RuntimeEnvironmentVariables")).forEach(n -> injected.put(n, "plain"));
        return injected;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> names(final Object list) {
        return ((java.util.List<Map<String, Object>>) list).stream()
                .map(e -> String.valueOf(e.get("Name"))).collect(Collectors.toSet());
    }
}
