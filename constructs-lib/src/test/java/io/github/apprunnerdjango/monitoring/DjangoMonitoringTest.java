package io.github.apprunnerdjango.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * Every alarm reads a metric its service really publishes, under that namespace and those dimensions,
 * with the default thresholds, and notifies the one topic; the dashboard shows the same metrics. For
 * App Runner and Express, environment-agnostic and environment-specific.
 * App Runner: https://docs.aws.amazon.com/apprunner/latest/dg/monitor-cw.html (AWS/AppRunner, ServiceName
 * and ServiceID: Requests, 5xxStatusResponses, RequestLatency, ActiveInstances);
 * Express's load balancer: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * (AWS/ApplicationELB by LoadBalancer: RequestCount, HTTPCode_Target_5XX_Count, TargetResponseTime in seconds);
 * its ECS service: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_utilization.html
 * (AWS/ECS CPUUtilization by ClusterName and ServiceName, computed over running tasks);
 * Aurora: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.viewing.monitoring.html
 * (ACUUtilization) and https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html
 * (DatabaseConnections, by DBClusterIdentifier);
 * rotation: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html (AWS/Lambda Errors by FunctionName)
 * and https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjangoMonitoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Case> cases = new LinkedHashMap<>();

    private record Case(DjangoMonitoring monitoring, Stack stack, Map<String, Object> resources, Template template,
                        Map<String, Object> dataResources, IConstruct service, boolean express) {
        @SuppressWarnings("unchecked")
        Map<String, Object> alarm(final String id) {
            final Map<String, Object> resource = (Map<String, Object>) resources.get(MonitoringFixture.alarmId(monitoring, id));
            assertEquals("AWS::CloudWatch::Alarm", resource.get("Type"), id);
            return (Map<String, Object>) resource.get("Properties");
        }

        String serviceLogicalId() {
            return Templates.logicalId(stack, service);
        }

        Object topicRef() {
            return Map.of("Ref", Templates.logicalId(stack, monitoring.getNode().findChild("Topic")));
        }
    }

    @BeforeAll
    void synthesize() {
        final MonitoringFixture agnostic = new MonitoringFixture(null, b -> b);
        final MonitoringFixture specific = new MonitoringFixture(MonitoringFixture.env(), b -> b);
        for (final MonitoringFixture f : List.of(agnostic, specific)) {
            final String suffix = f == agnostic ? "" : "-env";
            final Map<String, Object> data = Templates.synthesized(f.data).toJSON();
            cases.put("apprunner" + suffix, toCase(f.appRunnerMonitoring, f.appRunner.getDjangoService().getService()
                    .getNode().getDefaultChild(), data, false));
            cases.put("express" + suffix, toCase(f.expressMonitoring, f.express.getDjangoService().getService(),
                    data, true));
        }
    }

    @SuppressWarnings("unchecked")
    private static Case toCase(final DjangoMonitoring monitoring, final IConstruct service,
                               final Map<String, Object> data, final boolean express) {
        final Stack stack = Stack.of(monitoring);
        final Template template = Templates.synthesized(stack);
        return new Case(monitoring, stack, (Map<String, Object>) template.toJSON().get("Resources"), template,
                (Map<String, Object>) data.get("Resources"), service, express);
    }

    private static String json(final Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertCommon(final Case c, final Map<String, Object> alarm, final Number threshold,
                                     final String comparison, final int periods, final String missing) {
        assertEquals(threshold.doubleValue(), ((Number) alarm.get("Threshold")).doubleValue(), json(alarm));
        assertEquals(comparison, alarm.get("ComparisonOperator"));
        assertEquals(periods, alarm.get("EvaluationPeriods"));
        assertEquals(periods, alarm.get("DatapointsToAlarm"));
        assertEquals(missing, alarm.get("TreatMissingData"));
        assertEquals(List.of(c.topicRef()), alarm.get("AlarmActions"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    void serverErrorRateIsFiveXxInPercentOfRequests(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> alarm = c.alarm("ServerErrorRate");
        assertEquals(c.express
                ? List.of("AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum [LoadBalancer]",
                        "AWS/ApplicationELB RequestCount Sum [LoadBalancer]")
                : List.of("AWS/AppRunner 5xxStatusResponses Sum [ServiceID, ServiceName]",
                        "AWS/AppRunner Requests Sum [ServiceID, ServiceName]"), MonitoringFixture.metrics(alarm));
        assertTrue(json(alarm.get("Metrics")).contains("\"Expression\":\"100 * FILL(errors, 0) / requests\""));
        // the dimensions are this service's, read from its attributes
        assertTrue(json(alarm.get("Metrics")).contains(c.serviceLogicalId()), json(alarm.get("Metrics")));
        assertCommon(c, alarm, 5, "GreaterThanThreshold", 1, "notBreaching");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    void latencyP99InTheServicesUnit(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> alarm = c.alarm("LatencyP99");
        assertEquals(List.of(c.express ? "AWS/ApplicationELB TargetResponseTime p99 [LoadBalancer]"
                : "AWS/AppRunner RequestLatency p99 [ServiceID, ServiceName]"), MonitoringFixture.metrics(alarm));
        assertEquals(300, alarm.get("Period"));
        // App Runner reports milliseconds, the load balancer seconds
        assertCommon(c, alarm, c.express ? 2 : 2000, "GreaterThanThreshold", 3, "notBreaching");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    void noHealthyCapacity(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> alarm = c.alarm("NoHealthyCapacity");
        if (c.express) {
            assertEquals(List.of("AWS/ECS CPUUtilization SampleCount [ClusterName, ServiceName]"),
                    MonitoringFixture.metrics(alarm));
            assertEquals(60, alarm.get("Period"));
            // no running task publishes nothing: missing data is the failure itself
            assertCommon(c, alarm, 1, "LessThanThreshold", 5, "breaching");
        } else {
            assertEquals(List.of("AWS/AppRunner ActiveInstances Maximum [ServiceID, ServiceName]",
                    "AWS/AppRunner Requests Sum [ServiceID, ServiceName]"), MonitoringFixture.metrics(alarm));
            assertTrue(json(alarm.get("Metrics")).contains("IF(requests > 0 AND FILL(active, 0) < 1, 1, 0)"));
            assertCommon(c, alarm, 1, "GreaterThanOrEqualToThreshold", 1, "notBreaching");
        }
        assertTrue(json(alarm).contains(c.serviceLogicalId()), json(alarm));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    void auroraCapacityAndConnections(final String name) {
        final Case c = cases.get(name);
        final Map<String, Object> acu = c.alarm("AcuNearMax");
        assertEquals(List.of("AWS/RDS ACUUtilization Maximum [DBClusterIdentifier]"), MonitoringFixture.metrics(acu));
        assertCommon(c, acu, 90, "GreaterThanOrEqualToThreshold", 3, "notBreaching");
        final Map<String, Object> connections = c.alarm("ConnectionsNearLimit");
        assertEquals(List.of("AWS/RDS DatabaseConnections Maximum [DBClusterIdentifier]"),
                MonitoringFixture.metrics(connections));
        // DataStack's default range, 0.5 to 2 ACU: 189 per ACU of the maximum = 378; 80 % of it
        assertCommon(c, connections, 302, "GreaterThanOrEqualToThreshold", 1, "notBreaching");
        // the cluster of the Data stack, read through an SSM parameter: no export locks the identifier
        assertTrue(json(connections.get("Dimensions")).contains("Ref"), json(connections));
        assertFalse(json(connections.get("Dimensions")).contains("Fn::ImportValue"), json(connections));
        assertFalse(json(acu.get("Dimensions")).contains("Fn::ImportValue"), json(acu));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void rotationFailureIsTheRotationFunctionsErrors(final String name) {
        final Case c = cases.get(name);
        final List<String> deployed = c.dataResources.values().stream().map(r -> (Map<String, Object>) r)
                .filter(r -> "AWS::Serverless::Application".equals(r.get("Type")))
                .map(r -> ((Map<String, Object>) ((Map<String, Object>) r.get("Properties")).get("Parameters"))
                        .get("functionName").toString())
                .toList();
        assertEquals(1, deployed.size(), "single-user rotation: one rotation application");
        final Map<String, Object> alarm = c.alarm("RotationFailed");
        assertEquals(List.of("AWS/Lambda Errors Sum [FunctionName]"), MonitoringFixture.metrics(alarm));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", deployed.get(0))), alarm.get("Dimensions"));
        assertCommon(c, alarm, 1, "GreaterThanOrEqualToThreshold", 1, "notBreaching");
    }

    /** The redeploy alarm (failed, rolled back or timed out) is the service's own, given the topic as action. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    @SuppressWarnings("unchecked")
    void redeployAlarmNotifiesTheTopic(final String name) {
        final Case c = cases.get(name);
        final String id = Templates.logicalId(c.stack, c.monitoring.getAlarms().stream()
                .filter(a -> a.getNode().getId().equals("RedeployFailed")).findFirst().orElseThrow()
                .getNode().getDefaultChild());
        final Map<String, Object> alarm = (Map<String, Object>) ((Map<String, Object>) c.resources.get(id)).get("Properties");
        assertEquals(List.of(c.topicRef()), alarm.get("AlarmActions"));
        assertTrue(json(alarm.get("Metrics")).contains("ExecutionsFailed"));
        assertEquals(1, c.template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("AlarmDescription", alarm.get("AlarmDescription")))).size(), "not duplicated");
        assertEquals(7, c.monitoring.getAlarms().size());
        c.template.resourceCountIs("AWS::CloudWatch::Alarm", 7);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "apprunner-env", "express", "express-env"})
    void dashboardShowsTheAlarmsMetrics(final String name) {
        final Case c = cases.get(name);
        c.template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        final String body = json(c.template.findResources("AWS::CloudWatch::Dashboard"));
        final List<String> names = c.express
                ? List.of("HTTPCode_Target_5XX_Count", "RequestCount", "TargetResponseTime", "CPUUtilization")
                : List.of("5xxStatusResponses", "Requests", "RequestLatency", "ActiveInstances");
        for (final String metric : List.of(names, List.of("ACUUtilization", "DatabaseConnections", "Errors",
                "ExecutionsFailed")).stream().flatMap(List::stream).toList()) {
            assertTrue(body.contains("\\\"" + metric + "\\\""), metric + " not on the dashboard: " + body);
        }
    }

    /** The created topic is encrypted with a key CloudWatch may use, and refuses plain HTTP. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apprunner", "express-env"})
    void createdTopicIsEncryptedForCloudWatch(final String name) {
        final Case c = cases.get(name);
        final String keyId = Templates.logicalId(c.stack, c.monitoring.getNode().findChild("TopicKey"));
        c.template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId",
                Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
        final String key = json(c.resources.get(keyId));
        assertTrue(key.contains("cloudwatch.amazonaws.com") && key.contains("kms:GenerateDataKey*"), key);
        // this account's alarms only: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-confused-deputy.html
        assertTrue(key.contains("\"aws:SourceAccount\":"), key);
        assertTrue(json(c.template.findResources("AWS::SNS::TopicPolicy")).contains("aws:SecureTransport"));
        c.template.resourceCountIs("AWS::SNS::Subscription", 0);
    }
}
