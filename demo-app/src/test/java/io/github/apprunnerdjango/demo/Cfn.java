package io.github.apprunnerdjango.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Small readers over synthesized CloudFormation templates (plain JSON maps). */
final class Cfn {
    private Cfn() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(final Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) template.getOrDefault("Resources", Map.of());
    }

    /** @return the resources of a type, by logical id */
    static Map<String, Map<String, Object>> ofType(final Map<String, Object> template, final String type) {
        final Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources(template).forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(final Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    static Set<String> dependsOn(final Map<String, Object> resource) {
        final Object d = resource.get("DependsOn");
        if (d == null) {
            return Set.of();
        }
        return d instanceof List ? new TreeSet<>((List<String>) d) : Set.of((String) d);
    }

    /** Visits every map and list below a node, depth first. */
    @SuppressWarnings("unchecked")
    static void walk(final Object node, final Consumer<Object> visitor) {
        visitor.accept(node);
        if (node instanceof Map) {
            ((Map<String, Object>) node).values().forEach(v -> walk(v, visitor));
        } else if (node instanceof List) {
            ((List<Object>) node).forEach(v -> walk(v, visitor));
        }
    }

    /** @return every [logicalId, attribute] pair of the Fn::GetAtt below a node */
    @SuppressWarnings("unchecked")
    static List<List<String>> getAtts(final Object node) {
        final List<List<String>> found = new ArrayList<>();
        walk(node, n -> {
            if (n instanceof Map && ((Map<String, Object>) n).containsKey("Fn::GetAtt")) {
                final Object att = ((Map<String, Object>) n).get("Fn::GetAtt");
                if (att instanceof List) {
                    found.add(List.of(String.valueOf(((List<Object>) att).get(0)),
                            String.valueOf(((List<Object>) att).get(1))));
                }
            }
        });
        return found;
    }

    /** @return the logical id of a role given as {"Fn::GetAtt": [role, "Arn"]} or {"Ref": role}, or null */
    @SuppressWarnings("unchecked")
    static String roleId(final Object value) {
        if (value instanceof Map) {
            final Map<String, Object> m = (Map<String, Object>) value;
            if (m.get("Fn::GetAtt") instanceof List && "Arn".equals(((List<Object>) m.get("Fn::GetAtt")).get(1))) {
                return String.valueOf(((List<Object>) m.get("Fn::GetAtt")).get(0));
            }
            if (m.get("Ref") instanceof String) {
                return (String) m.get("Ref");
            }
        }
        return null;
    }

    /** @return the logical ids of the AWS::IAM::Policy resources attached to a role */
    @SuppressWarnings("unchecked")
    static Set<String> policiesOf(final Map<String, Object> template, final String roleId) {
        final Set<String> policies = new TreeSet<>();
        ofType(template, "AWS::IAM::Policy").forEach((id, p) -> {
            final Object roles = props(p).get("Roles");
            if (roles instanceof List && ((List<Object>) roles).contains(Map.of("Ref", roleId))) {
                policies.add(id);
            }
        });
        return policies;
    }

    /** @return every action an Allow statement of the role's policies grants */
    @SuppressWarnings("unchecked")
    static Set<String> allowedActions(final Map<String, Object> template, final String roleId) {
        final Set<String> actions = new TreeSet<>();
        for (final String policy : policiesOf(template, roleId)) {
            final Map<String, Object> doc = (Map<String, Object>) props(resources(template).get(policy)).get("PolicyDocument");
            for (final Object s : (List<Object>) doc.get("Statement")) {
                final Map<String, Object> statement = (Map<String, Object>) s;
                if (!"Allow".equals(statement.get("Effect"))) {
                    continue;
                }
                final Object a = statement.get("Action");
                if (a instanceof List) {
                    actions.addAll((List<String>) a);
                } else {
                    actions.add((String) a);
                }
            }
        }
        return actions;
    }
}
