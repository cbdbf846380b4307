package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.secretsmanager.Secret;

/**
 * Secrets Manager's events name a secret by its complete ARN (name, hyphen, 6 characters); a secret
 * imported by name has the ARN without the suffix and never matched the redeploy rule. It is matched
 * by prefix now.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-prefix-matching
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
 */
class SecretImportedByNameTest {

    @Test
    void aSecretImportedByNameRedeploysTheServiceByPrefix() {
        final ServiceFixture f = new ServiceFixture();
        final ServiceStack stack = f.service("Service", b -> b.database(f.data).databaseSecret(null)
                .superuserSecret(null).secretKeySecret(null).databaseClientSecurityGroup(null)
                .secrets(Map.of("STRIPE_KEY", ServiceSecret.fromSecretsManager(
                        Secret.fromSecretNameV2(f.network, "Stripe", "prod/stripe"), "key"))));
        final String rules = Template.fromStack(stack).findResources("AWS::Events::Rule").toString();
        assertTrue(rules.contains("prefix") && rules.contains(":secret:prod/stripe-"), rules);
    }
}
