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

/** After a successful rotation of the database secret, the service redeploys, with least privilege. */
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

    @Test
    void ruleMatchesTheRotationSucceededEventOfTheDatabaseSecretOnly() {
        final Capture secret = new Capture();
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.secretsmanager"),
                "detail-type", List.of("AWS Service Event via CloudTrail"),
                "detail", Map.of(
                        "eventSource", List.of("secretsmanager.amazonaws.com"),
                        "eventName", List.of("RotationSucceeded"),
                        "additionalEventData", Map.of("SecretId", List.of(secret))))));
        // the export of the database secret's ARN (Ref), whose name carries a hash suffix
        final String imported = String.valueOf(secret.asObject().get("Fn::ImportValue"));
        assertTrue(imported.startsWith("Data:ExportsOutputRef"
                + Templates.logicalId(fixture.data, fixture.data.getDatabaseSecret())), imported);
    }

    @Test
    void stateMachineCallsStartDeploymentOnThisServiceOnly() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of(
                        "Action", "apprunner:StartDeployment",
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(
                                Templates.logicalId(on, on.getService()), "ServiceArn"))))))));
        final Capture definition = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "DefinitionString", definition,
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL"))));
        final String json = String.valueOf(definition.asObject());
        assertTrue(json.contains(":states:::aws-sdk:apprunner:startDeployment\",\"Parameters\":{\"ServiceArn\":\", "
                + "{Fn::GetAtt=[" + Templates.logicalId(on, on.getService()) + ", ServiceArn]}"), json);
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
        assertNull(off.getRotationRedeployRule());
        assertNotNull(on.getRotationRedeployRule());
    }
}
