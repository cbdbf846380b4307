package io.github.apprunnerdjango.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The alternating-users rotation option: an application user, its secret, rotation and creation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlternatingUsersTest {
    private DataStack single;
    private DataStack alternating;
    private Template template;

    @BeforeAll
    void synth() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Net", null);
        single = new DataStack(app, "Single", DataStackProps.builder().vpc(network.getVpc()).build());
        alternating = new DataStack(app, "Alternating", DataStackProps.builder()
                .vpc(network.getVpc())
                .rotationStrategy(RotationStrategy.ALTERNATING_USERS)
                .applicationUsername("webapp")
                .build());
        template = Templates.synthesized(alternating);
    }

    @Test
    void singleUserServesTheMasterSecret() {
        assertEquals(RotationStrategy.SINGLE_USER, single.getRotationStrategy());
        assertNull(single.getApplicationSecret());
        assertSame(single.getDatabaseSecret(), single.getServiceDatabaseSecret());
    }

    @Test
    void alternatingServesTheApplicationSecret() {
        assertEquals(RotationStrategy.ALTERNATING_USERS, alternating.getRotationStrategy());
        assertSame(alternating.getApplicationSecret(), alternating.getServiceDatabaseSecret());
    }

    @Test
    void applicationSecretHasItsUserTheDatabaseAndTheMasterSecret() {
        // the template embeds the master secret's ARN (a token), so it is a Fn::Join, not plain JSON
        final List<String> secrets = template.findResources("AWS::SecretsManager::Secret").values().stream()
                .map(String::valueOf).filter(s -> s.contains("webapp")).toList();
        assertEquals(1, secrets.size(), secrets.toString());
        final String secret = secrets.get(0);
        assertTrue(secret.contains("\\\"username\\\":\\\"webapp\\\"") || secret.contains("\"username\":\"webapp\""), secret);
        assertTrue(secret.contains("dbname") && secret.contains("django"), secret);
        assertTrue(secret.contains("masterarn") && secret.contains(
                "Ref=" + Templates.logicalId(alternating, alternating.getDatabaseSecret())), secret);
    }

    @Test
    void twoRotationsOneSingleUserForTheMasterOneMultiUserForTheApplication() {
        template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 2);
        final List<String> apps = template.findResources("AWS::Serverless::Application").values().stream()
                .map(String::valueOf).toList();
        assertEquals(2, apps.size());
        final String multi = apps.stream().filter(a -> a.contains("masterSecretArn")).findFirst().orElseThrow();
        assertTrue(multi.contains("ApplicationUserRotation"), multi);
        // the first rotation clones the application user, which the custom resource creates first
        assertTrue(multi.contains("DependsOn=") && multi.contains("ApplicationUser"), multi);
    }

    @Test
    void applicationUserIsCreatedThroughTheDataApiBeforeTheFirstRotation() {
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of("EnableHttpEndpoint", true));
        template.hasResourceProperties("Custom::DatabaseApplicationUser", Map.of("DatabaseName", "django"));
        final List<Object> runtimes = Templates.functionsRunning(alternating, template, "app-user-on-event").stream()
                .map(p -> p.get("Runtime")).toList();
        assertEquals(List.of("nodejs24.x"), runtimes);
    }

    /**
     * The first rotation of the master secret starts when its rotation schedule is created ("By
     * default, Secrets Manager rotates the secret immediately",
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html), and between
     * its setSecret and finishSecret steps the master password the Data API reads is not yet the
     * database's (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html).
     * The user is created after the schedule, so that window falls within the handler's retries.
     */
    @Test
    void applicationUserIsCreatedAfterTheMasterSecretsRotationSchedule() {
        final String masterSchedule = Templates.logicalIds(template, "AWS::SecretsManager::RotationSchedule").stream()
                .filter(id -> id.startsWith("DatabaseSecret")).findFirst().orElseThrow();
        final Map<String, Map<String, Object>> users = template.findResources("Custom::DatabaseApplicationUser");
        assertEquals(1, users.size());
        final Object dependsOn = users.values().iterator().next().get("DependsOn");
        assertTrue(dependsOn instanceof List<?> list && list.contains(masterSchedule),
                "expected " + masterSchedule + " in DependsOn: " + dependsOn);
    }

    /**
     * The handler retries authentication errors for up to about 8 minutes while the master secret's
     * first rotation finishes, so it gets 10 minutes; the Provider framework function that calls it
     * synchronously allows 15 (aws-cdk-lib's fixed FRAMEWORK_HANDLER_TIMEOUT), and with no isComplete
     * handler there is no waiter and no totalTimeout.
     * Lambda's timeout limit (900 s): https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
     */
    @Test
    void handlerHasTenMinutesWithinTheFrameworksFifteen() {
        final Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function");
        final Map<String, Object> handler = functions.entrySet().stream()
                .filter(e -> e.getKey().startsWith("ApplicationUserHandler")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        final Map<String, Object> framework = functions.entrySet().stream()
                .filter(e -> e.getKey().startsWith("ApplicationUserProviderframeworkonEvent")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        assertEquals(600, ((Map<?, ?>) handler.get("Properties")).get("Timeout"));
        assertEquals(900, ((Map<?, ?>) framework.get("Properties")).get("Timeout"));
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
    }

    @Test
    void singleUserHasNoDataApiAndNoApplicationUser() {
        final Template t = Templates.synthesized(single);
        t.resourceCountIs("Custom::DatabaseApplicationUser", 0);
        t.resourceCountIs("AWS::SecretsManager::RotationSchedule", 1);
        t.hasResourceProperties("AWS::RDS::DBCluster", Match.not(Match.objectLike(Map.of("EnableHttpEndpoint", true))));
    }
}
