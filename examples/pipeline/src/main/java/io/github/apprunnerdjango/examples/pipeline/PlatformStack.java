package io.github.apprunnerdjango.examples.pipeline;

import java.util.List;

import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.DjangoAuroraDatabase;
import io.github.apprunnerdjango.network.DjangoNetwork;
import io.github.apprunnerdjango.network.NetworkStackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The team's shared platform, in a stack of its own: the network and the Aurora database, as the
 * library's constructs. The stack settings (environment, synthesizer, boundary) are the stack's;
 * the constructs take only what they build.
 */
public class PlatformStack extends Stack {
    private final DjangoNetwork network;
    private final DjangoAuroraDatabase database;

    /**
     * @param scope the stage
     * @param id the stack's id
     * @param props the stack's settings (its synthesizer with the team's qualifier)
     * @param availabilityZoneIds the network's zones by ID: the same physical zones in every account,
     *     and no availability-zone lookup at synth time (the pipeline's synth has no AWS credentials
     *     for the stages' accounts)
     */
    public PlatformStack(final Construct scope, final String id, final StackProps props,
                         final List<String> availabilityZoneIds) {
        super(scope, id, props);
        this.network = new DjangoNetwork(this, "Network", NetworkStackProps.builder()
                .availabilityZoneIds(availabilityZoneIds)
                .build());
        // in the network's isolated subnets, which reach Secrets Manager through its endpoint
        this.database = new DjangoAuroraDatabase(this, "Database", DataStackProps.builder()
                .vpc(network.getVpc())
                .build());
    }

    /** @return the network */
    public DjangoNetwork getNetwork() {
        return network;
    }

    /** @return the database */
    public DjangoAuroraDatabase getDatabase() {
        return database;
    }
}
