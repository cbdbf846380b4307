package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Whole-template snapshots of the demo's stacks, normalised (asset hashes, the timestamped id inside
 * cdk-docker-image-deployment). Update them only on purpose: {@code mvn test -Dsnapshot.update=true};
 * CI never does.
 */
class SnapshotTest {
    private static final Path SNAPSHOTS = Paths.get("src", "test", "resources", "snapshots");
    private static final boolean UPDATE = Boolean.getBoolean("snapshot.update") && System.getenv("CI") == null;

    @ParameterizedTest
    @ValueSource(strings = {"DjangoAppRunner-Network", "DjangoAppRunner-Data", "DjangoAppRunner-Service"})
    void templateMatchesSnapshot(final String stackName) throws IOException {
        assertMatchesSnapshot(DemoAssembly.get(), stackName, stackName);
    }

    /**
     * The Express service of {@code cdk synth -c compute=express}. Its Network and Data stacks are
     * compared with the default mode's by {@link DemoModesTest}, not snapshotted twice.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DjangoAppRunner-Express"})
    void expressTemplateMatchesSnapshot(final String stackName) throws IOException {
        assertMatchesSnapshot(DemoAssembly.express(), stackName, stackName);
    }

    private static void assertMatchesSnapshot(final DemoAssembly demo, final String stackName, final String file)
            throws IOException {
        final CloudFormationStackArtifact stack = demo.assembly().getStacks().stream()
                .filter(s -> s.getStackName().equals(stackName)).findFirst().orElseThrow();
        final String actual = Templates.normalise(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(stack.getTemplate())) + "\n";
        final Path snapshot = SNAPSHOTS.resolve(file + ".template.json");
        if (UPDATE) {
            Files.createDirectories(SNAPSHOTS);
            Files.writeString(snapshot, actual);
        }
        assertTrue(Files.exists(snapshot), snapshot + " is missing; create it with -Dsnapshot.update=true");
        assertEquals(Files.readString(snapshot), actual,
                "template of " + stackName + " changed; review, then update with -Dsnapshot.update=true");
    }
}
