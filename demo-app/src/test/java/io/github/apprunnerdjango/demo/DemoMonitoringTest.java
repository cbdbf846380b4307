package io.github.apprunnerdjango.demo;


import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.apprunnerdjango.testing.NagFindings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code -c monitoring=true} adds the alarms, their topic (with {@code alarmEmail}'s subscription) and a
 * dashboard to the service stack on App Runner and on Express; the app synthesizes and cdk-nag's
 * AwsSolutions pack reports nothing (https://github.com/cdklabs/cdk-nag/blob/main/RULES.md). Without
 * the flag the templates are those of SnapshotTest.
 */
class DemoMonitoringTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "express", "apprunner-env", "express-env"})
    void monitoringSynthesizesAndPassesCdkNag(final String name) {
        final String compute = name.replace("-env", "");
        final App app = TestApps.app(Map.of("compute", compute, "monitoring", "true",
                "alarmEmail", "ops@example.com"), false);
        final Environment env = name.endsWith("-env")
                ? Environment.builder().account("123456789012").region("eu-west-1").build() : null;
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), env);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        final Stack serviceStack = compute.equals("express") ? demo.express() : demo.service();
        app.synth();

        final Template template = Template.fromStack(serviceStack);
        // 5xx rate, p99 latency, no serving capacity, ACU, connections, rotation, and the redeploy alarm
        template.resourceCountIs("AWS::CloudWatch::Alarm", 7);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.com"));

        NagFindings.assertNone(name, List.of(demo.network(), demo.data(), serviceStack));
    }

    /** Off by default: the default demo has only the service's own redeploy alarm. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "express"})
    void offByDefault(final String compute) {
        final App app = TestApps.app(Map.of("compute", compute), false);
        final DemoApp demo = DemoApp.build(app, TestApps.repoRoot().resolve("django-image"), null);
        final Template template = Template.fromStack(compute.equals("express") ? demo.express() : demo.service());
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 0);
    }
}
