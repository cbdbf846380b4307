package io.github.apprunnerdjango.service;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ecr.IRepository;
import software.constructs.IDependable;

/**
 * An {@link ImageSource} bound in a stack, as a container runtime that takes an image URI sees it:
 * the URI, the repository the runtime pulls from (to grant pulls on exactly it), and what the service
 * must wait for before its first deployment (the image push, for {@link ImageSource#buildAndPush}).
 */
public final class BoundImage {
    private final String imageUri;
    private final IRepository repository;
    private final @Nullable IDependable pushedBy;
    private final @Nullable String tag;

    BoundImage(final String imageUri, final IRepository repository, final @Nullable IDependable pushedBy,
               final @Nullable String tag) {
        this.imageUri = imageUri;
        this.repository = repository;
        this.pushedBy = pushedBy;
        this.tag = tag;
    }

    /** @return the image URI, {@code <registry>/<repository>:<tag>} or {@code @sha256:<digest>} (tokens at synth time) */
    public String getImageUri() {
        return imageUri;
    }

    /** @return the ECR repository the image is pulled from */
    public IRepository getRepository() {
        return repository;
    }

    /**
     * @return the tag the URI names, which a later push can move to another image (a deployment then
     *     needs a trigger of its own), or null when the URI names one image for good (a digest, or a CDK
     *     asset whose tag is its content hash)
     */
    public @Nullable String getMutableTag() {
        return tag;
    }

    /** @return what the service depends on so that its first deployment finds the image, or null when it is there already */
    public @Nullable IDependable getPushedBy() {
        return pushedBy;
    }
}
