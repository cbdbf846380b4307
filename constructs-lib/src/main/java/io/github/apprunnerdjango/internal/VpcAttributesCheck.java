package io.github.apprunnerdjango.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.ec2.VpcAttributes;

/**
 * What aws-cdk-lib's {@code Vpc.fromVpcAttributes} demands of the attributes, checked before it runs
 * so that a mistake is one message naming {@code vpcAttributes}, not aws-cdk-lib's error from inside
 * a half-built stack: the zones are listed, and each subnet group has one subnet per zone (or a
 * multiple), with as many route tables and IPv4 blocks as subnets when they are given.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class VpcAttributesCheck {
    private VpcAttributesCheck() {
    }

    /**
     * @param attributes the attributes
     * @return what is wrong, each as "what; allowed", empty when they can be imported
     */
    public static List<String> problems(final VpcAttributes attributes) {
        final List<String> problems = new ArrayList<>();
        final List<String> zones = attributes.getAvailabilityZones();
        if (zones == null || zones.isEmpty()) {
            problems.add("no availabilityZones; list the zones of the subnets, in the subnets' order");
            return problems;
        }
        final Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("isolatedSubnetIds", attributes.getIsolatedSubnetIds());
        groups.put("privateSubnetIds", attributes.getPrivateSubnetIds());
        groups.put("publicSubnetIds", attributes.getPublicSubnetIds());
        final Map<String, List<String>> routeTables = new LinkedHashMap<>();
        routeTables.put("isolatedSubnetIds", attributes.getIsolatedSubnetRouteTableIds());
        routeTables.put("privateSubnetIds", attributes.getPrivateSubnetRouteTableIds());
        routeTables.put("publicSubnetIds", attributes.getPublicSubnetRouteTableIds());
        boolean any = false;
        for (final Map.Entry<String, List<String>> group : groups.entrySet()) {
            final List<String> ids = group.getValue();
            if (ids == null || ids.isEmpty() || PropsValidator.isToken(ids)) {
                continue;
            }
            any = true;
            if (ids.size() % zones.size() != 0) {
                problems.add(group.getKey() + " has " + ids.size() + " subnets for " + zones.size() + " zones "
                        + zones + "; allowed: one subnet per zone (or the same number in each zone), in the zones' order");
            }
            final List<String> tables = routeTables.get(group.getKey());
            if (tables != null && !PropsValidator.isToken(tables) && tables.size() != ids.size()) {
                problems.add(group.getKey() + " has " + ids.size() + " subnets and " + tables.size()
                        + " route tables; allowed: one route table id per subnet, or none");
            }
        }
        if (!any) {
            problems.add("no subnets (isolatedSubnetIds, privateSubnetIds or publicSubnetIds)");
        }
        return problems;
    }
}
