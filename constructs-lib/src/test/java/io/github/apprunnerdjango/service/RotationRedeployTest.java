package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** When a secret the service reads changes, the service redeploys, with retries, an alarm and least privilege. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotationRedeployTest {
    private ServiceFixture fixture;
    private ServiceStack on;
    private Template template;
    private Template offTemplate;
    private ServiceStack off;

    @BeforeAll
    void synth() {
        fixture = new ServiceFixture();
        on = fixture.service("On", b -> b);
        off = fixture.service("Off", b -> b.redeployOnRotation(false));
        template = Templates.synthesized(on);
        offTemplate = Templates.synthesized(off);
    }

    /**
     * Secrets Manager's native event, no CloudTrail needed, for AWSCURRENT of the three secrets the
     * service reads: after a rotation and after a manual change alike.
     * https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html
     */
    @Test
    void ruleMatchesTheCurrentLabelOfTheServicesSecretsOnly() {
        final Capture resources = new Capture();
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.secretsmanager"),
                "detail-type", List.of("Secret Label Updated"),
                "resources", resources,
                "detail", Map.of("labelUpdated", List.of("AWSCURRENT")))));
        final List<Object> arns = resources.asArray();
        assertEquals(3, arns.size(), String.valueOf(arns));
        final List<String> secrets = List.of(fixture.data.getDatabaseSecret(), fixture.data.getSuperuserSecret(),
                fixture.data.getSecretKeySecret()).stream().map(x -> Templates.logicalId(fixture.data, x)).toList();
        for (int i = 0; i < 3; i++) {
            // the export of each secret's ARN (Ref), whose name carries a hash suffix
            final String imported = String.valueOf(((Map<?, ?>) arns.get(i)).get("Fn::ImportValue"));
            assertTrue(imported.startsWith("Data:ExportsOutputRef" + secrets.get(i)), imported);
        }
    }

    /**
     * StartDeployment fails with InvalidStateException while another operation runs
     * (https://docs.aws.amazon.com/apprunner/latest/api/API_StartDeployment.html): it is retried with
     * backoff, within a state machine timeout longer than the whole retry schedule.
     */
    @Test
    void startDeploymentIsRetriedWhileAnotherOperationRuns() {
        final Capture definition = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("DefinitionString", definition));
        final String json = String.valueOf(definition.asObject());
        assertTrue(json.contains("\"Retry\":[{\"ErrorEquals\":[\"AppRunner.InvalidStateException\","
                + "\"AppRunner.InternalServiceErrorException\"]"), json);
        assertTrue(json.contains("\"MaxAttempts\":7"), json);
        assertTrue(json.contains("\"TimeoutSeconds\":2700"), json);
    }

    /** A lost redeploy is seen: an alarm on failed or timed-out executions. */
    @Test
    void alarmOnFailedOrTimedOutRedeploys() {
        final String machine = ServiceFixture.onlyLogicalId(template, "AWS::StepFunctions::StateMachine");
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "TreatMissingData", "notBreaching",
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression", "failed + timedOut")),
                        Match.objectLike(Map.of("Id", "failed", "MetricStat", Match.objectLike(Map.of(
                                "Metric", Match.objectLike(Map.of("MetricName", "ExecutionsFailed",
                                        "Dimensions", List.of(Map.of("Name", "StateMachineArn",
                                                "Value", Map.of("Ref", machine)))))))))))));
        assertNotNull(on.getRotationRedeployAlarm());
        assertNull(off.getRotationRedeployAlarm());
    }

    /**
     * Step Functions log groups belong under /aws/vendedlogs/ (CloudWatch Logs resource policy size
     * limit, https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
     */
    @Test
    void logGroupIsUnderVendedLogs() {
        final Capture name = new Capture();
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", name));
        assertTrue(name.asString().startsWith("/aws/vendedlogs/states/"), name.asString());
    }

    @Test
    void stateMachineCallsStartDeploymentOnThisServiceOnly() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of(
                        "Action", List.of("apprunner:ListOperations", "apprunner:StartDeployment"),
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(
                                Templates.logicalId(on, on.getService()), "ServiceArn"))))))));
        final Capture definition = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "DefinitionString", definition,
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL"))));
        final String json = String.valueOf(definition.asObject());
        assertTrue(json.contains("\"StartDeployment\":{") && json.contains(":states:::aws-sdk:apprunner:startDeployment"), json);
        assertTrue(json.contains("\"Arguments\":{\"ServiceArn\":\", "
                + "{Fn::GetAtt=[" + Templates.logicalId(on, on.getService()) + ", ServiceArn]}"), json);
    }

    /**
     * StartDeployment only starts an operation; App Runner rolls a failed deployment back and keeps the
     * old version (and the old password) running. The state machine reads the operation's status with
     * ListOperations until it ends, and fails unless it SUCCEEDED, which raises the alarm.
     * https://docs.aws.amazon.com/apprunner/latest/api/API_ListOperations.html
     * https://docs.aws.amazon.com/apprunner/latest/api/API_OperationSummary.html
     */
    @Test
    void stateMachinePollsTheDeploymentToItsEndAndFailsUnlessItSucceeded() {
        final Capture definition = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("DefinitionString", definition));
        final String json = String.valueOf(definition.asObject());
        assertTrue(json.contains("\"QueryLanguage\":\"JSONata\""), json);
        assertTrue(json.contains("\"deploymentId\":\"{% $states.result.OperationId %}\""), json);
        assertTrue(json.contains(":states:::aws-sdk:apprunner:listOperations"), json);
        assertTrue(json.contains("OperationSummaryList[Id = $deploymentId].Status"), json);
        assertTrue(json.contains("$deploymentStatus = 'SUCCEEDED'") && json.contains("\"Type\":\"Succeed\""), json);
        assertTrue(json.contains("$deploymentStatus in ['PENDING', 'IN_PROGRESS']"), json);
        assertTrue(json.contains("\"Type\":\"Fail\"") && json.contains("DeploymentFailed"), json);
        assertTrue(json.contains("\"Seconds\":30"), json);
    }

    @Test
    void eventBridgeMayStartOnlyThatStateMachine() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(Map.of(
                "Action", "states:StartExecution",
                "Effect", "Allow",
                "Resource", Map.of("Ref", ServiceFixture.onlyLogicalId(template, "AWS::StepFunctions::StateMachine")))))));
    }

    @Test
    void canBeTurnedOff() {
        offTemplate.resourceCountIs("AWS::Events::Rule", 0);
        offTemplate.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
        offTemplate.resourceCountIs("AWS::CloudWatch::Alarm", 0);
        assertNull(off.getRotationRedeployRule());
        assertNotNull(on.getRotationRedeployRule());
    }
}
