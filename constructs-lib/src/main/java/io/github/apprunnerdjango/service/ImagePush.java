package io.github.apprunnerdjango.service;

import io.github.apprunnerdjango.internal.InlineHandlers;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.ProviderNag;
import io.github.cdklabs.cdk.docker.image.deployment.Destination;
import io.github.cdklabs.cdk.docker.image.deployment.DockerImageDeployment;
import io.github.cdklabs.cdk.docker.image.deployment.DockerImageDeploymentProps;
import io.github.cdklabs.cdk.docker.image.deployment.EcrSourceOptions;
import io.github.cdklabs.cdk.docker.image.deployment.Source;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * cdk-docker-image-deployment's {@code DockerImageDeployment}, fixed at the seam:
 * <ul>
 *   <li>its two functions run {@code nodejs16.x} with SDK v2 handlers, which no current runtime
 *       ships: their code is replaced by SDK v3 handlers on {@link #HANDLER_RUNTIME};</li>
 *   <li>its CodeBuild project uses {@code aws/codebuild/standard:5.0}: moved to {@link #BUILD_IMAGE};</li>
 *   <li>from Java it fails with a jsii stack trace unless its internal NodejsFunction finds a lock
 *       file, its entry below it and esbuild: {@link JsiiLaunch} checks first and says what to do.</li>
 * </ul>
 * Its custom resource id is {@code CustomResource<Date.now()>}, so every synth differs and every
 * deploy pushes the image again (snapshots normalise the id).
 */
final class ImagePush extends Construct {
    /** The runtime of the replaced handlers. */
    static final Runtime HANDLER_RUNTIME = Runtime.NODEJS_24_X;
    /** The CodeBuild image that runs {@code docker pull/tag/push}. */
    static final String BUILD_IMAGE = "aws/codebuild/standard:7.0";

    private final DockerImageDeployment deployment;

    ImagePush(final Construct scope, final String id, final String directory, final IRepository repository,
              final String tag) {
        super(scope, id);
        JsiiLaunch.requireReadyFor(Stack.of(this));
        this.deployment = new DockerImageDeployment(this, "Deployment", DockerImageDeploymentProps.builder()
                .source(Source.directory(directory))
                .destination(Destination.ecr(repository, EcrSourceOptions.builder().tag(tag).build()))
                .build());
        replaceHandler("onEventHandler", "image-deploy-on-event");
        replaceHandler("isCompleteHandler", "image-deploy-is-complete");
        final CfnProject project = (CfnProject) deployment.getNode()
                .findChild("DockerImageDeployProject").getNode().getDefaultChild();
        project.addPropertyOverride("Environment.Image", BUILD_IMAGE);
        suppressNagFindings();
        Annotations.of(deployment).acknowledgeWarning("aws-cdk-lib/aws-lambda-nodejs:runtimeUpdateSdkV2Breakage",
                "handlers replaced by SDK v3 code on " + HANDLER_RUNTIME.getName());
    }

    /** What cdk-nag reports on cdk-docker-image-deployment's internals, each with its reason. */
    private void suppressNagFindings() {
        ProviderNag.basicExecutionRole(deployment.getNode().findChild("onEventHandler"), "Image push onEvent handler");
        ProviderNag.basicExecutionRole(deployment.getNode().findChild("isCompleteHandler"), "Image push isComplete handler");
        ProviderNag.framework(deployment.getNode().findChild("CRProvider"), "image push");
        NagSuppressions.suppress(deployment.getNode().findChild("DockerImageDeployProject"), "AwsSolutions-CB4",
                "The image push project has no artifacts to encrypt: it pulls, tags and pushes one image to ECR,"
                        + " which encrypts images at rest");
        NagSuppressions.suppress(deployment.getNode().findChild("DockerImageDeployRole"), "AwsSolutions-IAM5",
                "CodeBuild role of the image push: ecr:GetAuthorizationToken accepts only Resource *; the log"
                        + " streams and report groups CodeBuild creates for this one project carry generated suffixes",
                "Resource::*",
                "/^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\\/aws\\/codebuild\\/<.*>:\\*$/",
                "/^Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group\\/<.*>-\\*$/");
    }

    private void replaceHandler(final String functionId, final String handler) {
        final IConstruct function = deployment.getNode().findChild(functionId);
        final CfnFunction cfn = (CfnFunction) function.getNode().getDefaultChild();
        cfn.setRuntime(HANDLER_RUNTIME.getName());
        cfn.setHandler("index.handler");
        cfn.setCode(CfnFunction.CodeProperty.builder().zipFile(InlineHandlers.source(handler)).build());
    }

    /**
     * @return the custom resource whose completion means the image is pushed (its id carries a
     *     timestamp upstream, so it is found by prefix)
     */
    IConstruct completion() {
        return deployment.getNode().getChildren().stream()
                .filter(c -> c.getNode().getId().matches("CustomResource\\d+"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("cdk-docker-image-deployment has no CustomResource<timestamp>"));
    }
}
