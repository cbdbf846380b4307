package io.github.apprunnerdjango.service;

import java.util.Objects;

import io.github.apprunnerdjango.internal.Checks;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.apprunner.alpha.AssetProps;
import software.amazon.awscdk.services.apprunner.alpha.EcrProps;
import software.amazon.awscdk.services.apprunner.alpha.ImageConfiguration;
import software.amazon.awscdk.services.apprunner.alpha.Source;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.constructs.Construct;
import software.constructs.IDependable;

/**
 * Where the service's image comes from, for App Runner ({@code ServiceStack}) and ECS Express Mode
 * ({@code ExpressServiceStack}) alike. One typed prop, three ways:
 * <ul>
 *   <li>{@link #buildAndPush(String, String, String)}: build a local directory in CodeBuild and push it
 *       to an existing ECR repository under a tag, with cdk-docker-image-deployment (the blog's way);</li>
 *   <li>{@link #fromEcr(IRepository, String)}: an image that CI already pushed, by tag or digest
 *       ({@link #fromEcrRepositoryName(String, String)} with the repository's name);</li>
 *   <li>{@link #fromAsset(String)}: a CDK Docker image asset, built by the CDK CLI at deploy time.</li>
 * </ul>
 */
public abstract class ImageSource {
    /** The ECR repository used by {@link #buildAndPush(String)}. */
    public static final String DEFAULT_REPOSITORY_NAME = "kawashima/django";
    /** The tag used by {@link #buildAndPush(String)}. */
    public static final String DEFAULT_TAG = "latest";
    /**
     * The platform every image is built for. App Runner runs x86-64 images only: an arm64 image built
     * on an ARM laptop fails with {@code exec format error} (aws/apprunner-roadmap#46, #79;
     * https://docs.aws.amazon.com/apprunner/latest/dg/service-source-image.html). Express Mode's task
     * definitions are X86_64 too
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html).
     */
    public static final Platform PLATFORM = Platform.LINUX_AMD64;

    ImageSource() {
    }

    /**
     * Builds {@code directory} and pushes it to the existing repository {@code kawashima/django} as
     * {@code latest}.
     *
     * @param directory the Docker build context, holding a Dockerfile
     * @return the image source
     */
    public static ImageSource buildAndPush(final String directory) {
        return buildAndPush(directory, DEFAULT_REPOSITORY_NAME, DEFAULT_TAG);
    }

    /**
     * Builds {@code directory} (as a CDK asset, for {@link #PLATFORM}) and has CodeBuild push it to an
     * existing ECR repository under {@code tag} whenever the image changes. A repository with immutable
     * tags accepts a tag once: the deployment fails with a clear message if the tag exists already.
     *
     * @param directory the Docker build context, holding a Dockerfile
     * @param repositoryName the name of an existing ECR repository
     * @param tag the tag to push, 1 to 128 of letters, digits, {@code _ . -}, not starting with . or -
     * @return the image source
     */
    public static ImageSource buildAndPush(final String directory, final String repositoryName, final String tag) {
        return new PushedImage(directory, repositoryName, tag);
    }

    /**
     * An image already in ECR, pushed by CI for example.
     *
     * @param repository the repository
     * @param tagOrDigest a tag, or a digest {@code sha256:<64 hex>}
     * @return the image source
     */
    public static ImageSource fromEcr(final IRepository repository, final String tagOrDigest) {
        return new EcrImage(repository, tagOrDigest);
    }

    /**
     * An image already in an existing ECR repository, given by name and imported inside the
     * ServiceStack (no stack of your own to hold the import).
     *
     * @param repositoryName the name of an existing ECR repository in the service's account and region
     * @param tagOrDigest a tag, or a digest {@code sha256:<64 hex>}
     * @return the image source
     */
    public static ImageSource fromEcrRepositoryName(final String repositoryName, final String tagOrDigest) {
        return new NamedEcrImage(repositoryName, tagOrDigest);
    }

    /**
     * A CDK Docker image asset: the CDK CLI builds the directory and pushes it to the bootstrap
     * repository when deploying (Docker needed on the deploying machine).
     *
     * @param directory the Docker build context, holding a Dockerfile
     * @return the image source
     */
    public static ImageSource fromAsset(final String directory) {
        return new AssetImage(directory);
    }

    /** What binding the image gives the service: its App Runner source and what to wait for. */
    static final class Bound {
        final Source source;
        final @Nullable IDependable pushedBy;
        /** The repository and tag the stack itself pushes, or null when the image comes from elsewhere. */
        final @Nullable IRepository pushedTo;
        final @Nullable String pushedTag;
        /** The same image as a container runtime that takes an image URI sees it (a command's task). */
        final BoundImage image;

        Bound(final Source source, final BoundImage image) {
            this(source, image, null, null);
        }

        Bound(final Source source, final BoundImage image, final @Nullable IRepository pushedTo,
              final @Nullable String pushedTag) {
            this.source = source;
            this.image = image;
            this.pushedBy = image.getPushedBy();
            this.pushedTo = pushedTo;
            this.pushedTag = pushedTag;
        }
    }

    /**
     * Checks the image's own values (directory, repository name, tag or digest) before any resource
     * exists; failures go to {@code v}. Internal: the service stacks call it from their validation.
     *
     * @param v where failures are recorded
     */
    public abstract void validate(Checks v);

    abstract Bound bind(Construct scope, ImageConfiguration imageConfiguration);

