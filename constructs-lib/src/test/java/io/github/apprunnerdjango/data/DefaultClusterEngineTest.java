package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;

/**
 * The default engine is aws-cdk-lib's engine of {@link DataStack#DEFAULT_ENGINE_VERSION}: the same
 * template as a stack given that version, env-agnostic and env-specific.
 */
class DefaultClusterEngineTest {
    @ParameterizedTest(name = "env-specific: {0}")
    @ValueSource(booleans = {false, true})
    void isTheEngineOfTheDefaultVersion(final boolean envSpecific) {
        assertEquals(templateOf(envSpecific, null), templateOf(envSpecific, DataStack.DEFAULT_ENGINE_VERSION));
    }

    @Test
    void isTheNewest17xThatAwsCdkLibOffers() {
        assertEquals("17.9", DataStack.DEFAULT_ENGINE_VERSION.getAuroraPostgresFullVersion());
        assertEquals(DjangoAuroraDatabase.DEFAULT_ENGINE_VERSION, DataStack.DEFAULT_ENGINE_VERSION);
    }

    private static Map<String, Object> templateOf(final boolean envSpecific,
            final AuroraPostgresEngineVersion version) {
        final App app = TestApps.app();
        final Environment env = envSpecific ? Environment.builder().account("123456789012").region("eu-west-1").build()
                : null;
        final NetworkStack network = new NetworkStack(app, "Net",
                NetworkStackProps.builder().env(env).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .env(env)
                .vpc(network.getVpc())
                .engineVersion(version)
                .build());
        return Template.fromStack(data).toJSON(); // the whole template: cluster, parameter group, rotation
    }
}
