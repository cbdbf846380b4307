package io.github.apprunnerdjango.examples.pipeline;

import software.amazon.awscdk.App;

/**
 * The library's constructs composed by a team: the network and the database in a "Platform" stack,
 * one App Runner service in an "Orders" stack, both inside a {@link DjangoStage}, deployed by a CDK
 * Pipelines {@code CodePipeline} ({@link PipelineStack}) to a dev and a prod account. Every stack
 * uses the team's bootstrap qualifier, and every role carries the team's permissions boundary.
 *
 * <p>Every value comes from the {@code cdk.json} context (see {@link Settings} and the README).
 */
public final class PipelineApp {
    /** The pipeline stack's id and name. */
    public static final String PIPELINE_STACK = "DjangoPipeline";

    private PipelineApp() {
    }

    /**
     * Adds the pipeline stack (and, inside it, the stages) to an app.
     *
     * @param app the CDK app, with the context of {@code cdk.json}
     * @return the pipeline stack
     */
    public static PipelineStack build(final App app) {
        return new PipelineStack(app, PIPELINE_STACK, Settings.fromContext(app.getNode()));
    }

    /**
     * Synthesizes the app into {@code cdk.out} (the CDK CLI sets the output folder and context).
     *
     * @param args unused
     */
    public static void main(final String[] args) {
        final App app = new App();
        build(app);
        app.synth();
    }
}