    /**
     * Binds the image as a container runtime that takes an image URI sees it (ECS, Express Mode):
     * imports the repository, sets up the push or the asset, in {@code scope}, under the same
     * construct ids as the App Runner binding.
     *
     * @param scope the construct (in the service's stack) that holds the imports and the push
     * @return the image URI, the repository to grant pulls on, and what to wait for
     */
    public abstract BoundImage bindImage(Construct scope);

    /** @return the URI of a tag or a digest in a repository */
    private static String uriOf(final IRepository repository, final String tagOrDigest) {
        return Checks.isDigest(tagOrDigest) ? repository.repositoryUriForDigest(tagOrDigest)
                : repository.repositoryUriForTag(tagOrDigest);
    }

    /** Builds and pushes with cdk-docker-image-deployment. */
    static final class PushedImage extends ImageSource {
        final String directory;
        final String repositoryName;
        final String tag;

        PushedImage(final String directory, final String repositoryName, final String tag) {
            this.directory = directory;
            this.repositoryName = repositoryName;
            this.tag = tag;
        }

        @Override
        public void validate(final Checks v) {
            v.directory("image.directory", directory);
            v.repositoryName("image.repositoryName", repositoryName);
            v.tag("image.tag", tag);
        }

        @Override
        Bound bind(final Construct scope, final ImageConfiguration imageConfiguration) {
            final IRepository repository = Repository.fromRepositoryName(scope, "Repository", repositoryName);
            final ImagePush push = new ImagePush(scope, "ImagePush", directory, repository, repositoryName, tag);
            return new Bound(Source.fromEcr(EcrProps.builder()
                    .repository(repository)
                    .tagOrDigest(tag)
                    .imageConfiguration(imageConfiguration)
                    .build()), new BoundImage(repository.repositoryUriForTag(tag), repository, push.completion(), tag),
                    repository, tag);
        }

        @Override
        public BoundImage bindImage(final Construct scope) {
            final IRepository repository = Repository.fromRepositoryName(scope, "Repository", repositoryName);
            final ImagePush push = new ImagePush(scope, "ImagePush", directory, repository, repositoryName, tag);
            return new BoundImage(repository.repositoryUriForTag(tag), repository, push.completion(), tag);
        }
    }

    /** An image already in ECR. */
    static final class EcrImage extends ImageSource {
        final IRepository repository;
        final String tagOrDigest;

        EcrImage(final IRepository repository, final String tagOrDigest) {
            this.repository = repository;
            this.tagOrDigest = tagOrDigest;
        }

        @Override
        public void validate(final Checks v) {
            v.required("image.repository", repository);
            v.tagOrDigest("image.tagOrDigest", tagOrDigest);
        }

        @Override
        Bound bind(final Construct scope, final ImageConfiguration imageConfiguration) {
            return new Bound(Source.fromEcr(EcrProps.builder()
                    .repository(repository)
                    .tagOrDigest(tagOrDigest)
                    .imageConfiguration(imageConfiguration)
                    .build()), bindImage(scope));
        }

        @Override
        public BoundImage bindImage(final Construct scope) {
            return new BoundImage(uriOf(repository, tagOrDigest), repository, null,
                    Checks.isDigest(tagOrDigest) ? null : tagOrDigest);
        }
    }

    /** An image in an existing ECR repository, by the repository's name. */
    static final class NamedEcrImage extends ImageSource {
        final String repositoryName;
        final String tagOrDigest;

        NamedEcrImage(final String repositoryName, final String tagOrDigest) {
            this.repositoryName = repositoryName;
            this.tagOrDigest = tagOrDigest;
        }

        @Override
        public void validate(final Checks v) {
            v.repositoryName("image.repositoryName", repositoryName);
            v.tagOrDigest("image.tagOrDigest", tagOrDigest);
        }

        @Override
        Bound bind(final Construct scope, final ImageConfiguration imageConfiguration) {
            return imported(scope).bind(scope, imageConfiguration);
        }

        @Override
        public BoundImage bindImage(final Construct scope) {
            return imported(scope).bindImage(scope);
        }

        /** @return the repository imported by name into the scope, as an image already in ECR */
        private EcrImage imported(final Construct scope) {
            return new EcrImage(Repository.fromRepositoryName(scope, "Repository", repositoryName), tagOrDigest);
        }
    }

    /** A CDK Docker image asset. */
    static final class AssetImage extends ImageSource {
        final String directory;

        AssetImage(final String directory) {
            this.directory = directory;
        }

        @Override
        public void validate(final Checks v) {
            v.directory("image.directory", directory);
        }

        @Override
        Bound bind(final Construct scope, final ImageConfiguration imageConfiguration) {
            final DockerImageAsset asset = DockerImageAsset.Builder.create(scope, "ImageAsset")
                    .directory(Objects.requireNonNull(directory))
                    .platform(PLATFORM)
                    .build();
            return new Bound(Source.fromAsset(AssetProps.builder()
                    .asset(asset)
                    .imageConfiguration(imageConfiguration)
                    .build()), new BoundImage(asset.getImageUri(), asset.getRepository(), null, null));
        }

        @Override
        public BoundImage bindImage(final Construct scope) {
            final DockerImageAsset asset = DockerImageAsset.Builder.create(scope, "ImageAsset")
                    .directory(Objects.requireNonNull(directory))
                    .platform(PLATFORM)
                    .build();
            return new BoundImage(asset.getImageUri(), asset.getRepository(), null, null);
        }
    }
}
