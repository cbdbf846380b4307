package io.github.apprunnerdjango.examples.pipeline;

import java.util.List;

import io.github.apprunnerdjango.service.ImageSource;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.constructs.Construct;

/**
 * One deployment of the app (dev, prod): the platform stack and the orders stack, in the stage's
 * account. Every stage is built by this one class from the same settings, so stages differ only in
 * their name and account.
 *
 * <p>The stage gives its stacks the permissions boundary (every role below it gets it, the
 * library's custom-resource providers' included). It cannot give them a synthesizer: each stack
 * takes its own, with the team's qualifier.
 *
 * <p>CDK applies an aspect to the stacks of the aspect's own Stage only, and CDK Pipelines synthesizes
 * this stage as soon as it is added to the pipeline: so the stage takes the aspects of the stage
 * around it (the app's: cdk-nag's checks, tags) in its constructor. Add them to the app before
 * building the pipeline; an aspect added later never reaches the stages' stacks.
 */
public class DjangoStage extends Stage {
    private final PlatformStack platform;
    private final OrdersStack orders;

    /**
     * @param scope the pipeline stack
     * @param stage the stage's name and account
     * @param settings the app's settings
     */
    public DjangoStage(final Construct scope, final Settings.StageSettings stage, final Settings settings) {
        super(scope, stage.name(), StageProps.builder()
                .env(settings.environment(stage.account()))
                .permissionsBoundary(settings.boundary())
                .build());
        for (final IAspect aspect : Aspects.of(Stage.of(scope)).getAll()) {
            Aspects.of(this).add(aspect);
        }
        this.platform = new PlatformStack(this, "Platform", stackProps(settings,
                "Network and Aurora database of the Django apps"), settings.availabilityZoneIds());
        this.orders = new OrdersStack(this, "Orders", stackProps(settings, "Orders service (App Runner)"),
                platform, ImageSource.fromEcrRepositoryName(settings.ecrRepositoryName(), settings.imageTag()));
    }

    private static StackProps stackProps(final Settings settings, final String description) {
        return StackProps.builder().synthesizer(settings.synthesizer()).description(description).build();
    }

    /** @return the platform stack */
    public PlatformStack getPlatform() {
        return platform;
    }

    /** @return the orders stack */
    public OrdersStack getOrders() {
        return orders;
    }

    /** @return the stage's stacks, in deployment order */
    public List<Stack> getStacks() {
        return List.of(platform, orders);
    }
}
