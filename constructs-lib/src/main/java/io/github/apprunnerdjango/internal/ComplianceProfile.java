package io.github.apprunnerdjango.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.apprunnerdjango.Compliance;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What {@link Compliance#controlTower()} changes on the resources a construct has created: called
 * once, at the end of a construct's constructor, over that construct's own subtree (not an aspect:
 * nothing visits the rest of the app). Each resource type is configured as the Control Tower
 * proactive control on it asks (https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html).
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class ComplianceProfile {
    /** The shortest retention the controls accept (CT.CLOUDWATCH.PR.2): one year. */
    public static final int MIN_RETENTION_DAYS = 365;
    /** The retention the profile gives a log group that would keep its events for less. */
    public static final RetentionDays RETENTION = RetentionDays.ONE_YEAR;
    /** The construct ids of the profile's per-stack resources, at the stack's root. */
    static final String KEY_ID = "ComplianceKey";
    static final String HANDLERS_SG_ID = "ComplianceHandlers";
    static final String ALARM_TOPIC_ID = "ComplianceAlarms";
    private static final String VPC_ACCESS = "service-role/AWSLambdaVPCAccessExecutionRole";

    private ComplianceProfile() {
    }

    /**
     * @param scope a construct of the stack
     * @param compliance the profile
     * @return the profile's key: the one given, or the stack's own (created once, rotated yearly),
     *     whose policy lets CloudWatch Logs use it for the account's log groups and CloudWatch alarms
     *     publish to a topic encrypted with it
     */
    public static IKey key(final Construct scope, final Compliance compliance) {
        final IKey given = compliance.getKey();
        if (given != null) {
            allowLogsAndAlarms(given);
            return given;
        }
        final Stack stack = Stack.of(scope);
        final IConstruct existing = stack.getNode().tryFindChild(KEY_ID);
        if (existing != null) {
            return (IKey) existing;
        }
        final Key key = Key.Builder.create(stack, KEY_ID)
                .description("Encrypts the log groups, secrets, alarm topic and Lambda environments of "
                        + stack.getStackName() + " (Control Tower profile)")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        allowLogsAndAlarms(key);
        return key;
    }

    /**
     * CloudWatch Logs uses the key only for log groups of this account and Region (the documented
     * encryption-context condition,
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html); CloudWatch
     * publishes alarms to a topic encrypted with it
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
     * An imported key's policy cannot be changed here (no-op): its owner grants the same.
     */
    private static void allowLogsAndAlarms(final IKey key) {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal(Fn.join("", List.of("logs.", Aws.REGION, ".", Aws.URL_SUFFIX)))))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        Fn.join("", List.of("arn:", Aws.PARTITION, ":logs:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":log-group:*")))))
                .build(), true);
        denyGrantsButForAwsServices(key);
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build(), true);
    }

    /**
     * CT.KMS.PR.3: only AWS services create grants on the key, for the resources they encrypt
     * (https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html).
     *
     * @param key a key of the app (an imported key's policy is not changed)
     */
    public static void denyGrantsButForAwsServices(final IKey key) {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(Map.of("BoolIfExists", new TreeMap<>(Map.of(
                        "kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false"))))
                .build(), true);
    }

    /**
     * @param vpc the VPC the handlers run in
     * @return its private subnets with egress; refuses a VPC without them, with the prop to change
     */
    public static List<ISubnet> handlerSubnets(final IVpc vpc) {
        if (vpc.getPrivateSubnets().isEmpty()) {
            throw new IllegalArgumentException("Invalid props:\n  - compliance: got Compliance.controlTower() with a VPC"
                    + " without private subnets with egress; the profile runs the custom-resource handlers in the VPC,"
                    + " and they call AWS APIs without an interface endpoint (Route 53 has none) through NAT: give the"
                    + " network egress (NetworkStackProps.egress(Egress.natGateway())) or a VPC with private subnets"
                    + " routed through NAT");
        }
        return vpc.getPrivateSubnets();
    }

    /** @return the stack's security group of the handlers: outbound only (HTTPS to AWS APIs through NAT) */
    static ISecurityGroup handlerSecurityGroup(final Construct scope, final IVpc vpc) {
        final Stack stack = Stack.of(scope);
        final IConstruct existing = stack.getNode().tryFindChild(HANDLERS_SG_ID);
        if (existing != null) {
            return (ISecurityGroup) existing;
        }
        return SecurityGroup.Builder.create(stack, HANDLERS_SG_ID)
                .vpc(vpc)
                .description("Custom-resource handlers in the VPC (Control Tower profile): outbound only")
                .allowAllOutbound(true)
                .build();
    }

    /**
     * @param scope a construct of the handler's stack (its security group is the stack's)
     * @param vpc the VPC the handler runs in
     * @return the subnet ids and security group of a handler in the VPC, as Lambda's VpcConfig takes them
     */
    public static CfnFunction.VpcConfigProperty vpcConfig(final Construct scope, final IVpc vpc) {
        final List<String> subnets = new ArrayList<>();
        handlerSubnets(vpc).forEach(s -> subnets.add(s.getSubnetId()));
        return CfnFunction.VpcConfigProperty.builder()
                .subnetIds(subnets)
                .securityGroupIds(List.of(handlerSecurityGroup(scope, vpc).getSecurityGroupId()))
                .build();
    }

    /** @return the managed policy that lets Lambda create the network interfaces of a function in a VPC */
    public static String vpcAccessPolicyName() {
        return VPC_ACCESS;
    }

    /**
     * Applies the profile to what a construct created: log groups (key, retention), Lambda functions
     * (in the VPC), state machines (logging, tracing), CodeBuild projects (logging), alarms (an action).
     *
     * @param subtree the construct whose resources are configured
     * @param compliance the profile, or null: nothing changes
     * @param vpc the VPC the handlers run in
     */
    public static void apply(final Construct subtree, final Compliance compliance, final IVpc vpc) {
        if (compliance == null) {
            return;
        }
        // the key only where something uses it: a stack without log groups or alarms gets none
        final Supplier<IKey> key = () -> key(subtree, compliance);
        for (final IConstruct node : subtree.getNode().findAll()) {
            if (node instanceof CfnFunction fn) {
                inVpc(fn, subtree, vpc);
                if (fn.getEnvironment() != null && fn.getKmsKeyArn() == null) {
                    encryptedEnvironment(fn, key.get());
                }
            } else if (node instanceof CfnStateMachine sm) {
                logged(sm);
            } else if (node instanceof CfnProject project) {
                logged(project);
            } else if (node instanceof Alarm alarm && withoutActions(alarm)) {
                alarm.addAlarmAction(new SnsAction(alarmTopic(subtree, key.get())));
            }
        }
        // after the state machines' and projects' own log groups exist
        for (final IConstruct node : subtree.getNode().findAll()) {
            if (node instanceof CfnLogGroup group) {
                encrypted(group, key.get());
            }
        }
    }

    /** @return whether an alarm has no action (the L2 alarm renders its actions lazily) */
    private static boolean withoutActions(final Alarm alarm) {
        final Object actions = Stack.of(alarm).resolve(((CfnAlarm) alarm.getNode().getDefaultChild()).getAlarmActions());
        return actions == null || actions instanceof List<?> list && list.isEmpty();
    }

    /** A log group encrypted with the key and kept at least a year (CT.CLOUDWATCH.PR.2 and PR.3). */
    private static void encrypted(final CfnLogGroup group, final IKey key) {
        group.setKmsKeyId(key.getKeyArn());
        final Number days = group.getRetentionInDays();
        if (days != null && days.intValue() < MIN_RETENTION_DAYS) {
            group.setRetentionInDays(MIN_RETENTION_DAYS);
        }
    }

    /** The function's environment variables encrypted with the key, which its role may decrypt. */
    private static void encryptedEnvironment(final CfnFunction fn, final IKey key) {
        fn.setKmsKeyArn(key.getKeyArn());
        key.grantDecrypt(functionRole(fn));
    }

    private static IRole functionRole(final CfnFunction fn) {
        final IRole role = fn.getNode().getScope() instanceof Function function ? function.getRole() : null;
        if (role == null) {
            throw new IllegalStateException("no role for " + fn.getNode().getPath());
        }
        return role;
    }

    private static void inVpc(final CfnFunction fn, final Construct subtree, final IVpc vpc) {
        if (fn.getVpcConfig() != null) {
            return;
        }
        fn.setVpcConfig(vpcConfig(subtree, vpc));
        final IRole role = functionRole(fn);
        role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS));
        NagSuppressions.suppress(role, "AwsSolutions-IAM4", "Handler in the VPC (Control Tower profile):"
                        + " AWSLambdaVPCAccessExecutionRole grants just the network-interface actions Lambda needs there",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/" + VPC_ACCESS);
    }

    /**
     * Logs every execution's errors to a log group under /aws/vendedlogs/states/ and traces with X-Ray
     * (CT.STEPFUNCTIONS.PR.1 and PR.2; the permissions are Step Functions' documented ones,
     * https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html and
     * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html).
     */
    private static void logged(final CfnStateMachine sm) {
        if (sm.getTracingConfiguration() == null) {
            sm.setTracingConfiguration(CfnStateMachine.TracingConfigurationProperty.builder().enabled(true).build());
            role(sm).addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                            "xray:GetSamplingTargets"))
                    .resources(List.of("*"))
                    .build());
        }
        if (sm.getLoggingConfiguration() == null) {
            final Construct parent = (Construct) sm.getNode().getScope();
            final LogGroup logs = LogGroup.Builder.create(parent, "ComplianceLogs")
                    .logGroupName("/aws/vendedlogs/states/" + Names.uniqueResourceName(parent,
                            software.amazon.awscdk.UniqueResourceNameOptions.builder().maxLength(200).build()))
                    .retention(RETENTION)
                    // a fixed name: deleted with the stack, as the redeploy machine's, so a new stack can take it
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            sm.setLoggingConfiguration(CfnStateMachine.LoggingConfigurationProperty.builder()
                    .level("ERROR")
                    .includeExecutionData(false)
                    .destinations(List.of(CfnStateMachine.LogDestinationProperty.builder()
                            .cloudWatchLogsLogGroup(CfnStateMachine.CloudWatchLogsLogGroupProperty.builder()
                                    .logGroupArn(logs.getLogGroupArn()).build())
                            .build()))
                    .build());
            role(sm).addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                            "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"))
                    .resources(List.of("*"))
                    .build());
        }
        final IRole role = role(sm);
        final IConstruct policy = role.getNode().tryFindChild("DefaultPolicy");
        if (policy != null) {
            sm.getNode().addDependency(policy);
        }
        NagSuppressions.suppress(role, "AwsSolutions-IAM5", "State machine role (Control Tower profile): Step Functions'"
                        + " log delivery and X-Ray actions accept only Resource *", "Resource::*");
    }

    private static IRole role(final CfnStateMachine sm) {
        if (sm.getNode().getScope() instanceof StateMachine machine) {
            return machine.getRole();
        }
        // the Provider framework's waiter is a construct of its own, with its role beside the state machine
        final IConstruct role = sm.getNode().getScope().getNode().tryFindChild("Role");
        if (role instanceof IRole found) {
            return found;
        }
        throw new IllegalStateException("no role for " + sm.getNode().getPath());
    }

    /** Build logs to a log group of the project's own, encrypted and kept a year (CT.CODEBUILD.PR.3). */
    private static void logged(final CfnProject project) {
        if (project.getLogsConfig() != null) {
            return;
        }
        final Construct parent = (Construct) project.getNode().getScope();
        final LogGroup logs = LogGroup.Builder.create(parent, "ComplianceLogs").retention(RETENTION).build();
        project.setLogsConfig(CfnProject.LogsConfigProperty.builder()
                .cloudWatchLogs(CfnProject.CloudWatchLogsConfigProperty.builder()
                        .status("ENABLED").groupName(logs.getLogGroupName()).build())
                .build());
        if (parent instanceof Project l2) {
            logs.grantWrite(l2);
        }
    }

    /** @return the stack's topic for alarms that have no action of their own (CT.CLOUDWATCH.PR.1) */
    private static Topic alarmTopic(final Construct scope, final IKey key) {
        final Stack stack = Stack.of(scope);
        final IConstruct existing = stack.getNode().tryFindChild(ALARM_TOPIC_ID);
        if (existing != null) {
            return (Topic) existing;
        }
        return Topic.Builder.create(stack, ALARM_TOPIC_ID)
                .displayName("Alarms of " + stack.getStackName())
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    /** @return whether a resource is a Lambda function (L1 or CfnResource of that type) */
    static boolean isFunction(final IConstruct node) {
        return node instanceof CfnResource r && "AWS::Lambda::Function".equals(r.getCfnResourceType());
    }
}
