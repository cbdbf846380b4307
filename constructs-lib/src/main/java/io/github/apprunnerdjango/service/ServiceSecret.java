package io.github.apprunnerdjango.service;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.apprunner.alpha.Secret;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.ssm.IParameter;

/**
 * A secret of the app's own, injected as an environment variable: a Secrets Manager secret (its whole
 * value or one JSON key) or an SSM parameter. App Runner reads it with the instance role when it
 * deploys (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable.html); the role may read
 * exactly the secrets given here.
 */
public final class ServiceSecret {
    private final Secret secret;
    private final @Nullable ISecret secretsManagerSecret;
    private final String description;

    private ServiceSecret(final Secret secret, final @Nullable ISecret secretsManagerSecret, final String description) {
        this.secret = secret;
        this.secretsManagerSecret = secretsManagerSecret;
        this.description = description;
    }

    /**
     * @param secret a Secrets Manager secret
     * @return its whole value (the JSON text for a JSON secret)
     */
    public static ServiceSecret fromSecretsManager(final ISecret secret) {
        return new ServiceSecret(Secret.fromSecretsManager(secret), secret, "a Secrets Manager secret");
    }

    /**
     * @param secret a Secrets Manager secret holding a JSON object
     * @param jsonKey the key whose value is injected
     * @return that key's value
     */
    public static ServiceSecret fromSecretsManager(final ISecret secret, final String jsonKey) {
        return new ServiceSecret(Secret.fromSecretsManager(secret, jsonKey), secret,
                "key " + jsonKey + " of a Secrets Manager secret");
    }

    /**
     * @param parameter an SSM parameter (String or SecureString)
     * @return its value
     */
    public static ServiceSecret fromSsmParameter(final IParameter parameter) {
        return new ServiceSecret(Secret.fromSsmParameter(parameter), null, "an SSM parameter");
    }

    /** @return App Runner's form of it */
    Secret toAppRunner() {
        return secret;
    }

    /** @return the Secrets Manager secret behind it, or null for an SSM parameter */
    @Nullable ISecret secretsManagerSecret() {
        return secretsManagerSecret;
    }

    @Override
    public String toString() {
        return description;
    }
}
