package io.github.apprunnerdjango.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.HandlerCode;
import io.github.apprunnerdjango.internal.NagSuppressions;
import io.github.apprunnerdjango.internal.ProviderNag;
import io.github.cdklabs.cdk.docker.image.deployment.Destination;
import io.github.cdklabs.cdk.docker.image.deployment.DockerImageDeployment;
import io.github.cdklabs.cdk.docker.image.deployment.DockerImageDeploymentProps;
import io.github.cdklabs.cdk.docker.image.deployment.EcrSourceOptions;
import io.github.cdklabs.cdk.docker.image.deployment.Source;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.DockerImageAssetOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.IFunction;
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
 *       file, its entry below it and esbuild: {@link JsiiLaunch} checks first and says what to do;</li>
 *   <li>its custom resource id is {@code CustomResource<Date.now()>}, so every synth differs and every
 *       deploy pushes the image again: it is replaced by {@link #PUSH_ID}, whose properties carry the
 *       image asset's hash, so CloudFormation pushes exactly when the image changes;</li>
 *   <li>its build-status handler waits on {@code FAULT}, {@code STOPPED} and {@code TIMED_OUT} builds
 *       until the 30-minute timeout, and both handlers keep Lambda's 3-second default timeout: the
 *       replaced handlers fail on every terminal status and get {@link #HANDLER_TIMEOUT};</li>
 *   <li>a repository with immutable tags fails every push after the first: the onEvent handler checks
 *       the repository first and fails with a message that says so;</li>
 *   <li>the image is built for the host's architecture: {@link ImageSource#PLATFORM} is set.</li>
 * </ul>
 */
final class ImagePush extends Construct {
    /** The runtime of the replaced handlers. */
    static final Runtime HANDLER_RUNTIME = HandlerCode.RUNTIME;
    /** The CodeBuild image that runs {@code docker pull/tag/push}. */
    static final String BUILD_IMAGE = "aws/codebuild/standard:7.0";
    /** The timeout of the replaced handlers (each makes one or two API calls). */
    static final Duration HANDLER_TIMEOUT = Duration.minutes(1);
    /** The construct id of the custom resource that pushes, a child of the deployment. */
    static final String PUSH_ID = "Push";

    private final DockerImageDeployment deployment;
    private final CustomResource push;

    ImagePush(final Construct scope, final String id, final String directory, final IRepository repository,
              final String repositoryName, final String tag) {
        super(scope, id);
        JsiiLaunch.requireReadyFor(Stack.of(this));
        this.deployment = new DockerImageDeployment(this, "Deployment", DockerImageDeploymentProps.builder()
                .source(Source.directory(directory, DockerImageAssetOptions.builder()
                        .platform(ImageSource.PLATFORM).build()))
                .destination(Destination.ecr(repository, EcrSourceOptions.builder().tag(tag).build()))
                .build());
        replaceHandler("onEventHandler", "image-deploy-on-event");
        replaceHandler("isCompleteHandler", "image-deploy-is-complete");
        // the onEvent handler reads the repository's tag mutability and looks the tag up first
        ((IFunction) deployment.getNode().findChild("onEventHandler")).addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:DescribeRepositories", "ecr:DescribeImages"))
                .resources(List.of(repository.getRepositoryArn()))
                .build());
        this.push = replaceCustomResource(repository, repositoryName, tag);
        final CfnProject project = (CfnProject) deployment.getNode()
                .findChild("DockerImageDeployProject").getNode().getDefaultChild();
        project.addPropertyOverride("Environment.Image", BUILD_IMAGE);
        suppressNagFindings();
        Annotations.of(deployment).acknowledgeWarning("aws-cdk-lib/aws-lambda-nodejs:runtimeUpdateSdkV2Breakage",
                "handlers replaced by SDK v3 code on " + HANDLER_RUNTIME.getName());
    }

    /**
     * The partition, region and account of an ARN in cdk-nag's rendering: tokens in an
     * environment-agnostic stack, literals once the user sets account and region.
     */
    private static final String ARN_ENV = "(<AWS::Partition>|aws|aws-[a-z-]+)";
    private static final String REGION = "(<AWS::Region>|[a-z]{2}(-[a-z]+)+-\\d)";
    private static final String ACCOUNT = "(<AWS::AccountId>|\\d{12})";

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
                "/^Resource::arn:" + ARN_ENV + ":logs:" + REGION + ":" + ACCOUNT + ":log-group:\\/aws\\/codebuild\\/<.*>:\\*$/",
                "/^Resource::arn:" + ARN_ENV + ":codebuild:" + REGION + ":" + ACCOUNT + ":report-group\\/<.*>-\\*$/");
    }

    private CfnFunction replaceHandler(final String functionId, final String handler) {
        final IConstruct function = deployment.getNode().findChild(functionId);
        final CfnFunction cfn = (CfnFunction) function.getNode().getDefaultChild();
        cfn.setRuntime(HANDLER_RUNTIME.getName());
        cfn.setHandler("index.handler");
        cfn.setTimeout(HANDLER_TIMEOUT.toSeconds().intValue());
        cfn.setCode(HandlerCode.cfnCode(cfn, handler));
        return cfn;
    }

    /**
     * Swaps upstream's {@code CustomResource<Date.now()>} (and the output that reads it) for one with a
     * stable id whose properties change exactly when the image does: the asset hash. Same provider,
     * same project, same grants. The properties also name the source and destination images, which the
     * build copies (not the ones the project's buildspec names): the rollback of an update that pushed
     * is an Update with the old properties, sent before CloudFormation rolls the project back, so it
     * pushes the old image again instead of the new one.
     */
    private CustomResource replaceCustomResource(final IRepository repository, final String repositoryName,
                                                 final String tag) {
        final IConstruct upstream = deployment.getNode().getChildren().stream()
                .filter(c -> c.getNode().getId().matches("CustomResource\\d+"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("cdk-docker-image-deployment has no CustomResource<timestamp>"));
        deployment.getNode().tryRemoveChild(upstream.getNode().getId());
        deployment.getNode().tryRemoveChild("CustomResourceReport");
        final DockerImageAsset asset = (DockerImageAsset) deployment.getNode().findChild("asset");
        final CfnProject project = (CfnProject) deployment.getNode()
                .findChild("DockerImageDeployProject").getNode().getDefaultChild();
        final Map<String, Object> properties = new TreeMap<>();
        properties.put("projectName", project.getRef());
        properties.put("ImageHash", asset.getAssetHash());
        properties.put("RepositoryName", repositoryName);
        properties.put("ImageTag", tag);
        properties.put("SourceImageUri", asset.getImageUri());
        properties.put("DestinationImageUri", repository.repositoryUriForTag(tag));
        final CustomResource replacement = CustomResource.Builder.create(deployment, PUSH_ID)
                .serviceToken(((Provider) deployment.getNode().findChild("CRProvider")).getServiceToken())
                .resourceType("Custom::DockerImagePush")
                .properties(properties)
                .build();
        // as upstream: the handlers' grants exist before the first call; and the build, which pulls
        // and pushes with the project's role, starts only once that role's policy exists
        for (final String handler : List.of("onEventHandler", "isCompleteHandler")) {
            final IRole role = ((IFunction) deployment.getNode().findChild(handler)).getRole();
            replacement.getNode().addDependency(Objects.requireNonNull(role).getNode().findChild("DefaultPolicy"));
        }
        replacement.getNode().addDependency(deployment.getNode().findChild("DockerImageDeployRole")
                .getNode().findChild("DefaultPolicy"));
        return replacement;
    }

    /** @return the custom resource whose completion means the image is pushed */
    IConstruct completion() {
        return push;
    }
}
