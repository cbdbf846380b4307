package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.NagFindings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * Security is a test on every app of {@link AppMatrix}, environment-specific ones included (their
 * ARNs hold a literal account and region, which suppressions written for tokens no longer match):
 * cdk-nag AwsSolutions and CloudFormation Validate report nothing; synthesis is reproducible.
 */
class SecurityMatrixTest {
    static Stream<AppMatrix.Built> apps() {
        return AppMatrix.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void cdkNagAwsSolutionsReportsNothing(final AppMatrix.Built app) {
        app.assembly();
        NagFindings.assertNone(app.toString(), app.stacks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void cloudFormationValidateReportsNothing(final AppMatrix.Built app) throws IOException {
        app.assembly();
        assertEquals(List.of(), ValidationReport.violations(app.outdir.resolve("validation-report.json")), app.name);
        for (final Stack stack : app.stacks) {
            final List<String> warnings = Annotations.fromStack(stack)
                    .findWarning("*", Match.stringLikeRegexp(".*CloudFormation Validate.*")).stream()
                    .map(m -> m.getId() + " " + m.getEntry().getData()).toList();
            assertEquals(List.of(), warnings, app.name);
        }
    }

    /**
     * Two synths of the same sources give byte-identical templates, so a user's snapshot test needs
     * no normaliser (the image push included: its resource no longer carries Date.now()).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"demo-env", "max-private-env", "express-max-env", "migration-env"})
    void synthesisIsReproducible(final String name) {
        final AppMatrix.Built first = AppMatrix.get(name);
        final AppMatrix.Built second = AppMatrix.build(name, first.outdir.resolveSibling(name + "-again"));
        for (int i = 0; i < first.stacks.size(); i++) {
            assertEquals(first.templateText(first.stacks.get(i)), second.templateText(second.stacks.get(i)),
                    name + ": " + first.stacks.get(i).getStackName());
        }
    }
}
