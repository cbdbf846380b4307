package io.github.apprunnerdjango.data;

import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.internal.HandlerCode;
import io.github.apprunnerdjango.internal.ProviderNag;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.secretsmanager.CfnRotationSchedule;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * Creates the application's database user, which alternating-users rotation needs to exist before
 * its first run, through the RDS Data API as the master user (no function in the VPC, no password in
 * the template, nor in any statement: the handler sends a SCRAM-SHA-256 verifier, since PostgreSQL
 * logs failing statements to the exported log). It never resets the password afterwards: the
 * rotation owns it. Deleting the resource (a rollback, a replacement, the stack) leaves the user and
 * its rotation clone unable to log in; their tables and data stay.
 *
 * <p>It runs after the master secret's rotation schedule exists, so the master secret's first
 * rotation (which starts when the schedule is created) is already under way: between its setSecret
 * and finishSecret steps the master password in the secret is briefly not the database's, and the
 * handler retries authentication errors (for up to about 8 minutes) until it is.
 */
final class ApplicationUser extends Construct {
    /** The handler's timeout: its retries (about 8 minutes) and the calls themselves. */
    static final Duration HANDLER_TIMEOUT = Duration.minutes(10);

    ApplicationUser(final Construct scope, final String id, final DatabaseCluster cluster, final ISecret masterSecret,
                    final CfnRotationSchedule masterRotationSchedule, final ISecret applicationSecret,
                    final String databaseName) {
        super(scope, id);
        // The Provider below has no isComplete handler, so no waiter and no totalTimeout (aws-cdk-lib
        // allows it only with isComplete): its framework function calls this handler synchronously
        // and allows 15 minutes (aws-cdk-lib's fixed FRAMEWORK_HANDLER_TIMEOUT), more than these 10.
        final Function onEvent = Function.Builder.create(this, "Handler")
                .runtime(Runtime.NODEJS_24_X)
                .handler("index.handler")
                .code(HandlerCode.of(this, "app-user-on-event"))
                .timeout(HANDLER_TIMEOUT)
                .logGroup(LogGroup.Builder.create(this, "HandlerLogs").retention(RetentionDays.ONE_MONTH).build())
                .build();
        cluster.grantDataApiAccess(onEvent);
        applicationSecret.grantRead(onEvent);
        ProviderNag.basicExecutionRole(onEvent, "Application user handler");
        final Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(onEvent).build();
        ProviderNag.framework(provider, "application user creation");
        final CustomResource user = CustomResource.Builder.create(this, "Resource")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::DatabaseApplicationUser")
                .properties(new TreeMap<>(Map.of( // sorted: Map.of's order changes from JVM to JVM
                        "ClusterArn", cluster.getClusterArn(),
                        "MasterSecretArn", masterSecret.getSecretArn(),
                        "AppSecretArn", applicationSecret.getSecretArn(),
                        "DatabaseName", databaseName)))
                .build();
        // the cluster and its writer must exist before the Data API can reach them; not the whole
        // cluster subtree, which holds the rotation that in turn waits for this user
        user.getNode().addDependency(cluster.getNode().getDefaultChild());
        user.getNode().addDependency(cluster.getNode().findChild("Writer"));
        // the master secret's first rotation starts before the user is created (see the class comment)
        user.getNode().addDependency(masterRotationSchedule);
    }
}
