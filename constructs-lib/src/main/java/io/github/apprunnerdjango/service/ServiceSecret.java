package io.github.apprunnerdjango.service;

import java.util.Objects;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.apprunner.alpha.Secret;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.ssm.IParameter;

/**
 * A secret injected as an environment variable: a Secrets Manager secret (its whole value or one
 * JSON key) or an SSM parameter. App Runner reads it with the instance role when it deploys
 * (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable.html); ECS (Express Mode) reads it
 * with the task execution role when a task starts
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 * Either role may read exactly the secrets given here.
 */
public final class ServiceSecret {
    private final Secret secret;
    private final @Nullable ISecret secretsManagerSecret;
    private final @Nullable String jsonKey;
    private final @Nullable IParameter parameter;
    private final String description;

    private ServiceSecret(final Secret secret, final @Nullable ISecret secretsManagerSecret,
                          final @Nullable String jsonKey, final @Nullable IParameter parameter,
                          final String description) {
        this.secret = secret;
        this.secretsManagerSecret = secretsManagerSecret;
        this.jsonKey = jsonKey;
        this.parameter = parameter;
        this.description = description;
    }

    /**
     * @param secret a Secrets Manager secret
     * @return its whole value (the JSON text for a JSON secret)
     */
    public static ServiceSecret fromSecretsManager(final ISecret secret) {
        return new ServiceSecret(Secret.fromSecretsManager(secret), secret, null, null, "a Secrets Manager secret");
    }

    /**
     * @param secret a Secrets Manager secret holding a JSON object
     * @param jsonKey the key whose value is injected
     * @return that key's value
     */
    public static ServiceSecret fromSecretsManager(final ISecret secret, final String jsonKey) {
        // "" would inject the whole JSON on App Runner and render an ARN ending in ":::" that ECS
        // cannot resolve (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html)
        if (jsonKey == null || jsonKey.isEmpty()) {
            throw new IllegalArgumentException("Invalid ServiceSecret:\n  - jsonKey: got " + (jsonKey == null ? "null"
                    : "\"\"") + "; allowed: the name of a key of the secret's JSON (or fromSecretsManager(secret)"
                    + " for a secret that is one plain string)");
        }
        return new ServiceSecret(Secret.fromSecretsManager(secret, jsonKey), secret, jsonKey, null,
                "key " + jsonKey + " of a Secrets Manager secret");
    }

    /**
     * @param parameter an SSM parameter (String or SecureString)
     * @return its value
     */
    public static ServiceSecret fromSsmParameter(final IParameter parameter) {
        return new ServiceSecret(Secret.fromSsmParameter(parameter), null, null, parameter, "an SSM parameter");
    }

    /** @return App Runner's form of it */
    Secret toAppRunner() {
        return secret;
    }

    /**
     * The reference ECS resolves when a task starts: the secret's complete ARN, followed by
     * {@code :<json key>::} for one key (the version stage and id left to AWSCURRENT), or the
     * parameter's ARN
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
     *
     * @return the {@code valueFrom} of an ECS secret
     */
    public String ecsValueFrom() {
        if (parameter != null) {
            return parameter.getParameterArn();
        }
        final String arn = Objects.requireNonNull(secretsManagerSecret).getSecretArn();
        return jsonKey == null ? arn : arn + ":" + jsonKey + "::";
    }

    /**
     * @return ECS's form of it (aws-cdk-lib's container secret, which grants the task's execution role
     *     read access when a container takes it), rendering the same {@link #ecsValueFrom()}
     */
    public software.amazon.awscdk.services.ecs.Secret toEcs() {
        if (parameter != null) {
            return software.amazon.awscdk.services.ecs.Secret.fromSsmParameter(parameter);
        }
        final ISecret secret = Objects.requireNonNull(secretsManagerSecret);
        return jsonKey == null ? software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret)
                : software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret, jsonKey);
    }

    /**
     * Lets a role read exactly this secret (and decrypt it, with the secret's key if it has one).
     *
     * @param grantee the role that resolves the secret: App Runner's instance role, ECS's execution role
     */
    public void grantRead(final IGrantable grantee) {
        if (parameter != null) {
            parameter.grantRead(grantee);
        } else {
            Objects.requireNonNull(secretsManagerSecret).grantRead(grantee);
        }
    }

    /** @return the Secrets Manager secret behind it, or null for an SSM parameter (a new version of it redeploys the service) */
    public @Nullable ISecret getSecretsManagerSecret() {
        return secretsManagerSecret;
    }

    @Override
    public String toString() {
        return description;
    }
}
