package io.github.apprunnerdjango.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.data.DjangoDatabase;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.testing.Templates;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.apprunnerdjango.testing.NagFindings;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.sns.Topic;

/** Thresholds override the defaults, an e-mail subscribes, a given topic is used, bad props are refused, cdk-nag is clean. */
class MonitoringOptionsTest {
    @Test
    @SuppressWarnings("unchecked")
    void thresholdsOverrideTheDefaults() {
        final MonitoringFixture f = new MonitoringFixture(null, b -> b.serverErrorRatePercent(2).latencyP99Millis(500)
                .acuUtilizationPercent(75).maxConnections(1000).connectionsPercent(50).alarmEmail("ops@example.com")
                .dashboardName("django-ops"));
        final Template template = Templates.synthesized(f.express);
        final Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        final Map<String, Number> expected = Map.of("ServerErrorRate", 2, "LatencyP99", 0.5, "AcuNearMax", 75,
                "ConnectionsNearLimit", 500);
        expected.forEach((id, threshold) -> {
            final Map<String, Object> alarm = (Map<String, Object>) ((Map<String, Object>) resources.get(
                    MonitoringFixture.alarmId(f.expressMonitoring, id))).get("Properties");
            assertEquals(threshold.doubleValue(), ((Number) alarm.get("Threshold")).doubleValue(), id);
        });
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.com"));
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "django-ops"));
    }

    @Test
    void aGivenTopicIsUsedAndNoneCreated() {
        final MonitoringFixture f = new MonitoringFixture(null, b -> b);
        final Topic topic = new Topic(f.appRunner, "OpsTopic");
        final DjangoMonitoring monitoring = new DjangoMonitoring(f.appRunner, "Given", DjangoMonitoringProps.builder()
                .service(f.appRunner.getDjangoService()).topic(topic).build());
        final Template template = Templates.synthesized(f.appRunner);
        final String topicId = Templates.logicalId(f.appRunner, topic);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(Map.of("Ref", topicId)),
                "AlarmDescription", Match.stringLikeRegexp(".*5xx.*")));
        // no database given: the service's three alarms and its redeploy alarm
        assertEquals(4, monitoring.getAlarms().size());
        assertEquals(null, monitoring.getNode().tryFindChild("Topic"));
    }

    @Test
    void badPropsAreRefusedNamingEachProp() {
        final MonitoringFixture f = new MonitoringFixture(null, b -> b);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjangoMonitoring(
                f.appRunner, "Bad", DjangoMonitoringProps.builder()
                        .service(f.appRunner.getDjangoService())
                        .database(DjangoDatabase.fromDatabaseAttributes(f.appRunner, "Imported",
                                DjangoDatabaseAttributes.builder()
                                        .databaseClientSecurityGroupId("sg-12345678")
                                        .serviceDatabaseSecretArn("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf")
                                        .superuserSecretArn("arn:aws:secretsmanager:eu-west-1:123456789012:secret:su-AbCdEf")
                                        .secretKeySecretArn("arn:aws:secretsmanager:eu-west-1:123456789012:secret:sk-AbCdEf")
                                        .build()))
                        .topic(new Topic(f.appRunner, "T"))
                        .alarmEmail("not-an-address")
                        .serverErrorRatePercent(0)
                        .acuUtilizationPercent(150)
                        .latencyP99Millis(-1)
                        .build()));
        for (final String prop : List.of("database", "alarmEmail", "serverErrorRatePercent", "acuUtilizationPercent",
                "latencyP99Millis")) {
            assertTrue(e.getMessage().contains("- " + prop + ":"), prop + " not named: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new DjangoMonitoring(f.appRunner, "NoService",
                DjangoMonitoringProps.builder().build()));
    }

    /** cdk-nag's AwsSolutions pack reports nothing on the monitoring (SNS2 and SNS3: the created topic). */
    @Test
    void cdkNagAwsSolutionsReportsNothing() {
        final MonitoringFixture f = new MonitoringFixture(MonitoringFixture.env(), b -> b.alarmEmail("ops@example.com"));
        Aspects.of(f.app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        for (final Stack stack : List.of(f.appRunner, f.express, f.data)) {
            NagFindings.assertNone(stack.getStackName(), List.of(stack));
        }
    }
}
