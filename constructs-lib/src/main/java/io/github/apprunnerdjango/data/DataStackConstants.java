package io.github.apprunnerdjango.data;

import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;

/**
 * {@link DataStack}'s constants that are aws-cdk-lib objects; read them as {@code DataStack.NAME}.
 *
 * <p>They live in an interface because an interface's fields are made when one of them is first read,
 * not when a class that implements it is (JLS 12.4.1): reading {@code AuroraPostgresEngineVersion.VER_17_9}
 * initialises that class, whose ~135 constants cost ~0.1 s of round trips to the jsii runtime, and a
 * stack that takes the default engine never needs them.
 */
public interface DataStackConstants {
    /** The engine version used when none is given: the newest 17.x that aws-cdk-lib 2.263 offers. */
    AuroraPostgresEngineVersion DEFAULT_ENGINE_VERSION = AuroraPostgresEngineVersion.VER_17_9;
}
