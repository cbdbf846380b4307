package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.github.apprunnerdjango.service.ServiceEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;

/**
 * {@code cdk synth -c media=true} (here with both services, environment-agnostic and
 * environment-specific): the Data stack makes the media bucket, both services get its name and Region,
 * and App Runner's connector subnets reach S3 through the network's gateway endpoint. cdk-nag and
 * CloudFormation Validate run over these apps in {@link SecurityMatrixTest}, the template rules in
 * {@link AwsRulesTest} and {@link LifecycleRulesTest}.
 */
class DemoMediaTest {
    static Stream<AppMatrix.Built> apps() {
        return Stream.of(AppMatrix.get("media"), AppMatrix.get("media-env"));
    }

    /** The default demo makes no bucket and no S3 endpoint: without media nothing changes. */
    @Test
    void offByDefault() {
        final AppMatrix.Built demo = AppMatrix.get("demo");
        demo.templates().forEach((stack, t) -> {
            assertTrue(Cfn.ofType(t, "AWS::S3::Bucket").isEmpty(), stack);
            assertTrue(Cfn.ofType(t, "AWS::EC2::VPCEndpoint").values().stream()
                    .noneMatch(r -> "Gateway".equals(Cfn.props(r).get("VpcEndpointType"))), stack);
        });
    }

    /**
     * The bucket lives in the Data stack, retained and private.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void theDataStackMakesTheRetainedBucket(final AppMatrix.Built app) {
        final Map<String, Map<String, Object>> buckets = Cfn.ofType(app.templates().get(DemoApp.PREFIX + "-Data"),
                "AWS::S3::Bucket");
        assertEquals(Set.of("MediaBucket4022EBBF"), buckets.keySet());
        final Map<String, Object> bucket = buckets.get("MediaBucket4022EBBF");
        assertEquals("Retain", bucket.get("DeletionPolicy"));
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), Cfn.props(bucket).get("PublicAccessBlockConfiguration"));
        app.templates().forEach((stack, t) -> {
            if (!stack.endsWith("-Data")) {
                assertTrue(Cfn.ofType(t, "AWS::S3::Bucket").isEmpty(), stack);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void bothServicesGetTheBucketsNameAndRegion(final AppMatrix.Built app) {
        assertEquals(2, app.serviceStacks().size(), app.name);
        for (final Stack stack : app.serviceStacks()) {
            final String text = app.templateText(stack);
            for (final String name : ServiceEnvironment.MEDIA_NAMES) {
                assertTrue(text.contains("\"" + name + "\""), stack.getStackName() + " lacks " + name);
            }
            assertTrue(text.contains("ExportsOutputRefMediaBucket4022EBBF"), stack.getStackName());
        }
    }

    /**
     * With a VPC connector all of the app's outbound traffic goes through the connector's subnets
     * (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html); without NAT, the demo's isolated
     * subnets reach S3 only through a gateway endpoint on their route tables
     * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html). Every subnet of the
     * connector must be associated with a route table that the S3 gateway endpoint lists.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void appRunnerConnectorSubnetsRouteToTheS3GatewayEndpoint(final AppMatrix.Built app) {
        final Map<String, Map<String, Object>> templates = app.templates();
        final Map<String, Object> network = templates.get(DemoApp.PREFIX + "-Network");
        final Set<Object> endpointTables = new java.util.HashSet<>();
        Cfn.ofType(network, "AWS::EC2::VPCEndpoint").values().stream()
                .filter(r -> "Gateway".equals(Cfn.props(r).get("VpcEndpointType"))
                        && String.valueOf(Cfn.props(r).get("ServiceName")).contains(".s3"))
                .forEach(r -> endpointTables.addAll((List<Object>) Cfn.props(r).get("RouteTableIds")));
        assertFalse(endpointTables.isEmpty(), app + ": no S3 gateway endpoint");
        final Map<String, Object> tableOfSubnet = new java.util.HashMap<>();
        Cfn.ofType(network, "AWS::EC2::SubnetRouteTableAssociation").values().forEach(r -> tableOfSubnet.put(
                String.valueOf(((Map<String, Object>) Cfn.props(r).get("SubnetId")).get("Ref")),
                Cfn.props(r).get("RouteTableId")));
        final Map<String, Object> service = templates.get(DemoApp.PREFIX + "-Service");
        final List<String> unrouted = new ArrayList<>();
        final Set<String> subnets = new TreeSet<>();
        Cfn.ofType(service, "AWS::AppRunner::VpcConnector").values().forEach(r ->
                ((List<Object>) Cfn.props(r).get("Subnets")).forEach(s -> subnets.add(subnetOf(s))));
        assertFalse(subnets.isEmpty(), app.name);
        subnets.forEach(s -> {
            if (!endpointTables.contains(tableOfSubnet.get(s))) {
                unrouted.add(s);
            }
        });
        assertEquals(List.of(), unrouted, app + ": connector subnets without the S3 gateway endpoint's route");
    }

    /** @return the Network stack's logical id of a subnet the service imports: its export name without the export's hash */
    @SuppressWarnings("unchecked")
    private static String subnetOf(final Object imported) {
        final String export = String.valueOf(((Map<String, Object>) imported).get("Fn::ImportValue"));
        final String id = export.substring(export.indexOf("ExportsOutputRef") + "ExportsOutputRef".length());
        return id.substring(0, id.length() - 8);
    }
}
