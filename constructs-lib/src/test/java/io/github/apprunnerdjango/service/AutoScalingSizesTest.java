package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Template;

/**
 * Every edge of minSize/maxSize gives either a template or one IllegalArgumentException of ours that
 * names the prop, never the App Runner L2's own error ("maxSize must be greater than minSize.", a jsii
 * stack trace). The L2's rules (aws-apprunner-alpha AutoScalingConfiguration: 1 to 25 each,
 * minSize < maxSize) are kept exactly, so the two cannot drift apart unnoticed: a new L2 rule makes
 * a row here fail with its message.
 * https://docs.aws.amazon.com/apprunner/latest/api/API_CreateAutoScalingConfiguration.html
 */
class AutoScalingSizesTest {

    @ParameterizedTest(name = "minSize={0} maxSize={1} -> {2}")
    @CsvSource(nullValues = "-", value = {
        "-,  -,  1:3",
        "3,  -,  3:4",
        "24, -,  24:25",
        "25, -,  minSize",
        "1,  1,  minSize",
        "3,  3,  minSize",
        "2,  3,  2:3",
        "24, 25, 24:25",
        "25, 25, minSize",
        "4,  3,  minSize",
        "-,  1,  maxSize",
        "-,  2,  1:2",
        "0,  -,  minSize",
        "-,  26, maxSize",
        "26, -,  minSize",
        "1,  25, 1:25",
    })
    void sizeEdgesGiveATemplateOrOneClearError(final Integer minSize, final Integer maxSize, final String expected) {
        final ServiceFixture f = new ServiceFixture();
        try {
            final ServiceStack stack = f.service("Service", p -> p.minSize(minSize).maxSize(maxSize));
            final String[] sizes = expected.split(":");
            Template.fromStack(stack).hasResourceProperties("AWS::AppRunner::AutoScalingConfiguration", Map.of(
                    "MinSize", Integer.parseInt(sizes[0]), "MaxSize", Integer.parseInt(sizes[1])));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("Invalid ServiceStack props"), e.getMessage());
            assertTrue(e.getMessage().contains("  - " + expected + ": got "), expected + " not named: " + e.getMessage());
            assertEquals(1, e.getMessage().split("\n  - ").length - 1, "one failure: " + e.getMessage());
        } catch (RuntimeException e) {
            fail("an error that is not ours for minSize=" + minSize + " maxSize=" + maxSize + ": " + e);
        }
    }
}
