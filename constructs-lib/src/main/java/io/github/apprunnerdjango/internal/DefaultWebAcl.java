package io.github.apprunnerdjango.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * A REGIONAL web ACL with AWS managed rule groups, for services that bring none of their own (the
 * App Runner service, or the Express Mode service's Application Load Balancer), tuned for Django:
 * <ul>
 *   <li>the common rule set's {@code SizeRestrictions_BODY} blocks request bodies over 8 KB, which
 *       every Django admin change form with a text field can exceed (403 on save): it only counts
 *       (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html);
 *       Django's own DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) bounds bodies instead;</li>
 *   <li>the IP reputation list scores the client's public address; a private service sees only VPC
 *       addresses, so it gets no IP reputation rule.</li>
 * </ul>
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class DefaultWebAcl {
    /** The rule groups of a public service, in evaluation order. */
    public static final List<String> RULE_GROUPS = List.of(
            "AWSManagedRulesAmazonIpReputationList",
            "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet",
            "AWSManagedRulesSQLiRuleSet");
    /** The rule group that only makes sense for public clients. */
    public static final String IP_REPUTATION = "AWSManagedRulesAmazonIpReputationList";
    /** The common rule set's rules that count instead of block, with the group they belong to. */
    public static final Map<String, String> COUNT_ONLY = Map.of("SizeRestrictions_BODY", "AWSManagedRulesCommonRuleSet");

    private DefaultWebAcl() {
    }

    /**
     * @param publicService whether the service's clients come from the internet
     * @return the rule groups for a public or a private service, in evaluation order
     */
    public static List<String> ruleGroups(final boolean publicService) {
        final List<String> groups = new ArrayList<>(RULE_GROUPS);
        if (!publicService) {
            groups.remove(IP_REPUTATION);
        }
        return groups;
    }

    /**
     * @param scope the parent construct
     * @param id the construct id
     * @param publicService whether the service's clients come from the internet (adds IP reputation)
     * @return the web ACL
     */
    public static CfnWebACL create(final Construct scope, final String id, final boolean publicService) {
        final List<String> groups = ruleGroups(publicService);
        final List<Object> rules = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            final String group = groups.get(i);
            final List<Object> overrides = new ArrayList<>();
            COUNT_ONLY.entrySet().stream().filter(e -> e.getValue().equals(group)).map(Map.Entry::getKey).sorted()
                    .forEach(rule -> overrides.add(CfnWebACL.RuleActionOverrideProperty.builder()
                            .name(rule)
                            .actionToUse(CfnWebACL.RuleActionProperty.builder()
                                    .count(CfnWebACL.CountActionProperty.builder().build()).build())
                            .build()));
            final CfnWebACL.ManagedRuleGroupStatementProperty.Builder statement =
                    CfnWebACL.ManagedRuleGroupStatementProperty.builder().vendorName("AWS").name(group);
            if (!overrides.isEmpty()) {
                statement.ruleActionOverrides(overrides);
            }
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group)
                    .priority(i)
                    .statement(CfnWebACL.StatementProperty.builder()
                            .managedRuleGroupStatement(statement.build())
                            .build())
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                    .visibilityConfig(visibility(group))
                    .build());
        }
        return CfnWebACL.Builder.create(scope, id)
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("DjangoAppRunner"))
                .rules(rules)
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(final String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .metricName(metric)
                .build();
    }
}
