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
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.Vpc;
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
 * <p>Applied by the stack wrappers only: a construct in a user's own stack keeps the paths it has.
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
     * Keeps the old paths in the stack's construct {@code childId}: the descriptions at once (they are
     * set when the resources are made), the Name tags by an aspect on the constructs that tag their
     * resources with their path (a VPC and its subnets, a flow log), which runs after aws-cdk-lib's tag
     * aspects. The aspect visits those subtrees only: each visit is a call from the jsii runtime into
     * the JVM, and a visit of every construct of a stack cost ~0.6 s of a synth.
     *
     * @param stack a stack wrapper
     * @param childId the id of the construct it holds ({@code Default})
     */
    public static void applyTo(final Stack stack, final String childId) {
        final StackPathsKept kept = new StackPathsKept(stack, childId);
        final IConstruct child = stack.getNode().findChild(childId);
        for (final IConstruct node : child.getNode().findAll()) {
            kept.keepDescription(node);
            if (node instanceof Vpc || node instanceof FlowLog) {
                Aspects.of(node).add(kept, AspectOptions.builder().priority(AspectPriority.READONLY.intValue() - 1).build());
            }
        }
    }

    private void keepDescription(final IConstruct node) {
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
    }

    @Override
    public void visit(final @NotNull IConstruct node) {
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
