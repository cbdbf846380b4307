package io.github.apprunnerdjango.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.apprunnerdjango.testing.NagFindings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;

/**
 * cdk-nag's AwsSolutions pack and CloudFormation Validate report nothing on NAT networks with every
 * endpoint option: public subnets, NAT gateways, the S3 gateway and interface endpoints
 * (https://github.com/cdklabs/cdk-nag/blob/main/RULES.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressNagTest {
    private static final List<InterfaceVpcEndpointAwsService> SERVICES = List.of(
            InterfaceVpcEndpointAwsService.EMAIL_SMTP, InterfaceVpcEndpointAwsService.SQS, InterfaceVpcEndpointAwsService.SNS);

    private final Map<String, Stack> stacks = new java.util.LinkedHashMap<>();

    @BeforeAll
    void synthesize() {
        final App app = TestApps.app();
        stacks.put("nat", new NetworkStack(app, "Nat", NetworkStackProps.builder()
                .egress(Egress.natGateway()).s3GatewayEndpoint(true).interfaceEndpoints(SERVICES).build()));
        stacks.put("per-az-env", new NetworkStack(app, "PerAzEnv", NetworkStackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .egress(Egress.natGatewayPerAz()).s3GatewayEndpoint(true).interfaceEndpoints(SERVICES).build()));
        stacks.put("endpoints-without-nat", new NetworkStack(app, "NoNat", NetworkStackProps.builder()
                .s3GatewayEndpoint(true).interfaceEndpoints(SERVICES).build()));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nat", "per-az-env", "endpoints-without-nat"})
    void cdkNagAwsSolutionsReportsNothing(final String name) {
        NagFindings.assertNone(name, List.of(stacks.get(name)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nat", "per-az-env", "endpoints-without-nat"})
    void cloudFormationValidateReportsNothing(final String name) {
        final List<String> warnings = Annotations.fromStack(stacks.get(name))
                .findWarning("*", Match.stringLikeRegexp(".*CloudFormation Validate.*")).stream()
                .map(m -> m.getId() + " " + m.getEntry().getData()).toList();
        assertEquals(List.of(), warnings, name);
    }
}
