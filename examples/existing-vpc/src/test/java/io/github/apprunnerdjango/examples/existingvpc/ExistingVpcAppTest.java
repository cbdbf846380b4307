package io.github.apprunnerdjango.examples.existingvpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Builds the example exactly as {@code cdk synth} does (the context and feature flags of this
 * project's {@code cdk.json}) and checks the templates.
 */
class ExistingVpcAppTest {
    @TempDir
    static Path outdir;

    private static Map<String, Object> context;
    private static CloudAssembly assembly;
    private static Template data;
    private static Template service;

    @BeforeAll
    static void synthesize() throws IOException {
        context = cdkJsonContext();
        final App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        final ExistingVpcApp example = ExistingVpcApp.build(app, null);
        assembly = app.synth();
        data = Template.fromStack(example.data());
        service = Template.fromStack(example.service());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cdkJsonContext() throws IOException {
        final Map<String, Object> cdkJson = new ObjectMapper().readValue(new File("cdk.json"),
                new TypeReference<Map<String, Object>>() { });
        return new HashMap<>((Map<String, Object>) cdkJson.get("context"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> subnetIds() {
        return (List<String>) ((Map<String, Object>) context.get("existingVpc")).get("isolatedSubnetIds");
    }

    @Test
    void synthesizesExactlyTheDataAndServiceStacks() {
        final List<String> names = assembly.getStacks().stream()
                .map(CloudFormationStackArtifact::getStackName).sorted().collect(Collectors.toList());
        assertEquals(List.of(ExistingVpcApp.PREFIX + "-Data", ExistingVpcApp.PREFIX + "-Service"), names);
    }

    @Test
    void dataStackUsesTheImportedVpcsSubnets() {
        assertEquals(2, subnetIds().size());
        data.hasResourceProperties("AWS::RDS::DBSubnetGroup", Map.of("SubnetIds", subnetIds()));
        data.hasResourceProperties("AWS::EC2::SecurityGroup",
                Map.of("VpcId", "vpc-0a1b2c3d4e5f67890"));
        data.resourceCountIs("AWS::EC2::VPC", 0);
    }

    @Test
    void serviceIsPrivateWithItsConnectorInTheImportedSubnets() {
        service.hasResourceProperties("AWS::AppRunner::Service", Map.of(
                "NetworkConfiguration", Match.objectLike(Map.of(
                        "IngressConfiguration", Map.of("IsPubliclyAccessible", false)))));
        service.hasResourceProperties("AWS::AppRunner::VpcConnector", Map.of("Subnets", subnetIds()));
        service.resourceCountIs("AWS::AppRunner::VpcIngressConnection", 1);
        service.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcId", "vpc-0a1b2c3d4e5f67890",
                "SubnetIds", subnetIds()));
    }

    @Test
    void serviceHasAWebAclAssociation() {
        service.resourceCountIs("AWS::WAFv2::WebACL", 1);
        service.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
    }

    @Test
    void serviceHasAnObservabilityConfiguration() {
        service.hasResourceProperties("AWS::AppRunner::ObservabilityConfiguration",
                Map.of("TraceConfiguration", Map.of("Vendor", "AWSXRAY")));
        service.hasResourceProperties("AWS::AppRunner::Service", Map.of(
                "ObservabilityConfiguration", Match.objectLike(Map.of("ObservabilityEnabled", true))));
    }

    @Test
    void serviceHasTheCustomDomainInTheHostedZone() {
        service.resourceCountIs("Custom::AppRunnerCustomDomain", 1);
        service.hasResourceProperties("AWS::Route53::RecordSet", Map.of(
                "Name", context.get("domainName") + ".",
                "Type", "CNAME",
                "HostedZoneId", context.get("hostedZoneId")));
    }

    @Test
    void serviceRunsTheImageByDigest() {
        final String services = service.findResources("AWS::AppRunner::Service").toString();
        assertTrue(services.contains("@" + context.get("imageDigest")), services);
        assertTrue(services.contains("/" + context.get("ecrRepositoryName")), services);
    }
}
