package io.github.apprunnerdjango.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Writes cdk-nag rule suppressions as the {@code cdk_nag} metadata that cdk-nag reads, so the
 * library needs no cdk-nag dependency and its users see zero findings for what it creates. Every
 * suppression is per resource, for one rule (optionally one finding of it) with a specific reason.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class NagSuppressions {
    private static final String METADATA_KEY = "cdk_nag";
    /** The resource types each suppressed rule inspects, so a subtree's other resources stay clean. */
    private static final Map<String, List<String>> RULE_TYPES = Map.of(
            "AwsSolutions-IAM4", List.of("AWS::IAM::Role"),
            "AwsSolutions-IAM5", List.of("AWS::IAM::Policy"),
            "AwsSolutions-SF1", List.of("AWS::StepFunctions::StateMachine"),
            "AwsSolutions-SF2", List.of("AWS::StepFunctions::StateMachine"),
            "AwsSolutions-SMG4", List.of("AWS::SecretsManager::Secret"),
            "AwsSolutions-CB4", List.of("AWS::CodeBuild::Project"),
            "AwsSolutions-S1", List.of("AWS::S3::Bucket"),
            "CdkNagValidationFailure", List.of("AWS::EC2::SecurityGroup"));

    private NagSuppressions() {
    }

    /**
     * Suppresses a rule on the CloudFormation resources at and below {@code scope}.
     *
     * @param scope a construct; the {@link CfnResource}s in its subtree of the types the rule
     *     inspects are suppressed
     * @param rule the rule id, such as {@code AwsSolutions-IAM5}
     * @param reason why the finding is accepted, specific to this resource
     * @param appliesTo the findings of a granular rule it covers, such as {@code Resource::*}, or a
     *     pattern written {@code /regex/}; none for all findings of the rule
     */
    public static void suppress(final IConstruct scope, final String rule, final String reason,
                                final String... appliesTo) {
        final List<String> types = RULE_TYPES.get(rule);
        for (final IConstruct node : scope.getNode().findAll()) {
            if (node instanceof CfnResource
                    && (types == null || types.contains(((CfnResource) node).getCfnResourceType()))) {
                add((CfnResource) node, rule, reason, appliesTo);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(final CfnResource resource, final String rule, final String reason,
                            final String... appliesTo) {
        final Object existing = resource.getMetadata(METADATA_KEY);
        final List<Object> rules = new ArrayList<>();
        if (existing instanceof Map && ((Map<String, Object>) existing).get("rules_to_suppress") instanceof List) {
            rules.addAll((List<Object>) ((Map<String, Object>) existing).get("rules_to_suppress"));
        }
        final Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", rule);
        entry.put("reason", reason);
        if (appliesTo.length > 0) {
            final List<Object> findings = new ArrayList<>();
            for (final String finding : appliesTo) {
                // cdk-nag's form for a pattern: {"regex": "/.../"}
                findings.add(finding.startsWith("/") ? Map.of("regex", finding) : finding);
            }
            entry.put("applies_to", findings);
        }
        rules.add(entry);
        resource.addMetadata(METADATA_KEY, Map.of("rules_to_suppress", rules));
    }
}
