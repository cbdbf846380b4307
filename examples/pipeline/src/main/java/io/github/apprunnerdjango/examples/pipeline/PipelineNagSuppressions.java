package io.github.apprunnerdjango.examples.pipeline;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.services.codebuild.IProject;
import software.amazon.awscdk.services.codepipeline.IStage;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.IConstruct;

/**
 * cdk-nag AwsSolutions findings that CDK Pipelines makes by design, accepted resource by resource
 * with the reason, each for exactly the findings named (no rule is suppressed for a whole stack).
 * A finding not listed here (a new step, a Docker asset, a new aws-cdk-lib) fails the tests.
 *
 * <p>The artifact bucket and its KMS key belong to the pipeline alone; the grants CDK makes on them
 * ({@code grantReadWrite}, {@code grantEncryptDecrypt}) use action wildcards and the bucket's
 * objects ({@code /*}, keys per execution). The CodeBuild projects write their own log groups and
 * report groups, whose stream and report names are made per build.
 */
final class PipelineNagSuppressions {
    private static final String IAM5 = "AwsSolutions-IAM5";
    private static final String ARTIFACTS_REASON = "The pipeline's own artifact bucket (KMS-encrypted, TLS only,"
            + " no public access): CDK's bucket grant lists actions by prefix (s3:GetObject*, s3:List*...) and"
            + " the artifacts' keys are made per execution";
    private static final String KEY_REASON = "The artifact bucket's own KMS key only: CDK's key grant lists"
            + " kms:GenerateDataKey* and kms:ReEncrypt* by prefix";
    private static final String PROJECT_LOGS_REASON = "This CodeBuild project's own log group and report groups:"
            + " CodeBuild names a log stream per build and a report group <project>-<name>";

    private final Stack stack;
    private final String arnPrefix;

    private PipelineNagSuppressions(final Stack stack) {
        this.stack = stack;
        // the pipeline stack is environment-specific: partition, region and account are literals
        this.arnPrefix = "arn:" + stack.resolve(stack.getPartition()) + ":";
    }

    /**
     * Writes the suppressions on the pipeline's resources (after {@code buildPipeline()}).
     *
     * @param stack the pipeline stack
     * @param pipeline the built pipeline
     */
    static void apply(final Stack stack, final CodePipeline pipeline) {
        new PipelineNagSuppressions(stack).write(pipeline);
    }

    private void write(final CodePipeline pipeline) {
        final Pipeline codePipeline = pipeline.getPipeline();
        NagMetadata.suppress(codePipeline.getArtifactBucket(), "AwsSolutions-S1", "Holds only the pipeline's"
                + " artifacts (source archive, cloud assembly), KMS-encrypted and TLS only; CodePipeline's"
                + " execution history and CloudTrail record who reads and writes them", List.of());

        final List<String> readWrite = artifacts(codePipeline.getArtifactBucket(), true);
        // CodePipeline's own role: it moves the artifacts between the actions
        suppressIam5(codePipeline.getRole(), ARTIFACTS_REASON, readWrite);
        suppressIam5(codePipeline.getRole(), KEY_REASON, key());
        // the source action's role: it writes the source archive
        final IRole source = sourceActionRole(codePipeline);
        suppressIam5(source, ARTIFACTS_REASON, readWrite);
        suppressIam5(source, KEY_REASON, key());
        // the synth project's role: it reads the source and writes the cloud assembly
        final IProject synth = pipeline.getSynthProject();
        suppressIam5(synth.getRole(), ARTIFACTS_REASON, readWrite);
        suppressIam5(synth.getRole(), KEY_REASON, key());
        suppressIam5(synth.getRole(), PROJECT_LOGS_REASON, ownLogsAndReports(synth));
        // the self-mutation project's role: it runs cdk deploy of this stack
        final IProject selfMutation = pipeline.getSelfMutationProject();
        suppressIam5(selfMutation.getRole(), ARTIFACTS_REASON, artifacts(codePipeline.getArtifactBucket(), false));
        suppressIam5(selfMutation.getRole(), KEY_REASON, key());
        suppressIam5(selfMutation.getRole(), PROJECT_LOGS_REASON, ownLogsAndReports(selfMutation));
        suppressIam5(selfMutation.getRole(), "cdk deploy of the pipeline stack assumes this account's bootstrap"
                + " roles: the statement's condition admits only roles tagged aws-cdk:bootstrap-role deploy,"
                + " file-publishing or image-publishing", List.of(
                "Resource::arn:*:iam::" + stack.getAccount() + ":role/*"));
        suppressIam5(selfMutation.getRole(), "Read-only calls cdk deploy makes before it assumes the deploy"
                + " role: cloudformation:DescribeStacks (the stack's state) and s3:ListBucket (the bootstrap"
                + " bucket)", List.of("Resource::*"));
        // the asset projects' shared role (CDK Pipelines' AssetSingletonRole): one role for every asset
        // project, made before them, and also the asset actions' role in the pipeline
        final IRole assets = assetsRole(pipeline);
        if (assets == null) {
            return;   // no file asset in any stage: no such role
        }
        suppressIam5(assets, ARTIFACTS_REASON, artifacts(codePipeline.getArtifactBucket(), false));
        suppressIam5(assets, "One role for all the asset projects (one per asset), made before them: the log"
                + " groups and report groups of CodeBuild projects in this account and region", List.of(
                "Resource::" + arnPrefix + "logs:" + stack.getRegion() + ":" + stack.getAccount()
                        + ":log-group:/aws/codebuild/*",
                "Resource::" + arnPrefix + "codebuild:" + stack.getRegion() + ":" + stack.getAccount()
                        + ":report-group/*"));
        suppressIam5(assets, "The asset actions start and watch the asset projects' builds with this role"
                + " (codebuild:StartBuild, BatchGetBuilds, StopBuild); CDK Pipelines grants them on * as the"
                + " projects are made after the role", List.of("Resource::*"));
    }

