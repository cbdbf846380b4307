package io.github.apprunnerdjango.service;

import io.github.apprunnerdjango.data.IDjangoDatabase;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.IConstruct;

/**
 * A Django service of this library, whatever runs it ({@code AppRunnerDjangoService} on App Runner,
 * {@code ExpressDjangoService} on ECS Express Mode): a construct whose app runs with one IAM role
 * ({@link #getGrantPrincipal()}: grant it what the app calls) and whose network traffic leaves from
 * security groups ({@link #getConnections()}: let it into other resources), with the environment
 * contract of {@link ServiceEnvironment} and the app's own variables and secrets, which may be added
 * after the service is built.
 */
public interface IDjangoService extends IConstruct, IGrantable, IConnectable {
    /** @return the database the service is wired to, as seen from the service's stack */
    IDjangoDatabase getDatabase();

    /**
     * Adds a plain environment variable of the app. The name is checked as the {@code environment}
     * prop's names are (valid, not reserved by the compute service, not the library's, set once).
     *
     * @param name the variable's name
     * @param value its value
     */
    void addEnvironment(String name, String value);

    /**
     * Adds a secret environment variable of the app: the service's role may read it, and a new
     * version of a Secrets Manager secret redeploys the service (unless {@code redeployOnRotation} is off).
     *
     * @param name the variable's name
     * @param secret where its value is read
     */
    void addSecret(String name, ServiceSecret secret);

    /**
     * Adds a statement to the role the app runs with (App Runner's instance role, the ECS task role).
     *
     * @param statement the statement; it must name its resources
     */
    void addToRolePolicy(PolicyStatement statement);

    /**
     * @return the service's container as another task sees it: image, variables and secrets (those
     *     added later included, through {@link ServiceContainer#subscribe}), subnets, security groups;
     *     a management command ({@code DjangoCommands}) runs with exactly these
     */
    ServiceContainer getContainer();

    /**
     * @return the S3 bucket of the app's uploads ({@code mediaBucket}), whose objects the service's role
     *     may read and write: a task built beside the service (a scheduled command) grants itself the
     *     same ({@code MediaAccess}) and gets the same variables; null when the service has none
     */
    default @Nullable IBucket getMediaBucket() {
        return null;
    }

    /**
     * @return the custom domain when the service's record of it is weighted ({@code domainRecordWeight}),
     *     in lower case without a trailing dot; null otherwise. Services of one app that weigh one
     *     domain are ordered by {@link WeightedDomains}.
     */
    default @Nullable String getWeightedDomainName() {
        return null;
    }
}
