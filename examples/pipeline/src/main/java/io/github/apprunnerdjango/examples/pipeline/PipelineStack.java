package io.github.apprunnerdjango.examples.pipeline;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.pipelines.AddStageOpts;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.pipelines.ManualApprovalStep;
import software.amazon.awscdk.pipelines.ShellStep;
import software.constructs.Construct;

/**
 * The pipeline, in the tools account: source (a CodeConnections connection, no token in Secrets
 * Manager), synth ({@code npm ci && npx cdk synth}), self-mutation, asset publishing, then one
 * deployment per stage; every stage after the first waits for a manual approval.
 *
 * <p>The stages are in other accounts: {@code crossAccountKeys} gives the artifact bucket a KMS key
 * the stages' deploy roles may use (with rotation on), and the pipeline deploys through the
 * bootstrap roles of each account ({@code cdk bootstrap --trust <tools account>}), found by the
 * stages' qualifier.
 */
public class PipelineStack extends Stack {
    /** The synth step's commands: the CDK CLI of the repository's package.json, then the app. */
    public static final List<String> SYNTH_COMMANDS = List.of("npm ci", "npx cdk synth");

    private final CodePipeline pipeline;
    private final List<DjangoStage> stages = new ArrayList<>();

    /**
     * @param scope the app
     * @param id the stack's id
     * @param settings the app's settings
     */
    public PipelineStack(final Construct scope, final String id, final Settings settings) {
        super(scope, id, StackProps.builder()
                .env(settings.pipelineEnvironment())
                .synthesizer(settings.synthesizer())
                .permissionsBoundary(settings.boundary())
                .description("CDK Pipelines pipeline of the Django apps: " + settings.repository() + "@"
                        + settings.branch())
                .build());
        this.pipeline = CodePipeline.Builder.create(this, "Pipeline")
                .synth(ShellStep.Builder.create("Synth")
                        .input(CodePipelineSource.connection(settings.repository(), settings.branch(),
                                ConnectionSourceOptions.builder().connectionArn(settings.connectionArn()).build()))
                        .commands(SYNTH_COMMANDS)
                        .build())
                .crossAccountKeys(true)
                .enableKeyRotation(true)
                .build();
        for (final Settings.StageSettings stage : settings.stages()) {
            final DjangoStage django = new DjangoStage(this, stage, settings);
            pipeline.addStage(django, stages.isEmpty() ? null : AddStageOpts.builder()
                    .pre(List.of(new ManualApprovalStep("PromoteTo" + stage.name())))
                    .build());
            stages.add(django);
        }
        // built now, not at synth: the suppressions below are written on the resources it makes
        pipeline.buildPipeline();
        PipelineNagSuppressions.apply(this, pipeline);
    }

    /** @return the pipeline */
    public CodePipeline getPipeline() {
        return pipeline;
    }

    /** @return the stages, in pipeline order */
    public List<DjangoStage> getStages() {
        return List.copyOf(stages);
    }
}
