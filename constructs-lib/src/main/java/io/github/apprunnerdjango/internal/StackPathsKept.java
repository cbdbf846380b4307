package io.github.apprunnerdjango.internal;

import java.util.Map;

import org.jetbrains.annotations.NotNull;
import software.amazon.awscdk.AspectOptions;
import software.amazon.awscdk.AspectPriority;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.ITaggable;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TagManager;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.constructs.IConstruct;

/**
 * Keeps the construct paths that aws-cdk-lib writes into properties (a security group's default
 * {@code GroupDescription}, the provider framework's function descriptions, the {@code Name} tags of the VPC, subnets and flow log) as they were
 * when the library's stacks made their resources themselves, before they held a construct with the id
 * {@code Default}. Logical ids already leave "Default" out; these properties do not, and a changed
 * {@code GroupDescription} replaces the security group
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html#cfn-ec2-securitygroup-groupdescription:
 * "Update requires: Replacement").
 *
 * <p>Runs after aws-cdk-lib's tag aspects (a later priority); applied by the stack wrappers only:
 * a construct in a user's own stack keeps the paths it has.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class StackPathsKept implements IAspect {
    /** Above the Tag aspect's priority (100), so that this value wins whatever runs first. */
    private static final int TAG_PRIORITY = 1000;
    private final String inside;
    private final String kept;

    private StackPathsKept(final Stack stack, final String childId) {
        this.kept = stack.getNode().getPath() + "/";
        this.inside = kept + childId + "/";
    }

    /**
     * @param stack a stack wrapper
     * @param childId the id of the construct it holds ({@code Default})
     */
    public static void applyTo(final Stack stack, final String childId) {
        Aspects.of(stack).add(new StackPathsKept(stack, childId),
                AspectOptions.builder().priority(AspectPriority.READONLY.intValue() - 1).build());
    }

    @Override
    public void visit(final @NotNull IConstruct node) {
        if (node instanceof CfnSecurityGroup group) {
            final String description = group.getGroupDescription();
            if (description != null && description.contains(inside)) {
                group.setGroupDescription(description.replace(inside, kept));
            }
        }
        if (node instanceof CfnFunction function) {
            // the custom-resource provider framework names its provider's path in each function's description
            final String description = function.getDescription();
            if (description != null && description.contains(inside)) {
                function.setDescription(description.replace(inside, kept));
            }
        }
        if (node instanceof CfnResource resource && TagManager.isTaggable(resource)) {
            final TagManager tags = ((ITaggable) resource).getTags();
            final Map<String, String> values = tags.tagValues();
            final String name = values == null ? null : values.get("Name");
            if (name != null && name.startsWith(inside)) {
                tags.setTag("Name", kept + name.substring(inside.length()), TAG_PRIORITY, true);
            }
        }
    }
}