    private void suppressIam5(final IRole role, final String reason, final List<String> appliesTo) {
        if (!(role instanceof Role made)) {
            throw new IllegalStateException("expected a role made by the pipeline, got " + role);
        }
        final IConstruct policy = made.getNode().tryFindChild("DefaultPolicy");
        if (policy == null) {
            throw new IllegalStateException(made.getNode().getPath() + " has no default policy");
        }
        NagMetadata.suppress(policy, IAM5, reason, appliesTo);
    }

    private List<String> artifacts(final IConstruct bucket, final boolean write) {
        final List<String> findings = new ArrayList<>(List.of("Action::s3:GetBucket*", "Action::s3:GetObject*",
                "Action::s3:List*"));
        if (write) {
            findings.addAll(List.of("Action::s3:Abort*", "Action::s3:DeleteObject*"));
        }
        findings.add("Resource::<" + logicalId(bucket) + ".Arn>/*");
        return findings;
    }

    private static List<String> key() {
        return List.of("Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*");
    }

    private List<String> ownLogsAndReports(final IProject project) {
        final String id = "<" + logicalId(project) + ">";
        return List.of(
                "Resource::" + arnPrefix + "logs:" + stack.getRegion() + ":" + stack.getAccount()
                        + ":log-group:/aws/codebuild/" + id + ":*",
                "Resource::" + arnPrefix + "codebuild:" + stack.getRegion() + ":" + stack.getAccount()
                        + ":report-group/" + id + "-*");
    }

    /** @return the role CodePipeline made for the source action (the action's props have none) */
    private static IRole sourceActionRole(final Pipeline codePipeline) {
        final IStage stage = codePipeline.getStages().get(0);
        final String action = stage.getActions().get(0).getActionProperties().getActionName();
        final IConstruct role = codePipeline.getNode().findChild(stage.getStageName()).getNode().findChild(action)
                .getNode().findChild("CodePipelineActionRole");
        return (IRole) role;
    }

    /** @return the file assets' role, or null when no stage has a file asset */
    private static IRole assetsRole(final CodePipeline pipeline) {
        final IConstruct assets = pipeline.getNode().tryFindChild("Assets");
        final IConstruct role = assets == null ? null : assets.getNode().tryFindChild("FileRole");
        return role instanceof IRole found ? found : null;
    }

    /** @return the logical id cdk-nag writes in a finding, as {@code <id>} or {@code <id.Arn>} */
    private String logicalId(final IConstruct construct) {
        return (String) stack.resolve(stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild()));
    }
}
