package io.github.apprunnerdjango.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.jsii.JsiiClient;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiObjectMapper;
import software.amazon.jsii.NativeType;

/**
 * {@code DatabaseClusterEngine.auroraPostgres({version: AuroraPostgresEngineVersion.VER_17_9})}, the
 * engine of {@link DataStackConstants#DEFAULT_ENGINE_VERSION}, called in the jsii runtime on aws-cdk-lib's
 * own objects without initialising the Java class {@code AuroraPostgresEngineVersion} (see
 * {@link DataStackConstants}). The version object passes through as a reference and never becomes a
 * Java object, so the Java class, when something else initialises it, gets its constants as usual.
 */
final class DefaultClusterEngine {
    /** The name of {@link DataStackConstants#DEFAULT_ENGINE_VERSION} in {@code AuroraPostgresEngineVersion}. */
    static final String VERSION_CONSTANT = "VER_17_9";

    private DefaultClusterEngine() {
    }

    static IClusterEngine auroraPostgres() {
        final JsiiEngine engine = JsiiEngine.getInstance();
        engine.loadModule(software.amazon.awscdk.$Module.class);
        final JsiiClient client = engine.getClient();
        final JsonNode version = client.getStaticPropertyValue(
                "aws-cdk-lib.aws_rds.AuroraPostgresEngineVersion", VERSION_CONSTANT);
        final ObjectNode props = JsonNodeFactory.instance.objectNode();
        props.set("version", version); // AuroraPostgresClusterEngineProps, by value
        final JsonNode clusterEngine = client.callStaticMethod("aws-cdk-lib.aws_rds.DatabaseClusterEngine",
                "auroraPostgres", JsonNodeFactory.instance.arrayNode().add(props));
        return JsiiObjectMapper.treeToValue(clusterEngine, NativeType.forClass(IClusterEngine.class));
    }
}
