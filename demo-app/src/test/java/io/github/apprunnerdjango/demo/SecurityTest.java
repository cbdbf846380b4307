package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** Security is a test: cdk-nag AwsSolutions and the CloudFormation validation report nothing. */
class SecurityTest {
    private final DemoAssembly demo = DemoAssembly.get();

    private List<Stack> stacks() {
        return List.of(demo.demo.network(), demo.demo.data(), demo.demo.service());
    }

    @Test
    void cdkNagAwsSolutionsReportsNoUnsuppressedErrorOrWarning() {
        demo.assembly();
        final List<String> findings = new ArrayList<>();
        for (final Stack stack : stacks()) {
            final Annotations annotations = Annotations.fromStack(stack);
            Stream.concat(
                    annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream(),
                    annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream())
                    .map(m -> m.getId() + " " + m.getEntry().getData())
                    .forEach(findings::add);
        }
        assertEquals(List.of(), findings, "cdk-nag findings:\n" + String.join("\n", findings));
    }

    @Test
    void cloudFormationValidateReportsNothing() throws IOException {
        final Path report = Paths.get(demo.assembly().getDirectory(), "validation-report.json");
        assertEquals(List.of(), ValidationReport.violations(report));
        for (final Stack stack : stacks()) {
            final List<String> warnings = Annotations.fromStack(stack)
                    .findWarning("*", Match.stringLikeRegexp(".*CloudFormation Validate.*")).stream()
                    .map(m -> m.getId() + " " + m.getEntry().getData()).collect(Collectors.toList());
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void everyStackIsInTheAssembly() {
        final List<String> names = demo.assembly().getStacks().stream()
                .map(CloudFormationStackArtifact::getStackName).sorted().collect(Collectors.toList());
        assertEquals(List.of("DjangoAppRunner-Data", "DjangoAppRunner-Network", "DjangoAppRunner-Service"), names);
    }
}
