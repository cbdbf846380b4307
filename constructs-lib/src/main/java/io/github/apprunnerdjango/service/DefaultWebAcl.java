package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/** A REGIONAL web ACL with AWS managed rule groups, for services that bring none of their own. */
final class DefaultWebAcl {
    /** The AWS managed rule groups, in evaluation order. */
    static final List<String> RULE_GROUPS = List.of(
            "AWSManagedRulesAmazonIpReputationList",
            "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet",
            "AWSManagedRulesSQLiRuleSet");

    private DefaultWebAcl() {
    }

    static CfnWebACL create(final Construct scope, final String id) {
        final List<Object> rules = new ArrayList<>();
        for (int i = 0; i < RULE_GROUPS.size(); i++) {
            final String group = RULE_GROUPS.get(i);
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group)
                    .priority(i)
                    .statement(CfnWebACL.StatementProperty.builder()
                            .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                    .vendorName("AWS").name(group).build())
                            .build())
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(java.util.Map.of()).build())
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
