package io.github.apprunnerdjango.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** What cdk-nag's AwsSolutions pack reported on synthesized stacks (its aspect added to the app first). */
public final class NagFindings {
    private NagFindings() {
    }

    /**
     * @param stacks synthesized stacks
     * @return every AwsSolutions error and warning on them, as "path rule message" lines
     */
    public static List<String> of(final List<? extends Stack> stacks) {
        final List<String> findings = new ArrayList<>();
        for (final Stack stack : stacks) {
            final Annotations annotations = Annotations.fromStack(stack);
            Stream.concat(
                    annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream(),
                    annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream())
                    .map(m -> m.getId() + " " + m.getEntry().getData())
                    .forEach(findings::add);
        }
        return findings;
    }

    /**
     * Fails with every finding listed when cdk-nag reported anything on the stacks.
     *
     * @param what the app or case, for the message
     * @param stacks synthesized stacks
     */
    public static void assertNone(final String what, final List<? extends Stack> stacks) {
        final List<String> findings = of(stacks);
        assertEquals(List.of(), findings, what + ": cdk-nag findings:\n" + String.join("\n", findings));
    }
}
