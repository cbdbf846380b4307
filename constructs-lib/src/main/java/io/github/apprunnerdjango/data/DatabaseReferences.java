package io.github.apprunnerdjango.data;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * How other stacks read a {@link DataStack} without CloudFormation exports.
 *
 * <p>An export cannot change or disappear while a deployed stack imports it (the ImportValue lock,
 * aws/aws-cdk#26135): switching the rotation strategy, or replacing a secret, then fails on the Data
 * stack before the consumer could move. So the Data stack writes the values a service needs to SSM
 * parameters, and a consumer reads them through {@code AWS::SSM::Parameter::Value<String>}
 * parameters, which CloudFormation resolves at every deployment and which lock nothing
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#aws-ssm-parameter-types).
 * The consumer depends on the Data stack, so {@code cdk deploy --all} still deploys it first.
 *
 * <p>The values that 0.1.0 consumers imported stay exported under the same names (automatic
 * reference names, from {@code exportValue}), so a deployed 0.1.0 service keeps updating while the
 * Data stack is upgraded first.
 */
final class DatabaseReferences {
    /** The root of the parameter names: {@code /apprunner-django/<data stack name>/<key>}. */
    static final String PREFIX = "/apprunner-django/";
    static final String SERVICE_DATABASE_SECRET_ARN = "service-database-secret-arn";
    static final String SUPERUSER_SECRET_ARN = "superuser-secret-arn";
    static final String SECRET_KEY_SECRET_ARN = "secret-key-secret-arn";
    static final String DATABASE_CLIENT_SECURITY_GROUP_ID = "database-client-security-group-id";

    private DatabaseReferences() {
    }

    static String parameterName(final DataStack data, final String key) {
        return PREFIX + data.getStackName() + "/" + key;
    }

    /** Writes the parameters and keeps the exports of 0.1.0 consumers. */
    static void publish(final DataStack data, final ISecret masterSecret) {
        final Map<String, String> values = new LinkedHashMap<>();
        values.put(SERVICE_DATABASE_SECRET_ARN, data.getServiceDatabaseSecret().getSecretArn());
        values.put(SUPERUSER_SECRET_ARN, data.getSuperuserSecret().getSecretArn());
        values.put(SECRET_KEY_SECRET_ARN, data.getSecretKeySecret().getSecretArn());
        values.put(DATABASE_CLIENT_SECURITY_GROUP_ID, data.getDatabaseClientSecurityGroup().getSecurityGroupId());
        final Construct parameters = new Construct(data, "References");
        values.forEach((key, value) -> StringParameter.Builder.create(parameters, key)
                .parameterName(parameterName(data, key))
                .description("Read by the Django services of " + data.getStackName() + " (no export lock)")
                .stringValue(value)
                .build());
        // what a 0.1.0 ServiceStack imported: same names, same values
        data.exportValue(masterSecret.getSecretArn());
        data.exportValue(data.getServiceDatabaseSecret().getSecretArn());
        data.exportValue(data.getSuperuserSecret().getSecretArn());
        data.exportValue(data.getSecretKeySecret().getSecretArn());
        data.exportValue(data.getDatabaseClientSecurityGroup().getSecurityGroupId());
    }

    /** @return the database as another stack sees it: every value read from the parameters */
    static IDjangoDatabase readFrom(final Construct scope, final String id, final DataStack data) {
        final Stack consumer = Stack.of(scope);
        if (consumer != data) {
            consumer.addDependency(data, "reads the database's SSM parameters");
        }
        final Construct imports = new Construct(scope, id);
        final ISecret service = Secret.fromSecretCompleteArn(imports, "ServiceDatabaseSecret",
                read(imports, data, SERVICE_DATABASE_SECRET_ARN));
        final ISecret superuser = Secret.fromSecretCompleteArn(imports, "SuperuserSecret",
                read(imports, data, SUPERUSER_SECRET_ARN));
        final ISecret secretKey = Secret.fromSecretCompleteArn(imports, "SecretKeySecret",
                read(imports, data, SECRET_KEY_SECRET_ARN));
        final ISecurityGroup client = SecurityGroup.fromSecurityGroupId(imports, "DatabaseClientSecurityGroup",
                read(imports, data, DATABASE_CLIENT_SECURITY_GROUP_ID));
        final RotationStrategy strategy = data.getRotationStrategy();
        return new IDjangoDatabase() {
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
                return strategy;
            }
        };
    }

    private static String read(final Construct scope, final DataStack data, final String key) {
        return StringParameter.valueForStringParameter(scope, parameterName(data, key));
    }
}
