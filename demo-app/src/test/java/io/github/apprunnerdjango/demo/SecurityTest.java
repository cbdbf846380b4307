package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** The demo's assembly holds its three stacks; cdk-nag and CloudFormation Validate on it are in {@link SecurityMatrixTest}. */
class SecurityTest {
    @Test
    void everyStackIsInTheAssembly() {
        final List<String> names = DemoAssembly.get().assembly().getStacks().stream()
                .map(CloudFormationStackArtifact::getStackName).sorted().collect(Collectors.toList());
        assertEquals(List.of("DjangoAppRunner-Data", "DjangoAppRunner-Network", "DjangoAppRunner-Service"), names);
    }
}
