package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DjangoDatabase;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.data.RotationStrategy;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.IConstruct;

/**
 * What the service is wired to: its VPC, its database and its hosted zone, each given as a typed
 * object or as attributes imported inside the ServiceStack (no stack of the user's own, no
 * {@code new Stack(new App())} trick), and the app's own variables and secrets.
 */
final class ServiceWiring {
    /** A POSIX-style variable name. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

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
        v.check(p.getVpc() == null || p.getVpcAttributes() == null, "vpcAttributes", "VPC attributes",
                "not with vpc: give the VPC as an object or by its attributes, not both");
        v.check(p.getVpc() != null || p.getVpcAttributes() != null, "vpc", null,
                "required (or vpcAttributes)");
        final boolean legacy = p.getDatabaseSecret() != null || p.getSuperuserSecret() != null
                || p.getSecretKeySecret() != null || p.getDatabaseClientSecurityGroup() != null;
        final int sources = (p.getDatabase() != null ? 1 : 0) + (p.getDatabaseAttributes() != null ? 1 : 0)
                + (legacy ? 1 : 0);
        v.check(sources <= 1, "database", sources + " database sources",
                "give exactly one of database, databaseAttributes, or the deprecated databaseSecret,"
                        + " superuserSecret, secretKeySecret and databaseClientSecurityGroup");
        v.check(sources >= 1, "database", null, "required: database(dataStack), or databaseAttributes for an"
                + " existing database");
        if (p.getDatabaseAttributes() != null) {
            try {
                DjangoDatabase.validate(p.getDatabaseAttributes());
            } catch (IllegalArgumentException e) {
                v.check(false, "databaseAttributes", "invalid attributes", e.getMessage().replace("\n", " "));
            }
        }
        if (legacy && sources == 1) {
            v.required("databaseSecret", p.getDatabaseSecret());
            v.required("superuserSecret", p.getSuperuserSecret());
            v.required("secretKeySecret", p.getSecretKeySecret());
            v.required("databaseClientSecurityGroup", p.getDatabaseClientSecurityGroup());
            final DataStack data = dataStackOf(p.getDatabaseSecret());
            if (data != null && data.getRotationStrategy() == RotationStrategy.ALTERNATING_USERS
                    && p.getDatabaseSecret() == data.getDatabaseSecret()) {
                v.check(false, "databaseSecret", "the master secret of " + data.getStackName(),
                        "with ALTERNATING_USERS the service must log in as the application user:"
                                + " pass database(" + data.getStackName() + ") instead (or getServiceDatabaseSecret())");
            }
        }
        v.check(p.getHostedZone() == null || p.getHostedZoneAttributes() == null, "hostedZoneAttributes",
                "zone attributes", "not with hostedZone: give the zone as an object or by its id and name, not both");
        if (p.getHostedZoneAttributes() != null) {
            v.check(p.getDomainName() != null, "hostedZoneAttributes", "zone attributes",
                    "only allowed together with domainName");
        }
        checkNames(v, p);
        if (p.getInstanceRolePolicyStatements() != null) {
            v.check(!p.getInstanceRolePolicyStatements().contains(null), "instanceRolePolicyStatements",
                    p.getInstanceRolePolicyStatements(), "allowed: policy statements, no null element");
        }
    }

    /** The app's own variable and secret names: valid, not reserved by App Runner, not the library's. */
    private static void checkNames(final ServiceValidation.Checks v, final ServiceStackProps p) {
        final List<String> seen = new ArrayList<>();
        checkNames(v, "environment", p.getEnvironment(), seen);
        checkNames(v, "secrets", p.getSecrets(), seen);
    }

    private static void checkNames(final ServiceValidation.Checks v, final String prop,
                                   final @Nullable Map<String, ?> entries, final List<String> seen) {
        if (entries == null) {
            return;
        }
        entries.forEach((name, value) -> {
            v.check(name != null && VARIABLE_NAME.matcher(name).matches(), prop, name,
                    "allowed: variable names of letters, digits and _, not starting with a digit");
            if (name == null) {
                return;
            }
            v.check(!ServiceEnvironment.isReserved(name), prop, name,
                    "App Runner reserves PORT and names starting with AWSAPPRUNNER"
                            + " (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable-manage.html)");
            v.check(!ServiceEnvironment.LIBRARY_NAMES.contains(name), prop, name,
                    "the library sets it (ServiceEnvironment); choose another name");
            v.check(!seen.contains(name), prop, name, "already set in environment: a name may be set once");
            v.check(value != null, prop, name + " = null", "allowed: a value");
            seen.add(name);
        });
    }

    /** Imports what is given by attributes, inside the service's stack. */
    @SuppressWarnings("deprecation")
    static ServiceWiring resolve(final ServiceStack stack, final ServiceStackProps p) {
        final IVpc vpc = p.getVpc() != null ? p.getVpc() : importVpc(stack, p);
        final IDjangoDatabase database;
        if (p.getDatabase() instanceof DataStack) {
            database = ((DataStack) p.getDatabase()).referenceFrom(stack, "Database");
        } else if (p.getDatabase() != null) {
            database = p.getDatabase();
        } else if (p.getDatabaseAttributes() != null) {
            database = DjangoDatabase.fromDatabaseAttributes(stack, "Database", p.getDatabaseAttributes());
        } else {
            database = legacy(p);
        }
        final IHostedZone zone = p.getHostedZone() != null ? p.getHostedZone()
                : p.getHostedZoneAttributes() != null
                        ? HostedZone.fromHostedZoneAttributes(stack, "ImportedZone", p.getHostedZoneAttributes())
                        : null;
        return new ServiceWiring(vpc, database, zone);
    }

    private static IVpc importVpc(final ServiceStack stack, final ServiceStackProps p) {
        final IVpc vpc = Vpc.fromVpcAttributes(stack, "ImportedVpc", p.getVpcAttributes());
        // the connector and the endpoints take subnet ids only: no route table is ever read
        Annotations.of(vpc).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                "the VPC connector and the interface endpoints use subnet ids, never route tables");
        return vpc;
    }

    /** The deprecated four props, as a database (CloudFormation exports, as in 0.1.0). */
    @SuppressWarnings("deprecation")
    private static IDjangoDatabase legacy(final ServiceStackProps p) {
        final DataStack data = dataStackOf(p.getDatabaseSecret());
        final RotationStrategy strategy = data != null ? data.getRotationStrategy() : RotationStrategy.SINGLE_USER;
        return new IDjangoDatabase() {
            @Override
            public ISecret getServiceDatabaseSecret() {
                return p.getDatabaseSecret();
            }

            @Override
            public ISecret getSuperuserSecret() {
                return p.getSuperuserSecret();
            }

            @Override
            public ISecret getSecretKeySecret() {
                return p.getSecretKeySecret();
            }

            @Override
            public ISecurityGroup getDatabaseClientSecurityGroup() {
                return p.getDatabaseClientSecurityGroup();
            }

            @Override
            public RotationStrategy getRotationStrategy() {
                return strategy;
            }
        };
    }

    private static @Nullable DataStack dataStackOf(final @Nullable IConstruct construct) {
        if (construct == null) {
            return null;
        }
        final Stack stack = Stack.of(construct);
        return stack instanceof DataStack ? (DataStack) stack : null;
    }
}
