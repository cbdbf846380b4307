package io.github.apprunnerdjango.service;

import io.github.apprunnerdjango.data.DjangoAuroraDatabase;
import io.github.apprunnerdjango.data.DjangoDatabase;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.data.RotationStrategy;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What the service is wired to: its VPC, its database and its hosted zone, each given as a typed
 * object or as attributes imported inside the ServiceStack (no stack of the user's own, no
 * {@code new Stack(new App())} trick), and the app's own variables and secrets.
 */
final class ServiceWiring {
    final IVpc vpc;
    final IDjangoDatabase database;
    final @Nullable IHostedZone hostedZone;

    private ServiceWiring(final IVpc vpc, final IDjangoDatabase database, final @Nullable IHostedZone hostedZone) {
        this.vpc = vpc;
        this.database = database;
        this.hostedZone = hostedZone;
    }

    /** Checks the wiring props; failures go to {@code v}. */
    @SuppressWarnings("deprecation")
    static void validate(final ServiceValidation.Checks v, final ServiceStackProps p) {
        Wiring.checkVpc(v, p.getVpc(), p.getVpcAttributes());
        final boolean legacy = p.getDatabaseSecret() != null || p.getSuperuserSecret() != null
                || p.getSecretKeySecret() != null || p.getDatabaseClientSecurityGroup() != null;
        final int sources = (p.getDatabase() != null ? 1 : 0) + (p.getDatabaseAttributes() != null ? 1 : 0)
                + (legacy ? 1 : 0);
        v.check(sources <= 1, "database", sources + " database sources",
                "give exactly one of database, databaseAttributes, or the deprecated databaseSecret,"
                        + " superuserSecret, secretKeySecret and databaseClientSecurityGroup");
        v.check(sources >= 1, "database", null, "required: database(dataStack), or databaseAttributes for an"
                + " existing database");
        Wiring.checkDatabaseAttributes(v, p.getDatabaseAttributes());
        if (legacy && sources == 1) {
            v.required("databaseSecret", p.getDatabaseSecret());
            v.required("superuserSecret", p.getSuperuserSecret());
            v.required("secretKeySecret", p.getSecretKeySecret());
            v.required("databaseClientSecurityGroup", p.getDatabaseClientSecurityGroup());
            final DjangoAuroraDatabase data = databaseOf(p.getDatabaseSecret());
            if (data != null && data.getRotationStrategy() == RotationStrategy.ALTERNATING_USERS) {
                final String name = Stack.of(data).getStackName();
                v.check(false, "databaseSecret", "the master secret of " + name,
                        "with ALTERNATING_USERS the service must log in as the application user:"
                                + " pass database(" + name + ") instead (or getServiceDatabaseSecret())");
            }
        }
        Wiring.checkZone(v, p.getHostedZone(), p.getHostedZoneAttributes(), p.getDomainName());
        // the app's own variable and secret names: valid, not reserved by App Runner, not the library's
        Wiring.checkNames(v, p.getEnvironment(), p.getSecrets(), ServiceEnvironment::isReserved,
                "App Runner reserves PORT and names starting with AWSAPPRUNNER"
                        + " (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable-manage.html)");
        Wiring.checkStatements(v, "instanceRolePolicyStatements", p.getInstanceRolePolicyStatements());
    }

    /** Imports what is given by attributes, inside the service's stack. */
    static ServiceWiring resolve(final Construct stack, final ServiceStackProps p) {
        // the connector and the endpoints take subnet ids only: no route table is ever read
        final IVpc vpc = p.getVpc() != null ? p.getVpc() : Wiring.importVpc(stack, p.getVpcAttributes(),
                "the VPC connector and the interface endpoints use subnet ids, never route tables");
        final IDjangoDatabase imported = Wiring.database(stack, p.getDatabase(), p.getDatabaseAttributes());
        final IDjangoDatabase database = imported != null ? imported : legacy(stack, p);
        return new ServiceWiring(vpc, database, Wiring.hostedZone(stack, p.getHostedZone(), p.getHostedZoneAttributes()));
    }

    /** The deprecated four props, as a database (CloudFormation exports, as in 0.1.0). */
    @SuppressWarnings("deprecation")
    private static IDjangoDatabase legacy(final Construct scope, final ServiceStackProps p) {
        final DjangoAuroraDatabase data = databaseOf(p.getDatabaseSecret());
        final RotationStrategy strategy = data != null ? data.getRotationStrategy() : RotationStrategy.SINGLE_USER;
        return DjangoDatabase.fromSecrets(scope, "LegacyDatabase", p.getDatabaseSecret(), p.getSuperuserSecret(),
                p.getSecretKeySecret(), p.getDatabaseClientSecurityGroup(), strategy);
    }

    /** @return the database that made this secret as its master secret, or null */
    private static @Nullable DjangoAuroraDatabase databaseOf(final @Nullable ISecret secret) {
        if (secret == null) {
            return null;
        }
        final IConstruct parent = secret.getNode().getScope();
        return parent instanceof DjangoAuroraDatabase database && database.getDatabaseSecret() == secret ? database : null;
    }
}
