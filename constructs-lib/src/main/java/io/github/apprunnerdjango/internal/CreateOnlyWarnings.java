package io.github.apprunnerdjango.internal;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Day-2 changes that replace a service: an App Runner service's (and an Express service's)
 * {@code ServiceName} and {@code Tags} are create-only, and CloudFormation copies a stack's tags onto
 * its resources, so a renamed service or a changed stack tag creates a new service with a new default
 * URL (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apprunner-service.html,
 * aws-cloudformation/cloudformation-coverage-roadmap#1994). Synthesis cannot see what was deployed
 * before, so it cannot refuse the change itself: it says, at every synth where such a change could
 * happen, what the change does (docs/operating.md, "Changes that replace the service").
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class CreateOnlyWarnings {
    /** The warning on a stack with tags. */
    public static final String STACK_TAGS_ID = "apprunner-django:stackTagsAreCreateOnly";
    /** The warning on a service name. */
    public static final String SERVICE_NAME_ID = "apprunner-django:serviceNameIsCreateOnly";

    private CreateOnlyWarnings() {
    }

    /**
     * @param service the service construct
     * @param what the service in words, such as {@code App Runner service}
     * @param serviceName the serviceName prop, or null
     */
    public static void warn(final IConstruct service, final String what, final @Nullable String serviceName) {
        if (Stack.of(service).getTags().hasTags()) {
            Annotations.of(service).addWarningV2(STACK_TAGS_ID, "The " + what + "'s tags are create-only and"
                    + " CloudFormation copies the stack's tags onto it: changing a stack tag later replaces the service"
                    + " (a new default URL). Change stack tags in two steps (docs/operating.md, \"Changes that replace"
                    + " the service\"); acknowledge this warning once the tags are settled.");
        }
        if (serviceName != null) {
            Annotations.of(service).addWarningV2(SERVICE_NAME_ID, "serviceName \"" + serviceName + "\" is"
                    + " create-only: renaming the " + what + " replaces it (a new default URL); a custom domain"
                    + " follows the new service in the same deploy, briefly unavailable while it moves"
                    + " (docs/operating.md, \"Changes that replace the service\"). Acknowledge this warning once the"
                    + " name is settled.");
        }
    }
}
