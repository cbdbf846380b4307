package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.data.DjangoDatabase;
import io.github.apprunnerdjango.data.DjangoDatabaseAttributes;
import io.github.apprunnerdjango.data.IDjangoDatabase;
import io.github.apprunnerdjango.internal.Checks;
import io.github.apprunnerdjango.internal.VpcAttributesCheck;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import io.github.apprunnerdjango.internal.ConstructScopes;
import io.github.apprunnerdjango.network.DjangoNetwork;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.constructs.Construct;

/**
 * What a service stack is wired to, shared by App Runner's {@code ServiceStack} and the Express Mode
 * {@code ExpressServiceStack}: the VPC, the database and the hosted zone, each given as a typed object
 * or as attributes imported inside the service's stack under fixed ids ({@code ImportedVpc},
 * {@code Database}, {@code ImportedZone}), and the checks of the app's own variables and secrets.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class Wiring {
    /** A POSIX-style variable name. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private Wiring() {
    }

    /**
     * @param v where failures are recorded
     * @param vpc the VPC prop
     * @param attributes the vpcAttributes prop
     */
    public static void checkVpc(final Checks v, final @Nullable IVpc vpc, final @Nullable VpcAttributes attributes) {
        v.check(vpc == null || attributes == null, "vpcAttributes", "VPC attributes",
                "not with vpc: give the VPC as an object or by its attributes, not both");
        v.check(vpc != null || attributes != null, "vpc", null, "required (or vpcAttributes)");
        if (vpc == null && attributes != null) {
            VpcAttributesCheck.problems(attributes).forEach(problem ->
                    v.check(false, "vpcAttributes", "VPC attributes " + attributes.getVpcId(), problem));
        }
    }

    /**
     * @param v where failures are recorded
     * @param attributes the databaseAttributes prop, or null
     */
    public static void checkDatabaseAttributes(final Checks v, final @Nullable DjangoDatabaseAttributes attributes) {
        if (attributes != null) {
            try {
                DjangoDatabase.validate(attributes);
            } catch (IllegalArgumentException e) {
                v.check(false, "databaseAttributes", "invalid attributes", e.getMessage().replace("\n", " "));
            }
        }
    }

    /**
     * A database made in another Region or account cannot serve the service: its SSM parameters are
     * regional and its security group belongs to its own VPC
     * (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-cross-account-sharing.html,
     * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html). The service must also
     * run in the database's VPC: the client security group it joins is of that VPC
     * (https://docs.aws.amazon.com/vpc/latest/userguide/security-groups.html).
     *
     * @param v where failures are recorded
     * @param scope where the service is made (the stack's scope, or the construct's)
     * @param env the service stack's env prop, or null
     * @param database the database prop, or null
     * @param vpc the vpc prop, or null
     */
    public static void checkDatabasePlace(final Checks v, final @Nullable Construct scope,
                                          final @Nullable Environment env, final @Nullable IDjangoDatabase database,
                                          final @Nullable IVpc vpc) {
        if (database == null) {
            return;
        }
        final Stack home = Stack.of(database);
        final String region = ConstructScopes.literalRegion(scope, env);
        final String account = ConstructScopes.literalAccount(scope, env);
        if (region != null && !Token.isUnresolved(home.getRegion())) {
            v.check(region.equals(home.getRegion()), "database", "a database in " + home.getRegion(),
                    "the service is in " + region + ": a database is read through regional SSM parameters; use"
                            + " one of the service's Region, or databaseAttributes for a shared one");
        }
        if (account != null && !Token.isUnresolved(home.getAccount())) {
            v.check(account.equals(home.getAccount()), "database", "a database in account " + home.getAccount(),
                    "the service is in account " + account + ": use databaseAttributes for another account's database");
        }
        final IVpc own = database.getVpc();
        if (vpc != null && own != null && vpc != own) {
            final boolean knownDifferent = Token.isUnresolved(vpc.getVpcId()) || Token.isUnresolved(own.getVpcId())
                    ? DjangoNetwork.of(vpc) != null && DjangoNetwork.of(own) != null
                    : !vpc.getVpcId().equals(own.getVpcId());
            v.check(!knownDifferent, "vpc", "VPC " + vpc.getNode().getPath(), "the database is in VPC "
                    + own.getNode().getPath() + ": the service joins the database's client security group, which"
                    + " belongs to that VPC; run the service in it");
        }
    }

    /**
     * @param v where failures are recorded
     * @param zone the hostedZone prop
     * @param attributes the hostedZoneAttributes prop
     * @param domainName the domainName prop
     */
    public static void checkZone(final Checks v, final @Nullable IHostedZone zone,
                                 final @Nullable HostedZoneAttributes attributes, final @Nullable String domainName) {
        v.check(zone == null || attributes == null, "hostedZoneAttributes",
                "zone attributes", "not with hostedZone: give the zone as an object or by its id and name, not both");
        if (attributes != null) {
            v.check(domainName != null, "hostedZoneAttributes", "zone attributes",
                    "only allowed together with domainName");
        }
    }

    /**
     * @param v where failures are recorded
     * @param prop the prop's name
     * @param statements the policy statements, or null
     */
    public static void checkStatements(final Checks v, final String prop, final @Nullable List<PolicyStatement> statements) {
        if (statements != null) {
            v.check(statements.stream().noneMatch(java.util.Objects::isNull), prop, statements,
                    "allowed: policy statements, no null element");
            statements.stream().filter(s -> s != null && !hasResources(s)).forEach(s -> v.check(false, prop,
                    s.toStatementJson(), "each statement needs resources (or notResources): IAM refuses an"
                            + " identity-based policy statement without them"
                            + " (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)"));
        }
    }

    /**
     * @param statement the statement
     * @return whether an identity-based statement names its resources
     */
    public static boolean hasResources(final PolicyStatement statement) {
        final List<String> resources = statement.getResources();
        final List<String> notResources = statement.getNotResources();
        return resources != null && !resources.isEmpty() || notResources != null && !notResources.isEmpty();
    }

    /**
     * The app's own variable and secret names: valid, not reserved by the compute service, not the
     * library's ({@link ServiceEnvironment#LIBRARY_NAMES}), each set once.
     *
     * @param v where failures are recorded
     * @param environment the environment prop, or null
     * @param secrets the secrets prop, or null
     * @param reserved the names the compute service reserves
     * @param reservedWhy why they are reserved, with the documentation's URL
     */
    public static void checkNames(final Checks v, final @Nullable Map<String, ?> environment,
                                  final @Nullable Map<String, ?> secrets, final Predicate<String> reserved,
                                  final String reservedWhy) {
        final List<String> seen = new ArrayList<>();
        checkNames(v, "environment", environment, seen, reserved, reservedWhy);
        checkNames(v, "secrets", secrets, seen, reserved, reservedWhy);
    }

    private static void checkNames(final Checks v, final String prop, final @Nullable Map<String, ?> entries,
                                   final List<String> seen, final Predicate<String> reserved, final String reservedWhy) {
        if (entries == null) {
            return;
        }
        entries.forEach((name, value) -> {
            v.check(name != null && VARIABLE_NAME.matcher(name).matches(), prop, name,
                    "allowed: variable names of letters, digits and _, not starting with a digit");
            if (name == null) {
                return;
            }
            v.check(!reserved.test(name), prop, name, reservedWhy);
            v.check(!ServiceEnvironment.LIBRARY_NAMES.contains(name), prop, name,
                    "the library sets it (ServiceEnvironment); choose another name");
            v.check(!seen.contains(name), prop, name, "already set in environment: a name may be set once");
            v.check(value != null, prop, name + " = null", "allowed: a value");
            seen.add(name);
        });
    }

    /**
     * Imports a VPC by its attributes inside the service's stack, as {@code ImportedVpc}.
     *
     * @param scope the service's stack
     * @param attributes the VPC's attributes
     * @param why why no route table is ever read (acknowledges CDK's warning)
     * @return the VPC
     */
    public static IVpc importVpc(final Construct scope, final VpcAttributes attributes, final String why) {
        final IVpc vpc = Vpc.fromVpcAttributes(scope, "ImportedVpc", attributes);
        Annotations.of(vpc).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId", why);
        return vpc;
    }

    /**
     * The database as the service's stack sees it: a database of another stack read through its SSM
     * parameters ({@link IDjangoDatabase#forUseIn}), one of the same stack or an imported one as given, or attributes imported here; all under the id {@code Database}.
     *
     * @param scope the service's stack
     * @param database the database prop, or null
     * @param attributes the databaseAttributes prop, or null
     * @return the database, or null when neither is given
     */
    public static @Nullable IDjangoDatabase database(final Construct scope, final @Nullable IDjangoDatabase database,
                                                     final @Nullable DjangoDatabaseAttributes attributes) {
        if (database != null) {
            return database.forUseIn(scope, "Database");
        }
        return attributes != null ? DjangoDatabase.fromDatabaseAttributes(scope, "Database", attributes) : null;
    }

    /**
     * @param scope the service's stack
     * @param zone the hostedZone prop, or null
     * @param attributes the hostedZoneAttributes prop, or null; imported here as {@code ImportedZone}
     * @return the zone, or null
     */
    public static @Nullable IHostedZone hostedZone(final Construct scope, final @Nullable IHostedZone zone,
                                                   final @Nullable HostedZoneAttributes attributes) {
        return zone != null ? zone
                : attributes != null ? HostedZone.fromHostedZoneAttributes(scope, "ImportedZone", attributes) : null;
    }
}
