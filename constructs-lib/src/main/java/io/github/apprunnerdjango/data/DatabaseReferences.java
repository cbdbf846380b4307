package io.github.apprunnerdjango.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.Port;
import software.constructs.IConstruct;

/**
 * How other stacks read a {@link DjangoAuroraDatabase} without CloudFormation exports.
 *
 * <p>An export cannot change or disappear while a deployed stack imports it (the ImportValue lock,
 * aws/aws-cdk#26135): switching the rotation strategy, or replacing a secret, then fails on the Data
 * stack before the consumer could move. So the Data stack writes the values a service needs to SSM
 * parameters, and a consumer reads them through {@code AWS::SSM::Parameter::Value<String>}
 * parameters, which CloudFormation resolves at every deployment and which lock nothing
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#aws-ssm-parameter-types).
 * The consumer depends on the Data stack, so {@code cdk deploy --all} still deploys it first.
 *
 * <p>A {@link DataStack} writes the parameters at once, and keeps exported the values that 0.1.0
 * consumers imported, under the same names (automatic reference names, from {@code exportValue}), so a
 * deployed 0.1.0 service keeps updating while the Data stack is upgraded first. A database made in a
 * stack of the user's writes them when a construct of another stack first reads it, and exports nothing.
 */
final class DatabaseReferences {
    /** The root of the parameter names: {@code /apprunner-django/<stack name>/<key>}. */
    static final String PREFIX = "/apprunner-django/";
    static final String SERVICE_DATABASE_SECRET_ARN = "service-database-secret-arn";
    static final String SUPERUSER_SECRET_ARN = "superuser-secret-arn";
    static final String SECRET_KEY_SECRET_ARN = "secret-key-secret-arn";
    static final String DATABASE_CLIENT_SECURITY_GROUP_ID = "database-client-security-group-id";
    /** Written only when a construct of another stack asks for the cluster's identifier (its metrics). */
    static final String CLUSTER_IDENTIFIER = "cluster-identifier";
    /** Written only when a consumer asks for the cluster's connections. */
    static final String CLUSTER_SECURITY_GROUP_ID = "cluster-security-group-id";
    private static final String REFERENCES_ID = "References";
    private static final int POSTGRES_PORT = 5432;

    private DatabaseReferences() {
    }

    /**
     * @return {@code /apprunner-django/<stack name>/<key>}, with the database's path inside its stack
     *     between the two unless it is a stack's "Default" child (DataStack's)
     */
    static String parameterName(final DjangoAuroraDatabase database, final String key) {
        final Stack stack = Stack.of(database);
        final List<String> path = new ArrayList<>();
        final List<IConstruct> scopes = database.getNode().getScopes();
        for (int i = scopes.indexOf(stack) + 1; i < scopes.size(); i++) {
            final String id = scopes.get(i).getNode().getId();
            if (!"Default".equals(id)) {
                path.add(id.replaceAll("[^A-Za-z0-9_.-]", "-"));
            }
        }
        path.add(key);
        return PREFIX + stack.getStackName() + "/" + String.join("/", path);
    }

    /** Writes the parameters every consumer reads, once. */
    static void publish(final DjangoAuroraDatabase database) {
        if (database.getNode().tryFindChild(REFERENCES_ID) != null) {
            return;
        }
        final Map<String, String> values = new LinkedHashMap<>();
        values.put(SERVICE_DATABASE_SECRET_ARN, database.getServiceDatabaseSecret().getSecretArn());
        values.put(SUPERUSER_SECRET_ARN, database.getSuperuserSecret().getSecretArn());
        values.put(SECRET_KEY_SECRET_ARN, database.getSecretKeySecret().getSecretArn());
        values.put(DATABASE_CLIENT_SECURITY_GROUP_ID, database.getDatabaseClientSecurityGroup().getSecurityGroupId());
        final Construct parameters = new Construct(database, REFERENCES_ID);
        values.forEach((key, value) -> parameter(parameters, database, key, value));
    }

    private static void parameter(final Construct parameters, final DjangoAuroraDatabase database, final String key,
                                  final String value) {
        StringParameter.Builder.create(parameters, key)
                .parameterName(parameterName(database, key))
                .description("Read by the Django services of " + Stack.of(database).getStackName() + " (no export lock)")
                .stringValue(value)
                .build();
    }

