package io.github.apprunnerdjango.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.data.RotationStrategy;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.PermissionsBoundary;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * Organisations that require a permissions boundary refuse any role without it. The stacks take
 * aws-cdk-lib's {@code permissionsBoundary} (and a custom synthesizer): every role the library makes
 * carries the boundary, the custom-resource providers' and the image push's included.
 * https://docs.aws.amazon.com/cdk/v2/guide/customize-permissions-boundaries.html
 */
class PermissionsBoundaryTest {
    private static final String BOUNDARY = "team-boundary";

    @Test
    void everyRoleOfEveryStackCarriesTheBoundary() {
        final App app = TestApps.app();
        final PermissionsBoundary boundary = PermissionsBoundary.fromName(BOUNDARY);
        final DefaultStackSynthesizer synthesizer = DefaultStackSynthesizer.Builder.create().qualifier("team1").build();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .permissionsBoundary(boundary).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder()
                .vpc(network.getVpc())
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS)
                .permissionsBoundary(boundary)
                .synthesizer(DefaultStackSynthesizer.Builder.create().qualifier("team1").build())
                .build());
        final ServiceStack service = new ServiceStack(app, "Service", ServiceStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getIsolatedSubnets())
                .database(data)
                .image(ImageSource.buildAndPush(Path.of("src", "test", "resources", "image").toString()))
                .tracing(true)
                .domainName("app.example.com")
                .hostedZoneAttributes(HostedZoneAttributes.builder().hostedZoneId("Z0123456789ABCDEFGHIJ")
                        .zoneName("example.com").build())
                .permissionsBoundary(boundary)
                .synthesizer(synthesizer)
                .build());
        final var assembly = app.synth();
        final List<String> without = new ArrayList<>();
        int roles = 0;
        for (final Stack stack : List.of(network, data, service)) {
            @SuppressWarnings("unchecked")
            final Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>)
                    ((Map<String, Object>) assembly.getStackArtifact(stack.getArtifactId()).getTemplate()).get("Resources");
            for (final var resource : resources.entrySet()) {
                if ("AWS::IAM::Role".equals(resource.getValue().get("Type"))) {
                    roles++;
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> properties = (Map<String, Object>) resource.getValue().get("Properties");
                    final Object set = properties.get("PermissionsBoundary");
                    if (set == null || !set.toString().contains(":policy/" + BOUNDARY)) {
                        without.add(stack.getStackName() + "/" + resource.getKey());
                    }
                }
            }
        }
        assertTrue(roles >= 10, "roles seen: " + roles);
        assertEquals(List.of(), without, "roles without the boundary");
        // the custom synthesizer's qualifier reaches the asset locations
        final String template = assembly.getStackArtifact(service.getArtifactId()).getTemplate().toString();
        assertTrue(template.contains("cdk-team1-"), "assets under the team's bootstrap qualifier");
        assertFalse(template.contains("hnb659fds"), "no default qualifier left");
    }
}
