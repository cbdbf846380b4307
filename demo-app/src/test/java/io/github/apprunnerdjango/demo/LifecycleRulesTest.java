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

    /**
     * App Runner refuses an operation while another runs
     * (https://docs.aws.amazon.com/apprunner/latest/api/API_StartDeployment.html: InvalidStateException).
     * A service with automatic deployments that waits for an image push of its own stack starts a
     * deployment at the push, just before CloudFormation's own update of the service: such a service
     * must leave automatic deployments off (the push redeploys through the state machine, which retries).
     * https://docs.aws.amazon.com/apprunner/latest/dg/manage-deploy.html
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void noAutomaticDeploymentRacesTheStacksOwnPush(final AppMatrix.Built app) {
        app.templates().forEach((stack, t) -> Cfn.ofType(t, "AWS::AppRunner::Service").forEach((id, r) -> {
            final Object source = Cfn.props(r).get("SourceConfiguration");
            final boolean auto = source instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("AutoDeploymentsEnabled"));
            final boolean waitsForAPush = Cfn.dependsOn(r).stream().map(d -> Cfn.resources(t).get(d))
                    .anyMatch(d -> d != null && String.valueOf(d.get("Type")).startsWith("Custom::")
                            && String.valueOf(d.get("Type")).contains("Push"));
            assertTrue(!(auto && waitsForAPush), app + ": " + stack + "/" + id
                    + " deploys automatically and waits for its stack's image push");
        }));
    }

    /**
     * A redeploy is done when the deployment is: every redeploy state machine reads the deployment it
     * started until it ends (App Runner ListOperations, ECS DescribeServices) and fails otherwise, so a
     * deployment that is rolled back raises the alarm.
     * https://docs.aws.amazon.com/apprunner/latest/api/API_OperationSummary.html
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void redeployStateMachinesFollowTheDeploymentToItsEnd(final AppMatrix.Built app) {
        final List<String> seen = new ArrayList<>();
        app.templates().forEach((stack, t) -> Cfn.ofType(t, "AWS::StepFunctions::StateMachine").forEach((id, r) -> {
            final String definition = String.valueOf(Cfn.props(r).get("DefinitionString"));
            final boolean starts = definition.contains("apprunner:startDeployment") || definition.contains("ecs:updateService");
            if (!starts) {
                return;
            }
            seen.add(id);
            assertTrue((definition.contains("apprunner:listOperations") || definition.contains("ecs:describeServices"))
                    && definition.contains("\"Type\":\"Fail\"") && definition.contains("\"Type\":\"Wait\""),
                    app + ": " + stack + "/" + id + " starts a deployment and does not follow it: " + definition);
        }));
        assertTrue(!seen.isEmpty(), app + ": every matrix app redeploys on a secret change");
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
