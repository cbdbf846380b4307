package io.github.apprunnerdjango.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Vpc;

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

    @ParameterizedTest(name = "region {0}")
    @NullSource
    @ValueSource(strings = {"eu-west-1", "cn-north-1", "us-gov-west-1"})
    void everyServiceIsTheConstantOfAwsCdkLib(final String region) throws ReflectiveOperationException {
        // one stack per environment: an endpoint to each service twice, ours and aws-cdk-lib's constant
        final App app = TestApps.app();
        final Stack stack = new Stack(app, "Endpoints", StackProps.builder()
                .env(region == null ? null : Environment.builder().account("123456789012").region(region).build())
                .build());
        final Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        final List<String> names = CONSTANTS.keySet().stream().sorted().toList();
        for (int i = 0; i < names.size(); i++) {
            final Map.Entry<String, String> service = Map.entry(names.get(i), CONSTANTS.get(names.get(i)));
            final InterfaceVpcEndpointAwsService constant = (InterfaceVpcEndpointAwsService)
                    InterfaceVpcEndpointAwsService.class.getField(service.getValue()).get(null);
            final InterfaceVpcEndpointAwsService ours = AwsEndpointServices.of(service.getKey());
            assertEquals(constant.getShortName(), ours.getShortName());
            assertEquals(constant.getPort(), ours.getPort());
            assertEquals(constant.getPrivateDnsDefault(), ours.getPrivateDnsDefault());
            InterfaceVpcEndpoint.Builder.create(stack, "Ours" + i + "End").vpc(vpc).service(ours).build();
            InterfaceVpcEndpoint.Builder.create(stack, "Cdk" + i + "End").vpc(vpc).service(constant).build();
        }
        final Map<String, Map<String, Object>> endpoints = Template.fromStack(stack).findResources("AWS::EC2::VPCEndpoint");
        for (int i = 0; i < names.size(); i++) {
            assertEquals(properties(endpoints, "Cdk" + i + "End"), properties(endpoints, "Ours" + i + "End"),
                    CONSTANTS.get(names.get(i)));
        }
    }

    /** @return the endpoint's properties but its security group (each endpoint has its own) */
    private static Map<String, Object> properties(final Map<String, Map<String, Object>> endpoints, final String id) {
        final List<Map<String, Object>> found = endpoints.entrySet().stream()
                .filter(e -> e.getKey().startsWith(id))
                .map(e -> {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> props = new TreeMap<>((Map<String, Object>) e.getValue().get("Properties"));
                    props.remove("SecurityGroupIds");
                    return (Map<String, Object>) props;
                })
                .toList();
        assertEquals(1, found.size(), id + ": " + endpoints.keySet());
        return found.get(0);
    }
}
