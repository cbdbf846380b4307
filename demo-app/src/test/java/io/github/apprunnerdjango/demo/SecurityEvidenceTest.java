package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The evidence behind the README's security section: every cdk-nag suppression has a specific
 * reason, and {@code Resource: *} appears only with actions whose API accepts nothing else.
 */
class SecurityEvidenceTest {
    /** Actions that AWS authorizes only on {@code *}, with the reason (README lists them). */
    static final Map<String, String> WILDCARD_ONLY = new TreeMap<>(Map.ofEntries(
            Map.entry("ecr:GetAuthorizationToken", "ECR login token: account-wide, no resource-level permission"),
            Map.entry("elasticloadbalancing:DescribeLoadBalancers", "Express custom domain handler: no resource-level permission"),
            Map.entry("elasticloadbalancing:DescribeRules", "Express custom domain handler: no resource-level permission"),
            Map.entry("logs:CreateLogDelivery", "Step Functions log delivery: no resource-level permission"),
            Map.entry("logs:DeleteLogDelivery", "Step Functions log delivery: no resource-level permission"),
            Map.entry("logs:DescribeLogGroups", "Step Functions log delivery: no resource-level permission"),
            Map.entry("logs:DescribeResourcePolicies", "Step Functions log delivery: no resource-level permission"),
            Map.entry("logs:GetLogDelivery", "Step Functions log delivery: no resource-level permission"),
            Map.entry("logs:ListLogDeliveries", "Step Functions log delivery: no resource-level permission"),
            Map.entry("logs:PutResourcePolicy", "Step Functions log delivery: no resource-level permission"),
            Map.entry("logs:UpdateLogDelivery", "Step Functions log delivery: no resource-level permission"),
            Map.entry("xray:GetSamplingRules", "X-Ray tracing: no resource-level permission"),
            Map.entry("xray:GetSamplingTargets", "X-Ray tracing: no resource-level permission"),
            Map.entry("xray:PutTelemetryRecords", "X-Ray tracing: no resource-level permission"),
            Map.entry("xray:PutTraceSegments", "X-Ray tracing: no resource-level permission")));

    private static List<CloudAssembly> assemblies() {
        return AppMatrix.all().stream().map(AppMatrix.Built::assembly).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void resourceStarOnlyWhereTheApiRequiresIt() {
        final Set<String> unexpected = new TreeSet<>();
        final Set<String> seen = new TreeSet<>();
        for (final CloudAssembly assembly : assemblies()) {
            for (final CloudFormationStackArtifact stack : assembly.getStacks()) {
                final Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) stack.getTemplate())
                        .get("Resources");
                resources.forEach((id, r) -> {
                    final Map<String, Object> resource = (Map<String, Object>) r;
                    if (!"AWS::IAM::Policy".equals(resource.get("Type"))) {
                        return;
                    }
                    final Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>)
                            resource.get("Properties")).get("PolicyDocument");
                    for (final Object s : (List<Object>) doc.get("Statement")) {
                        final Map<String, Object> statement = (Map<String, Object>) s;
                        if (!"*".equals(statement.get("Resource"))) {
                            continue;
                        }
                        final Object action = statement.get("Action");
                        for (final Object a : action instanceof List ? (List<Object>) action : List.of(action)) {
                            seen.add(String.valueOf(a));
                            if (!WILDCARD_ONLY.containsKey(String.valueOf(a))) {
                                unexpected.add(stack.getStackName() + "/" + id + ": " + a);
                            }
                        }
                    }
                });
            }
        }
        assertEquals(Set.of(), unexpected);
        assertTrue(seen.contains("ecr:GetAuthorizationToken"), seen.toString());
        System.out.println("Resource * actions: " + seen);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySuppressionIsPerResourceWithASpecificReason() {
        final Map<String, Integer> byRule = new TreeMap<>();
        final List<String> weak = new ArrayList<>();
        for (final CloudAssembly assembly : assemblies()) {
            for (final CloudFormationStackArtifact stack : assembly.getStacks()) {
                final Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) stack.getTemplate())
                        .get("Resources");
                resources.forEach((id, r) -> {
                    final Map<String, Object> metadata = (Map<String, Object>) ((Map<String, Object>) r)
                            .getOrDefault("Metadata", Map.of());
                    final Map<String, Object> nag = (Map<String, Object>) metadata.get("cdk_nag");
                    if (nag == null) {
                        return;
                    }
                    for (final Object o : (List<Object>) nag.get("rules_to_suppress")) {
                        final Map<String, Object> rule = (Map<String, Object>) o;
                        final String reason = String.valueOf(rule.get("reason"));
                        if (reason.length() < 60) {
                            weak.add(stack.getStackName() + "/" + id + " " + rule.get("id") + ": " + reason);
                        }
                        if (assembly == DemoAssembly.get().assembly()) {
                            byRule.merge(String.valueOf(rule.get("id")), 1, Integer::sum);
                        }
                    }
                });
            }
        }
        assertEquals(List.of(), weak, "suppressions need a specific reason");
        System.out.println("cdk-nag suppressions in the demo, by rule: " + byRule);
        assertTrue(byRule.containsKey("AwsSolutions-SMG4"), byRule.toString());
    }
}
