package io.github.apprunnerdjango.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiObjectRef;

/**
 * The services of {@link AwsEndpointServices} are aws-cdk-lib's own: the same short name, name, port,
 * private DNS default and, in a template, the same endpoint as the {@code InterfaceVpcEndpointAwsService}
 * constant, env-agnostic and in Regions of three partitions (where service name prefixes differ).
 */
class AwsEndpointServicesTest {
    /** every service our stacks create an endpoint for by short name, and the constant it stands for */
    static final Map<String, String> CONSTANTS = Map.of(
            AwsEndpointServices.SECRETS_MANAGER, "SECRETS_MANAGER",
            AwsEndpointServices.XRAY, "XRAY",
            AwsEndpointServices.APP_RUNNER_REQUESTS, "APP_RUNNER_REQUESTS",
            AwsEndpointServices.EMAIL_SMTP, "EMAIL_SMTP",
            "ecr.api", "ECR",
            "ecr.dkr", "ECR_DOCKER",
            "logs", "CLOUDWATCH_LOGS");

    static Stream<Arguments> services() {
        final List<String> regions = Arrays.asList(null, "eu-west-1", "cn-north-1", "us-gov-west-1");
        return CONSTANTS.keySet().stream().sorted()
                .flatMap(name -> regions.stream().map(region -> Arguments.of(name, region)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("services")
    void isTheConstantOfAwsCdkLib(final String shortName, final String region) throws ReflectiveOperationException {
        final InterfaceVpcEndpointAwsService constant = (InterfaceVpcEndpointAwsService)
                InterfaceVpcEndpointAwsService.class.getField(CONSTANTS.get(shortName)).get(null);
        final AwsEndpointServices.AwsEndpointService ours = AwsEndpointServices.of(shortName);

        assertEquals(constant.getShortName(), ours.getShortName());
        assertEquals(constant.getPort(), ours.getPort());
        assertEquals(constant.getPrivateDnsDefault(), ours.getPrivateDnsDefault());
        assertEquals(endpointOf(constant, region), endpointOf(ours, region));
    }

    @Test
    void aServiceIsAFreshObjectAndTheConstantStaysAwsCdkLibs() {
        final AwsEndpointServices.AwsEndpointService ours = AwsEndpointServices.of(AwsEndpointServices.SECRETS_MANAGER);
        assertNotSame(ours, AwsEndpointServices.of(AwsEndpointServices.SECRETS_MANAGER));
        // the Java runtime maps each JavaScript object to one Java object: had ours been the constant's
        // object, the constant would now come back as our class and InterfaceVpcEndpointAwsService's
        // static initialiser would fail with a ClassCastException
        final JsonNode constant = JsiiEngine.getInstance().getClient()
                .getStaticPropertyValue("aws-cdk-lib.aws_ec2.InterfaceVpcEndpointAwsService", "SECRETS_MANAGER");
        assertInstanceOf(InterfaceVpcEndpointAwsService.class,
                JsiiEngine.getInstance().nativeFromObjRef(JsiiObjectRef.parse(constant)));
    }

    /** @return the endpoint resource of a stack with one endpoint to the service, defaults otherwise */
    private static Object endpointOf(final IInterfaceVpcEndpointService service, final String region) {
        final App app = TestApps.app();
        final Stack stack = new Stack(app, "Endpoint", StackProps.builder()
                .env(region == null ? null : Environment.builder().account("123456789012").region(region).build())
                .build());
        final Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        InterfaceVpcEndpoint.Builder.create(stack, "Endpoint").vpc(vpc).service(service).build();
        return Template.fromStack(stack).findResources("AWS::EC2::VPCEndpoint");
    }
}
