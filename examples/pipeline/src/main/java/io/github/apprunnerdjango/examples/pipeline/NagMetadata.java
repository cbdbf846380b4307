package io.github.apprunnerdjango.examples.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Writes cdk-nag rule suppressions as the {@code cdk_nag} metadata cdk-nag reads, so that the app
 * needs cdk-nag in its tests only (with cdk-nag on the classpath,
 * {@code NagSuppressions.addResourceSuppressions} writes the same).
 */
final class NagMetadata {
    private NagMetadata() {
    }

    /**
     * Adds one suppression to a resource, keeping those already there.
     *
     * @param construct a CloudFormation resource, or a construct whose default child is one
     * @param ruleId the rule, e.g. {@code AwsSolutions-IAM5}
     * @param reason why the finding is accepted for this resource
     * @param appliesTo the findings of a granular rule it covers, e.g. {@code Action::s3:GetObject*};
     *     empty for the whole rule
     */
    static void suppress(final IConstruct construct, final String ruleId, final String reason,
                         final List<String> appliesTo) {
        final CfnResource resource = construct instanceof CfnResource cfn ? cfn
                : (CfnResource) construct.getNode().getDefaultChild();
        if (resource == null) {
            throw new IllegalStateException(construct.getNode().getPath() + " holds no CloudFormation resource");
        }
        final List<Object> rules = new ArrayList<>();
        if (resource.getMetadata("cdk_nag") instanceof Map<?, ?> existing
                && existing.get("rules_to_suppress") instanceof List<?> list) {
            rules.addAll(list);
        }
        // a LinkedHashMap, not Map.of: the order of its keys reaches the template, and Map.of's changes
        // from JVM to JVM (templates would then differ from synth to synth)
        final Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", ruleId);
        rule.put("reason", reason);
        if (!appliesTo.isEmpty()) {
            rule.put("applies_to", List.copyOf(appliesTo));
        }
        rules.add(rule);
        resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
    }
}
