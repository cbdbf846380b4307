package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;

/**
 * Aurora Serverless v2 scales to 0 ACU (auto-pause) only on Aurora PostgreSQL 13.15, 14.12, 15.7,
 * 16.3 or later; on an older engine the cluster fails to create.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html
 */
class AutoPauseEngineTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"13.14, false", "13.15, true", "14.11, false", "14.12, true", "15.6, false", "15.7, true",
        "16.2, false", "16.3, true", "17.1, true", "12.22, false"})
    void onlyVersionsThatCanPauseAcceptZeroAcu(final String version, final boolean canPause) {
        assertEquals(canPause, DataValidation.canAutoPause(version));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"VER_16_2", "VER_15_6"})
    void zeroAcuWithAnOlderEngineIsRefusedNamingMinCapacity(final String constant) throws Exception {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final AuroraPostgresEngineVersion version =
                (AuroraPostgresEngineVersion) AuroraPostgresEngineVersion.class.getField(constant).get(null);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataStack(app, "Data",
                DataStackProps.builder().vpc(network.getVpc()).minCapacity(0).engineVersion(version).build()));
        assertTrue(e.getMessage().contains("minCapacity: got 0; 0 ACU (auto-pause) needs"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"VER_16_3", "VER_17_9"})
    void zeroAcuWithAnEngineThatCanPauseSynthesizes(final String constant) throws Exception {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final AuroraPostgresEngineVersion version =
                (AuroraPostgresEngineVersion) AuroraPostgresEngineVersion.class.getField(constant).get(null);
        new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).minCapacity(0)
                .engineVersion(version).build());
    }
}