    /** Keeps what a 0.1.0 ServiceStack imported exported: same names, same values. */
    static void exportFor010Consumers(final Stack data, final DjangoAuroraDatabase database) {
        data.exportValue(database.masterSecret().getSecretArn());
        data.exportValue(database.getServiceDatabaseSecret().getSecretArn());
        data.exportValue(database.getSuperuserSecret().getSecretArn());
        data.exportValue(database.getSecretKeySecret().getSecretArn());
        data.exportValue(database.getDatabaseClientSecurityGroup().getSecurityGroupId());
    }

    /** @return the database as another stack sees it: every value read from the parameters */
    static IDjangoDatabase readFrom(final Construct scope, final String id, final DjangoAuroraDatabase database) {
        final Stack consumer = Stack.of(scope);
        final Stack data = Stack.of(database);
        if (consumer != data) {
            consumer.addDependency(data, "reads the database's SSM parameters");
        }
        publish(database);
        return new Reference(scope, id, database);
    }

    /**
     * @return the cluster's identifier as {@code scope}'s stack may use it: a reference in the same
     *     stack, else read from a parameter the database writes on the first such call (no export)
     */
    static String clusterIdentifier(final Construct scope, final DjangoAuroraDatabase database) {
        final Stack consumer = Stack.of(scope);
        final Stack data = Stack.of(database);
        if (consumer == data) {
            return database.getCluster().getClusterIdentifier();
        }
        consumer.addDependency(data, "reads the database's SSM parameters");
        final Construct parameters = database.getNode().tryFindChild(REFERENCES_ID) instanceof Construct c ? c
                : new Construct(database, REFERENCES_ID);
        if (parameters.getNode().tryFindChild(CLUSTER_IDENTIFIER) == null) {
            parameter(parameters, database, CLUSTER_IDENTIFIER, database.getCluster().getClusterIdentifier());
        }
        return read(scope, database, CLUSTER_IDENTIFIER);
    }

    private static String read(final Construct scope, final DjangoAuroraDatabase database, final String key) {
        return StringParameter.valueForStringParameter(scope, parameterName(database, key));
    }

    /** The database in a consumer's stack: imports of the parameters' values, no resource. */
    private static final class Reference extends Construct implements IDjangoDatabase {
        private final DjangoAuroraDatabase database;
        private final ISecret service;
        private final ISecret superuser;
        private final ISecret secretKey;
        private final ISecurityGroup client;
        private @Nullable Connections connections;

        Reference(final Construct scope, final String id, final DjangoAuroraDatabase database) {
            super(scope, id);
            this.database = database;
            this.service = Secret.fromSecretCompleteArn(this, "ServiceDatabaseSecret",
                    read(this, database, SERVICE_DATABASE_SECRET_ARN));
            this.superuser = Secret.fromSecretCompleteArn(this, "SuperuserSecret",
                    read(this, database, SUPERUSER_SECRET_ARN));
            this.secretKey = Secret.fromSecretCompleteArn(this, "SecretKeySecret",
                    read(this, database, SECRET_KEY_SECRET_ARN));
            this.client = SecurityGroup.fromSecurityGroupId(this, "DatabaseClientSecurityGroup",
                    read(this, database, DATABASE_CLIENT_SECURITY_GROUP_ID));
        }

        @Override
        public ISecret getServiceDatabaseSecret() {
            return service;
        }

        @Override
        public ISecret getSuperuserSecret() {
            return superuser;
        }

        @Override
        public ISecret getSecretKeySecret() {
            return secretKey;
        }

        @Override
        public ISecurityGroup getDatabaseClientSecurityGroup() {
            return client;
        }

        @Override
        public RotationStrategy getRotationStrategy() {
            return database.getRotationStrategy();
        }

        /** The cluster's security group, read from a parameter the database writes on this first call. */
        @Override
        public Connections getConnections() {
            if (connections == null) {
                final Construct parameters = database.getNode().tryFindChild(REFERENCES_ID) instanceof Construct c ? c
                        : new Construct(database, REFERENCES_ID);
                if (parameters.getNode().tryFindChild(CLUSTER_SECURITY_GROUP_ID) == null) {
                    parameter(parameters, database, CLUSTER_SECURITY_GROUP_ID,
                            database.getConnections().getSecurityGroups().get(0).getSecurityGroupId());
                }
                final ISecurityGroup cluster = SecurityGroup.fromSecurityGroupId(this, "ClusterSecurityGroup",
                        read(this, database, CLUSTER_SECURITY_GROUP_ID));
                connections = Connections.Builder.create().securityGroups(List.of(cluster))
                        .defaultPort(Port.tcp(POSTGRES_PORT)).build();
            }
            return connections;
        }
    }
}
