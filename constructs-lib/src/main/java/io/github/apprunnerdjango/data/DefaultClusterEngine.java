package io.github.apprunnerdjango.data;

import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.IClusterEngine;

/** The cluster engine of a {@link DataStack} given no engine version: {@link DataStack#DEFAULT_ENGINE_VERSION}. */
final class DefaultClusterEngine {
    private DefaultClusterEngine() {
    }

    /** @return {@code DatabaseClusterEngine.auroraPostgres} of {@link DataStack#DEFAULT_ENGINE_VERSION} */
    static IClusterEngine auroraPostgres() {
        return DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                .version(DataStack.DEFAULT_ENGINE_VERSION).build());
    }
}
