package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.RotationStrategy;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.apprunner.alpha.Cpu;
import software.amazon.awscdk.services.apprunner.alpha.Memory;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * Every option on at once (readers, alternating-users rotation, tracing, the default web ACL, a private endpoint, a custom domain
 * with its hosted zone): cdk-nag AwsSolutions and CloudFormation Validate still report nothing.
 */
class MaximalAppTest {
    static final Path OUTDIR = Paths.get("target", "cdk.out-maximal").toAbsolutePath();
    private static CloudAssembly assembly;

    /** @return the maximal app, synthesized once per JVM with cdk-nag applied */
    static synchronized CloudAssembly assembly() {
        if (assembly == null) {
            assembly = synth();
        }
        return assembly;
    }

    @Test
    void everyOptionOnHasNoSecurityOrValidationFinding() throws Exception {
        assertEquals(3, assembly().getStacks().size());
        assertEquals(List.of(), ValidationReport.violations(OUTDIR.resolve("validation-report.json")));
    }

    private static CloudAssembly synth() {
        final App app = TestApps.app(Map.of(), false, OUTDIR.toString());
        final NetworkStack network = new NetworkStack(app, "Max-Network", null);
        final DataStack data = new DataStack(app, "Max-Data", DataStackProps.builder()
                .vpc(network.getVpc())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .readers(1)
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS)
                .minCapacity(0)
                .maxCapacity(4)
                .cloudwatchLogsExports(List.of("postgresql", "iam-db-auth-error"))
                .build());
        new ServiceStack(app, "Max-Service", ServiceStackProps.builder()
                .vpc(network.getVpc())
                .databaseClientSecurityGroup(data.getDatabaseClientSecurityGroup())
                .databaseSecret(data.getServiceDatabaseSecret())
                .superuserSecret(data.getSuperuserSecret())
                .secretKeySecret(data.getSecretKeySecret())
                .image(ImageSource.buildAndPush(TestApps.repoRoot().resolve("django-image").toString()))
                .serviceName("django-max")
                .cpu(Cpu.ONE_VCPU)
                .memory(Memory.TWO_GB)
                .minSize(2)
                .maxSize(10)
                .maxConcurrency(80)
                .tracing(true)
                .defaultWebAcl(true)
                .privateEndpoint(true)
                .domainName("app.example.com")
                .hostedZone(HostedZone.fromHostedZoneAttributes(network, "Zone", HostedZoneAttributes.builder()
                        .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build()))
                .allowedHosts(List.of("internal.example.com"))
                .build());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        try {
            return app.synth();
        } catch (RuntimeException e) {
            throw new AssertionError("synthesis failed:\n" + ValidationReport.describe(OUTDIR.resolve("validation-report.json")), e);
        }
    }
}
