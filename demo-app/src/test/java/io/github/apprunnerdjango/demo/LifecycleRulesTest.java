package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What breaks a stack after its first deploy (issue 18), as template rules over every app of
 * {@link AppMatrix}: each names the AWS documentation it comes from.
 */
class LifecycleRulesTest {
    private static final Set<String> RETAINED = Set.of("Retain", "RetainExceptOnCreate");
    /** An export of another stack names the producing resource's logical id: ...:ExportsOutputRef<Id><hash>... */
    private static final Pattern EXPORTED_REF = Pattern.compile("ExportsOutputRef([A-Za-z0-9]+?)[0-9A-F]{8}");

    static Stream<AppMatrix.Built> apps() {
        return AppMatrix.all().stream();
    }

    /**
     * A retained resource outlives {@code cdk destroy}; with a fixed name the next deploy of the stack
     * fails, since the name is taken ("already exists"). Names that refer to a resource of the stack
     * (a function's generated name, say) change with each new stack and are fine.
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void noRetainedResourceHasAFixedName(final AppMatrix.Built app) {
        final List<String> fixed = new ArrayList<>();
        app.templates().forEach((stack, t) -> Cfn.resources(t).forEach((id, r) -> {
            if (!RETAINED.contains(String.valueOf(r.get("DeletionPolicy")))) {
                return;
            }
            Cfn.props(r).forEach((prop, value) -> {
                if (prop.endsWith("Name") && !prop.endsWith("KeyName") && !refersToAResource(value, t)) {
                    fixed.add(stack + "/" + id + "." + prop + " = " + value);
                }
            });
        }));
        assertEquals(List.of(), fixed, app + ": retained resources with a fixed name");
    }

    /**
     * One interface endpoint with private DNS per AWS service per VPC: a second one fails to create
     * ("conflicting DNS domain"), wherever it is declared, so the rule spans the app's stacks. Each
     * VPC is named by its logical id in the stack that makes it (other stacks import it by export).
     * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void onePrivateDnsEndpointPerServicePerVpcAcrossStacks(final AppMatrix.Built app) {
        final Map<String, List<String>> endpoints = new LinkedHashMap<>();
        app.templates().forEach((stack, t) -> Cfn.ofType(t, "AWS::EC2::VPCEndpoint").forEach((id, r) -> {
            final Map<String, Object> p = Cfn.props(r);
            if (!Boolean.TRUE.equals(p.get("PrivateDnsEnabled"))) {
                return;
            }
            final String key = vpcOf(p.get("VpcId")) + " " + serviceOf(p.get("ServiceName"));
            endpoints.computeIfAbsent(key, k -> new ArrayList<>()).add(stack + "/" + id);
        }));
        assertTrue(!endpoints.isEmpty(), app + ": the matrix app has private-DNS endpoints");
        endpoints.forEach((key, ids) -> assertEquals(1, ids.size(), app + ": " + key + " has " + ids));
    }

    private static boolean refersToAResource(final Object value, final Map<String, Object> template) {
        final List<Boolean> found = new ArrayList<>();
        Cfn.walk(value, node -> {
            if (node instanceof Map<?, ?> m && (m.containsKey("Fn::GetAtt")
                    || m.containsKey("Ref") && Cfn.resources(template).containsKey(String.valueOf(m.get("Ref"))))) {
                found.add(true);
            }
        });
        return !found.isEmpty();
    }

    private static String vpcOf(final Object vpcId) {
        final String text = String.valueOf(vpcId);
        final Matcher exported = EXPORTED_REF.matcher(text);
        if (exported.find()) {
            return exported.group(1);
        }
        return text.replaceAll(".*Ref=([A-Za-z0-9]+?)[0-9A-F]{8}.*", "$1");
    }

    /** @return the service name's literal parts, joined (within one app every stack has one region) */
    private static String serviceOf(final Object serviceName) {
        final StringBuilder text = new StringBuilder();
        Cfn.walk(serviceName, node -> {
            if (node instanceof String part && !part.isEmpty()) {
                text.append(part);
            }
        });
        return text.toString();
    }
}
