package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.internal.HandlerCode;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.testing.Templates;
import io.github.apprunnerdjango.service.ServiceEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISubnet;

/**
 * AWS's rules that schema validation and cdk-nag do not know, each a test with the documentation it
 * comes from, run over every app of {@link AppMatrix}. A template that breaks one of them synthesizes
 * but fails to deploy, or deploys and misbehaves.
 */
class AwsRulesTest {
    static Stream<AppMatrix.Built> apps() {
        return AppMatrix.all().stream();
    }

    private static List<Map<String, Object>> templates(final AppMatrix.Built app) {
        return new ArrayList<>(app.templates().values());
    }

    /**
     * "You can't specify PORT as an environment variable name", and names starting with AWSAPPRUNNER
     * are reserved: https://docs.aws.amazon.com/apprunner/latest/dg/env-variable-manage.html
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void appRunnerReservedVariableNamesAreNeverSet(final AppMatrix.Built app) {
        int services = 0;
        for (final Map<String, Object> t : templates(app)) {
            for (final Map<String, Object> s : Cfn.ofType(t, "AWS::AppRunner::Service").values()) {
                services++;
                final Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                        Cfn.props(s).get("SourceConfiguration")).get("ImageRepository")).get("ImageConfiguration");
                for (final String key : List.of("RuntimeEnvironmentVariables", "RuntimeEnvironmentSecrets")) {
                    for (final Object e : (List<Object>) config.getOrDefault(key, List.of())) {
                        final String name = String.valueOf(((Map<String, Object>) e).get("Name"));
                        assertFalse(ServiceEnvironment.isReserved(name), app + ": " + key + " sets " + name);
                    }
                }
            }
        }
        assertEquals(app.hasAppRunner() ? 1 : 0, services, app.name);
    }

    /**
     * Every S3 bucket (the media bucket, {@code -c media=true}) follows AWS's security best practices for
     * S3 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html): all four
     * Block Public Access settings, ACLs disabled by the bucket owner enforced Object Ownership
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html), default
     * encryption, and a bucket policy that denies requests without TLS
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void everyBucketIsPrivateEncryptedAndTlsOnly(final AppMatrix.Built app) {
        int buckets = 0;
        for (final Map<String, Object> t : templates(app)) {
            final Map<String, Map<String, Object>> policies = Cfn.ofType(t, "AWS::S3::BucketPolicy");
            for (final Map.Entry<String, Map<String, Object>> b : Cfn.ofType(t, "AWS::S3::Bucket").entrySet()) {
                buckets++;
                final Map<String, Object> p = Cfn.props(b.getValue());
                final String id = app + ": " + b.getKey();
                assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                        "RestrictPublicBuckets", true), p.get("PublicAccessBlockConfiguration"), id);
                assertEquals(Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))),
                        p.get("OwnershipControls"), id);
                assertTrue(p.get("BucketEncryption") != null, id + ": no default encryption");
                final boolean tlsOnly = policies.values().stream()
                        .filter(pol -> Map.of("Ref", b.getKey()).equals(Cfn.props(pol).get("Bucket")))
                        .flatMap(pol -> ((List<Map<String, Object>>) ((Map<String, Object>) Cfn.props(pol)
                                .get("PolicyDocument")).get("Statement")).stream())
                        .anyMatch(st -> "Deny".equals(st.get("Effect")) && Map.of("Bool",
                                Map.of("aws:SecureTransport", "false")).equals(st.get("Condition")));
                assertTrue(tlsOnly, id + ": no bucket policy denying requests without TLS");
            }
        }
        assertEquals(app.name.startsWith("media") || "true".equals(AppMatrix.context(app.name).get("media")), buckets > 0,
                app + ": " + buckets + " buckets");
    }

    /**
     * App Runner runs x86-64 (linux/amd64) images; one built on an ARM host fails with "exec format
     * error" (https://docs.aws.amazon.com/apprunner/latest/dg/service-source-image.html,
     * aws/apprunner-roadmap#46, #79).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void everyImageAssetIsBuiltForLinuxAmd64(final AppMatrix.Built app) {
        for (final Map<String, Object> image : app.dockerImages()) {
            assertEquals("linux/amd64", ((Map<String, Object>) image.get("source")).get("platform"), app + ": " + image);
        }
    }

    /**
     * A service with IsPubliclyAccessible false has no ServiceUrl attribute: reading it fails the
     * stack (aws/apprunner-roadmap#235; https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apprunner-service.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void noServiceUrlIsReadFromAPrivateService(final AppMatrix.Built app) {
        for (final Map<String, Object> t : templates(app)) {
            Cfn.ofType(t, "AWS::AppRunner::Service").forEach((id, s) -> {
                final Map<String, Object> network = (Map<String, Object>) Cfn.props(s).get("NetworkConfiguration");
                final Object ingress = ((Map<String, Object>) network.get("IngressConfiguration")).get("IsPubliclyAccessible");
                if (Boolean.FALSE.equals(ingress)) {
                    assertFalse(Cfn.getAtts(t).contains(List.of(id, "ServiceUrl")), app + ": GetAtt " + id + ".ServiceUrl");
                }
            });
        }
    }

    /** What each custom resource's handler returns as Data: a GetAtt of anything else fails the stack. */
    static final Map<String, Map.Entry<String, Set<String>>> CUSTOM_RESOURCE_ATTRIBUTES = Map.of(
            "Custom::AppRunnerCustomDomain", Map.entry("custom-domain-is-complete",
                    Set.of("DNSTarget", "ValidationRecords", "ValidationRecordCount")),
            "Custom::ExpressDomain", Map.entry("express-domain-on-event", Set.of("DNSName", "CanonicalHostedZoneId")),
            "Custom::DatabaseApplicationUser", Map.entry("app-user-on-event", Set.of("Username")),
            "Custom::DockerImagePush", Map.entry("image-deploy-is-complete", Set.of("Status", "LogsUrl")));

    /**
     * CloudFormation fails a stack that reads an attribute a custom resource did not return
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html); App Runner
     * returns one or more validation records, so no attribute may be per record index
     * (https://docs.aws.amazon.com/apprunner/latest/api/API_DescribeCustomDomains.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void customResourceAttributesAreOnesTheHandlerReturns(final AppMatrix.Built app) {
        for (final Map<String, Object> t : templates(app)) {
            for (final List<String> att : Cfn.getAtts(t)) {
                final Map<String, Object> target = Cfn.resources(t).get(att.get(0));
                final String type = target == null ? "" : String.valueOf(target.get("Type"));
                if (!type.startsWith("Custom::") && !type.equals("AWS::CloudFormation::CustomResource")) {
                    continue;
                }
                final Map.Entry<String, Set<String>> handler = CUSTOM_RESOURCE_ATTRIBUTES.get(type);
                assertNotNull(handler, app + ": no known handler for " + type);
                assertTrue(handler.getValue().contains(att.get(1)), app + ": GetAtt " + att + " of " + type);
                assertTrue(HandlerCode.source(handler.getKey()).contains(att.get(1)),
                        app + ": " + handler.getKey() + ".js never returns " + att.get(1));
            }
        }
    }

    /**
     * App Runner resolves secrets when it deploys, ECS when a task starts
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
     * The redeploy listens to Secrets Manager's native event (no CloudTrail:
     * https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html)
     * for every secret the service reads, and alarms when a run fails. App Runner: StartDeployment,
     * retried while another operation runs (InvalidStateException:
     * https://docs.aws.amazon.com/apprunner/latest/api/API_StartDeployment.html). Express: UpdateService
     * with forceNewDeployment on the service's ECS service, which starts a new service deployment
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html), retried on
     * ECS's server and throttling errors.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void redeployFollowsEverySecretTheServiceReads(final AppMatrix.Built app) {
        for (final Stack stack : app.serviceStacks()) {
            final Map<String, Object> service = app.templates().get(stack.getStackName());
            final Map<String, Object> rule = Cfn.ofType(service, "AWS::Events::Rule").values().stream()
                    .filter(r -> String.valueOf(Cfn.props(r).get("EventPattern")).contains("Secret Label Updated"))
                    .findFirst().orElseThrow();
            final Map<String, Object> pattern = (Map<String, Object>) Cfn.props(rule).get("EventPattern");
            assertEquals(List.of("Secret Label Updated"), pattern.get("detail-type"), app.name);
            assertEquals(Map.of("labelUpdated", List.of("AWSCURRENT")), pattern.get("detail"), app.name);
            // a secret is referenced by an import, an SSM parameter (Ref) or a literal ARN: compare the references
            final Set<String> secretRefs = new TreeSet<>();
            final boolean express = stack instanceof ExpressServiceStack;
            for (final Object s : secretsOf(service, express)) {
                final Object value = ((Map<String, Object>) s).get(express ? "ValueFrom" : "Value");
                if (value instanceof Map<?, ?> map && map.containsKey("Fn::Join")) {
                    secretRefs.add(String.valueOf(((List<Object>) ((List<Object>) map.get("Fn::Join")).get(1)).get(0)));
                } else if (!String.valueOf(value).contains(":ssm:")) {
                    secretRefs.add(String.valueOf(value));
                }
            }
            final Set<String> watched = new TreeSet<>();
            ((List<Object>) pattern.get("resources")).forEach(r -> watched.add(String.valueOf(r)));
            assertEquals(secretRefs, watched, app + ": every secret of the service, and only those");
            final String action = express ? "ecs:updateService" : "apprunner:startDeployment";
            final String definition = Cfn.ofType(service, "AWS::StepFunctions::StateMachine").values().stream()
                    .map(m -> String.valueOf(Cfn.props(m).get("DefinitionString")))
                    .filter(d -> d.contains(action)).findFirst().orElseThrow();
            if (express) {
                assertTrue(definition.contains("\"ForceNewDeployment\":true"), app + ": no forced deployment");
                assertTrue(definition.contains("Ecs.ServerException"), app + ": no retry on ServerException");
            } else {
                assertTrue(definition.contains("AppRunner.InvalidStateException"), app + ": no retry on InvalidStateException");
            }
            // the redeploy's one alarm (DjangoMonitoring's, in apps with monitoring, are its own)
            assertEquals(1, Cfn.ofType(service, "AWS::CloudWatch::Alarm").keySet().stream()
                    .filter(id -> id.startsWith("RotationRedeploy")).count(), app.name);
            if (express && ((ExpressServiceStack) stack).getImage().getMutableTag() != null) {
                // a pushed tag does not change the service: ECR's PUSH event redeploys it, once it exists
                // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html)
                final Map<String, Object> push = Cfn.ofType(service, "AWS::Events::Rule").values().stream()
                        .filter(r -> String.valueOf(Cfn.props(r).get("EventPattern")).contains("ECR Image Action"))
                        .findFirst().orElseThrow();
                assertTrue(Cfn.dependsOn(push).contains("Service"), app + ": the push rule precedes the service");
            }
        }
    }

    /** @return the secrets a service template injects: App Runner's RuntimeEnvironmentSecrets, Express's Secrets */
    @SuppressWarnings("unchecked")
    private static List<Object> secretsOf(final Map<String, Object> service, final boolean express) {
        if (express) {
            final Map<String, Object> s = Cfn.ofType(service, "AWS::ECS::ExpressGatewayService").values().iterator().next();
            return (List<Object>) ((Map<String, Object>) Cfn.props(s).get("PrimaryContainer")).get("Secrets");
        }
        final Map<String, Object> appRunner = Cfn.ofType(service, "AWS::AppRunner::Service").values().iterator().next();
        final Map<String, Object> image = (Map<String, Object>) ((Map<String, Object>) Cfn.props(appRunner)
                .get("SourceConfiguration")).get("ImageRepository");
        return (List<Object>) ((Map<String, Object>) image.get("ImageConfiguration")).get("RuntimeEnvironmentSecrets");
    }

    /**
     * Step Functions logs through a CloudWatch Logs resource policy of limited size; log groups
     * under /aws/vendedlogs/ do not grow it (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void stepFunctionsLogGroupsAreUnderVendedLogs(final AppMatrix.Built app) {
        for (final Map<String, Object> t : templates(app)) {
            Cfn.ofType(t, "AWS::StepFunctions::StateMachine").forEach((id, m) -> {
                for (final List<String> att : Cfn.getAtts(Cfn.props(m).get("LoggingConfiguration"))) {
                    final Object name = Cfn.props(Cfn.resources(t).get(att.get(0))).get("LogGroupName");
                    assertTrue(String.valueOf(name).startsWith("/aws/vendedlogs/states/"), app + ": " + id + " logs to " + name);
                }
            });
        }
    }

    /** The resources whose service uses a role while CloudFormation creates them, and the properties naming it. */
    static final Map<String, List<String>> ROLE_USERS = Map.of(
            "AWS::AppRunner::Service", List.of("SourceConfiguration", "InstanceConfiguration"),
            "AWS::ECS::ExpressGatewayService", List.of("InfrastructureRoleArn", "ExecutionRoleArn", "TaskRoleArn"),
            "AWS::Lambda::Function", List.of("Role"),
            "AWS::StepFunctions::StateMachine", List.of("RoleArn"));

    /**
     * IAM is eventually consistent and a role's policies are separate resources: a resource whose
     * service uses the role at creation (App Runner pulls the image and reads secrets, Step Functions
     * and Lambda validate access) must depend on the role's policies, not only on the role
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void resourcesWaitForThePoliciesOfTheirRoles(final AppMatrix.Built app) {
        final List<String> missing = new ArrayList<>();
        for (final Map<String, Object> t : templates(app)) {
            ROLE_USERS.forEach((type, properties) -> Cfn.ofType(t, type).forEach((id, r) -> {
                final Set<String> roles = new TreeSet<>();
                for (final String property : properties) {
                    Cfn.walk(Cfn.props(r).get(property), n -> {
                        final String role = Cfn.roleId(n);
                        if (role != null && Cfn.resources(t).containsKey(role)
                                && "AWS::IAM::Role".equals(Cfn.resources(t).get(role).get("Type"))) {
                            roles.add(role);
                        }
                    });
                }
                for (final String role : roles) {
                    for (final String policy : Cfn.policiesOf(t, role)) {
                        if (!Cfn.dependsOn(r).contains(policy)) {
                            missing.add(type + " " + id + " -> " + policy);
                        }
                    }
                }
            }));
        }
        // a CodeBuild project uses its role when a build starts: the push that starts it waits for its policies
        for (final Map<String, Object> t : templates(app)) {
            Cfn.ofType(t, "Custom::DockerImagePush").forEach((id, push) -> {
                final Object project = ((Map<?, ?>) Cfn.props(push).get("projectName")).get("Ref");
                final String role = Cfn.roleId(Cfn.props(Cfn.resources(t).get(String.valueOf(project))).get("ServiceRole"));
                for (final String policy : Cfn.policiesOf(t, role)) {
                    if (!Cfn.dependsOn(push).contains(policy)) {
                        missing.add("Custom::DockerImagePush " + id + " -> " + policy);
                    }
                }
            });
        }
        assertEquals(List.of(), missing, app.name);
    }

    /** The IAM action of each SDK v3 command the custom-resource handlers send. */
    static final Map<String, String> COMMAND_ACTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("StartBuildCommand", "codebuild:StartBuild"),
            Map.entry("BatchGetBuildsCommand", "codebuild:BatchGetBuilds"),
            Map.entry("DescribeRepositoriesCommand", "ecr:DescribeRepositories"),
            Map.entry("DescribeImagesCommand", "ecr:DescribeImages"),
            Map.entry("AssociateCustomDomainCommand", "apprunner:AssociateCustomDomain"),
            Map.entry("DisassociateCustomDomainCommand", "apprunner:DisassociateCustomDomain"),
            Map.entry("DescribeCustomDomainsCommand", "apprunner:DescribeCustomDomains"),
            Map.entry("ChangeResourceRecordSetsCommand", "route53:ChangeResourceRecordSets"),
            Map.entry("ListResourceRecordSetsCommand", "route53:ListResourceRecordSets"),
            Map.entry("ExecuteStatementCommand", "rds-data:ExecuteStatement"),
            Map.entry("DescribeRulesCommand", "elasticloadbalancing:DescribeRules"),
            Map.entry("ModifyRuleCommand", "elasticloadbalancing:ModifyRule"),
            Map.entry("DescribeLoadBalancersCommand", "elasticloadbalancing:DescribeLoadBalancers"),
            Map.entry("GetSecretValueCommand", "secretsmanager:GetSecretValue")));
    /** Actions a role holds that no command of its handler sends, each granted by CDK or upstream code, with why. */
    static final Map<String, Set<String>> GRANTED_BEYOND_COMMANDS = Map.of(
            // DatabaseCluster.grantDataApiAccess grants the Data API's transaction actions and DescribeSecret
            "app-user-on-event", Set.of("rds-data:BatchExecuteStatement", "rds-data:BeginTransaction",
                    "rds-data:CommitTransaction", "rds-data:RollbackTransaction", "secretsmanager:DescribeSecret"),
            // cdk-docker-image-deployment grants ListBuildsForProject with BatchGetBuilds
            "image-deploy-is-complete", Set.of("codebuild:ListBuildsForProject"));
    static final List<String> HANDLERS = List.of("app-user-on-event", "custom-domain-on-event",
            "custom-domain-is-complete", "image-deploy-on-event", "image-deploy-is-complete", "express-domain-on-event");
    private static final Pattern COMMAND = Pattern.compile("new commands\\.([A-Za-z]+Command)\\(");

    /** @return which of {@link #HANDLERS} the function's code asset is, or null for another function */
    static String handlerOf(final AppMatrix.Built app, final Map<String, Object> function) {
        final String source = Templates.handlerSource(app.outdir, function);
        return HANDLERS.stream().filter(h -> HandlerCode.source(h).equals(source)).findFirst().orElse(null);
    }

    static Set<String> commandsOf(final String handler) {
        final Set<String> commands = new TreeSet<>();
        final Matcher m = COMMAND.matcher(HandlerCode.source(handler));
        while (m.find()) {
            commands.add(m.group(1));
        }
        return commands;
    }

    /**
     * Every SDK command a custom-resource handler sends is allowed by its role, and its role allows nothing
     * else but logging and what CDK's own grants add (listed with reasons). An action missing from the
     * role fails at run time with AccessDenied, after the stack reported success
     * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void handlersMayCallExactlyWhatTheySend(final AppMatrix.Built app) {
        int checked = 0;
        for (final Map<String, Object> t : templates(app)) {
            for (final Map.Entry<String, Map<String, Object>> f : Cfn.ofType(t, "AWS::Lambda::Function").entrySet()) {
                final String handler = handlerOf(app, Cfn.props(f.getValue()));
                if (handler == null) {
                    continue;
                }
                checked++;
                final Set<String> needed = new TreeSet<>();
                for (final String command : commandsOf(handler)) {
                    assertTrue(COMMAND_ACTIONS.containsKey(command), handler + " sends " + command + ": add its IAM action");
                    needed.add(COMMAND_ACTIONS.get(command));
                }
                // Route 53 is called only for a domain in a hosted zone (HostedZoneId set)
                final boolean inZone = Cfn.ofType(t, "Custom::AppRunnerCustomDomain").values().stream()
                        .anyMatch(d -> Cfn.props(d).containsKey("HostedZoneId"));
                if (handler.startsWith("custom-domain") && !inZone) {
                    needed.removeIf(a -> a.startsWith("route53:"));
                }
                final String role = Cfn.roleId(Cfn.props(f.getValue()).get("Role"));
                final Set<String> allowed = Cfn.allowedActions(t, role);
                allowed.removeIf(a -> a.startsWith("logs:"));
                // a customer-managed key on the environment (the Control Tower profile): Lambda decrypts it
                // with the function's role (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html)
                if (Cfn.props(f.getValue()).containsKey("KmsKeyArn")) {
                    allowed.remove("kms:Decrypt");
                }
                final Set<String> notAllowed = new TreeSet<>(needed);
                notAllowed.removeAll(allowed);
                assertEquals(Set.of(), notAllowed, app + ": " + f.getKey() + " (" + handler + ") may not call");
                final Set<String> extra = new TreeSet<>(allowed);
                extra.removeAll(needed);
                extra.removeAll(GRANTED_BEYOND_COMMANDS.getOrDefault(handler, Set.of()));
                assertEquals(Set.of(), extra, app + ": " + f.getKey() + " (" + handler + ") may call but never does");
            }
        }
        // an image from ECR and no domain: no custom resource of ours
        assertTrue(checked >= 1 || Set.of("public-ecr", "demo-ct-ecr-env", "express-ct-ecr").contains(app.name),
                app + ": no handler of ours found");
    }

    /**
     * Lambda's default timeout is 3 seconds: every custom-resource handler sets its own, long enough for its
     * retries (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void handlersHaveATimeoutAboveLambdasDefault(final AppMatrix.Built app) {
        for (final Map<String, Object> t : templates(app)) {
            Cfn.ofType(t, "AWS::Lambda::Function").forEach((id, f) -> {
                if (handlerOf(app, Cfn.props(f)) != null) {
                    final Object timeout = Cfn.props(f).get("Timeout");
                    assertTrue(timeout instanceof Integer && (Integer) timeout > 3, app + ": " + id + " timeout " + timeout);
                }
            });
        }
    }

    /**
     * The application user's creation authenticates as the master user, whose password is briefly
     * invalid during its first rotation: it starts after the rotation schedule and has time to retry
     * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void applicationUserWaitsForTheMasterRotationAndHasTimeToRetry(final AppMatrix.Built app) {
        final Map<String, Object> data = templates(app).get(1);
        Cfn.ofType(data, "Custom::DatabaseApplicationUser").forEach((id, user) -> {
            final Set<String> schedules = Cfn.ofType(data, "AWS::SecretsManager::RotationSchedule").keySet();
            assertTrue(Cfn.dependsOn(user).stream().anyMatch(schedules::contains),
                    app + ": " + id + " does not wait for a rotation schedule: " + Cfn.dependsOn(user));
        });
        Cfn.ofType(data, "AWS::Lambda::Function").forEach((id, f) -> {
            if ("app-user-on-event".equals(handlerOf(app, Cfn.props(f)))) {
                assertTrue((Integer) Cfn.props(f).get("Timeout") >= 600, app + ": " + id);
            }
        });
    }

    /**
     * A deletion-protected cluster cannot be deleted: without termination protection, `cdk destroy`
     * deletes the writer and leaves the stack in DELETE_FAILED
     * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html#USER_DeletionProtection).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void dataStackWithADeletionProtectedClusterRefusesToBeDestroyed(final AppMatrix.Built app) {
        final Stack data = app.stacks.get(1);
        final Map<String, Object> t = app.templates().get(data.getStackName());
        final boolean protectedCluster = Cfn.ofType(t, "AWS::RDS::DBCluster").values().stream()
                .anyMatch(c -> Boolean.TRUE.equals(Cfn.props(c).get("DeletionProtection")));
        assertTrue(protectedCluster, app.name);
        assertTrue(app.assembly().getStackByName(data.getStackName()).getTerminationProtection(), app.name);
    }

    /**
     * Rotation functions in isolated subnets reach Secrets Manager only through an interface endpoint
     * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-function-network-access.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void rotationFunctionsCanReachSecretsManager(final AppMatrix.Built app) {
        final Map<String, Object> network = templates(app).get(0);
        final boolean endpoint = Cfn.ofType(network, "AWS::EC2::VPCEndpoint").values().stream()
                .anyMatch(e -> String.valueOf(Cfn.props(e).get("ServiceName")).contains("secretsmanager"));
        assertTrue(endpoint, app + ": isolated subnets and no Secrets Manager endpoint");
    }

    /**
     * The default web ACL suits Django: SizeRestrictions_BODY (8 KB) counts instead of blocking admin
     * forms, and a private service has no IP reputation rule
     * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void defaultWebAclSuitsDjango(final AppMatrix.Built app) {
        for (final Stack stack : app.serviceStacks()) {
            final Map<String, Object> service = app.templates().get(stack.getStackName());
            final boolean isPrivate = stack instanceof ExpressServiceStack express ? express.isPrivate()
                    : ((ServiceStack) stack).getIngressConnection() != null;
            for (final Map<String, Object> acl : Cfn.ofType(service, "AWS::WAFv2::WebACL").values()) {
                final String text = String.valueOf(Cfn.props(acl).get("Rules"));
                assertTrue(text.contains("SizeRestrictions_BODY"), app.name);
                assertEquals(!isPrivate, text.contains("AWSManagedRulesAmazonIpReputationList"), app.name);
            }
        }
    }

    // ---- ECS Express Mode ----------------------------------------------------------------------

    private static Stream<Object[]> expressServices() {
        return AppMatrix.all().stream().flatMap(app -> app.expressStacks().stream().map(s -> new Object[] {app, s}));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expressProps(final AppMatrix.Built app, final ExpressServiceStack stack) {
        final Map<String, Object> t = app.templates().get(stack.getStackName());
        final Map<String, Map<String, Object>> services = Cfn.ofType(t, "AWS::ECS::ExpressGatewayService");
        assertEquals(1, services.size(), app + "/" + stack.getStackName());
        return Cfn.props(services.values().iterator().next());
    }

    /** The matrix has Express apps, environment-agnostic and environment-specific, and the migration. */
    @Test
    void theMatrixCoversExpressMode() {
        assertTrue(expressServices().count() >= 3, "Express services in the matrix");
        assertTrue(AppMatrix.all().stream().anyMatch(a -> a.compute.equals("both")), "the migration app");
    }

    /**
     * CPU and memory are explicit and a Fargate task size: 256 to 4096 CPU units with the memory
     * Fargate allows for each (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html),
     * memory 512 to 8192 MiB (the range documented for Express by the Terraform AWS provider; AWS's
     * Express pages give no table and disagree on the defaults:
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html says 1024/2048,
     * the CloudFormation reference 256/512).
     */
    @Test
    void expressCpuAndMemoryAreExplicitAndAFargateSize() {
        final Map<Integer, List<Integer>> sizes = Map.of(256, List.of(512, 1024, 2048), 512, List.of(1024, 2048, 3072, 4096),
                1024, List.of(2048, 3072, 4096, 5120, 6144, 7168, 8192), 2048, List.of(4096, 5120, 6144, 7168, 8192),
                4096, List.of(8192));
        expressServices().forEach(a -> {
            final Map<String, Object> props = expressProps((AppMatrix.Built) a[0], (ExpressServiceStack) a[1]);
            final int cpu = Integer.parseInt(String.valueOf(props.get("Cpu")));
            final int memory = Integer.parseInt(String.valueOf(props.get("Memory")));
            assertTrue(sizes.getOrDefault(cpu, List.of()).contains(memory), a[0] + ": " + cpu + "/" + memory);
        });
    }

    /**
     * The health check path is explicit and a path: it "must start with a forward slash and can include
     * query parameters" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html),
     * at most 1024 characters as a target group's
     * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html).
     */
    @Test
    void expressHealthCheckPathIsExplicitAndAPath() {
        expressServices().forEach(a -> {
            final String path = String.valueOf(expressProps((AppMatrix.Built) a[0], (ExpressServiceStack) a[1]).get("HealthCheckPath"));
            assertTrue(path.startsWith("/") && path.length() <= 1024 && !path.contains(" "), a[0] + ": " + path);
        });
    }

    /**
     * A service name has "up to 255 letters (uppercase and lowercase), numbers, underscores, and
     * hyphens" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateExpressGatewayService.html).
     */
    @Test
    void expressServiceNamesFollowTheApi() {
        expressServices().forEach(a -> {
            final Object name = expressProps((AppMatrix.Built) a[0], (ExpressServiceStack) a[1]).get("ServiceName");
            assertTrue(name == null || String.valueOf(name).matches("^[A-Za-z0-9_-]{1,255}$"), a[0] + ": " + name);
        });
    }

    /**
     * Express puts the load balancer and the tasks in the same subnets; public ones give an
     * internet-facing load balancer, private ones an internal one
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html). A load
     * balancer takes one subnet per zone, in at least two zones
     * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer);
     * the first Express service in a VPC fixes its load balancer's subnets, so every zone of the VPC
     * is used. One VPC: the subnets are the VPC's, and the tasks join its database-client group.
     */
    @Test
    @SuppressWarnings("unchecked")
    void expressSubnetsAreOneVpcOnePerZoneEveryZoneOneKind() {
        expressServices().forEach(a -> {
            final ExpressServiceStack stack = (ExpressServiceStack) a[1];
            final List<ISubnet> subnets = stack.getSubnets();
            final Set<String> zones = new TreeSet<>();
            subnets.forEach(s -> zones.add(s.getAvailabilityZone()));
            assertEquals(subnets.size(), zones.size(), a[0] + ": one subnet per zone");
            assertTrue(zones.size() >= 2, a[0] + ": two zones at least");
            assertEquals(new TreeSet<>(stack.getVpc().getAvailabilityZones()), zones, a[0] + ": every zone");
            final Set<String> publicIds = new TreeSet<>();
            stack.getVpc().getPublicSubnets().forEach(s -> publicIds.add(s.getSubnetId()));
            final Set<String> all = new TreeSet<>();
            for (final List<ISubnet> group : List.of(stack.getVpc().getPublicSubnets(), stack.getVpc().getPrivateSubnets(),
                    stack.getVpc().getIsolatedSubnets())) {
                group.forEach(s -> all.add(s.getSubnetId()));
            }
            for (final ISubnet subnet : subnets) {
                assertTrue(all.contains(subnet.getSubnetId()), a[0] + ": a subnet of another VPC");
                assertEquals(!stack.isPrivate(), publicIds.contains(subnet.getSubnetId()), a[0] + ": public xor private");
            }
            final Map<String, Object> network = (Map<String, Object>) expressProps((AppMatrix.Built) a[0], stack)
                    .get("NetworkConfiguration");
            assertEquals(subnets.size(), ((List<Object>) network.get("Subnets")).size(), String.valueOf(a[0]));
            assertEquals(1, ((List<Object>) network.get("SecurityGroups")).size(), a[0] + ": the database-client group");
        });
    }

    /**
     * Every secret is a complete Secrets Manager ARN with {@code :<json key>::}, or an SSM parameter
     * ARN (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html),
     * and the execution role may read each of them and no other
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
     */
    @Test
    @SuppressWarnings("unchecked")
    void expressSecretsAreOnesTheExecutionRoleMayRead() {
        expressServices().forEach(a -> {
            final AppMatrix.Built app = (AppMatrix.Built) a[0];
            final ExpressServiceStack stack = (ExpressServiceStack) a[1];
            final Map<String, Object> t = app.templates().get(stack.getStackName());
            final Set<String> read = new TreeSet<>();
            for (final Object s : (List<Object>) ((Map<String, Object>) expressProps(app, stack).get("PrimaryContainer")).get("Secrets")) {
                final Object value = ((Map<String, Object>) s).get("ValueFrom");
                if (value instanceof Map<?, ?> map && map.containsKey("Fn::Join")) {
                    final List<Object> parts = (List<Object>) ((List<Object>) map.get("Fn::Join")).get(1);
                    assertEquals(2, parts.size(), app + ": " + value);
                    assertTrue(String.valueOf(parts.get(1)).matches("^:[a-z]+::$"), app + ": " + value);
                    read.add(String.valueOf(parts.get(0)));
                } else {
                    read.add(String.valueOf(value));
                }
            }
            final String role = Cfn.roleId(Map.of("Fn::GetAtt", List.of(Templates.logicalId(stack, stack.getExecutionRole()), "Arn")));
            final Set<String> granted = new TreeSet<>();
            for (final String policy : Cfn.policiesOf(t, role)) {
                final Map<String, Object> doc = (Map<String, Object>) Cfn.props(Cfn.resources(t).get(policy)).get("PolicyDocument");
                for (final Object st : (List<Object>) doc.get("Statement")) {
                    final Map<String, Object> statement = (Map<String, Object>) st;
                    if (String.valueOf(statement.get("Action")).contains("secretsmanager:GetSecretValue")) {
                        final Object resource = statement.get("Resource");
                        (resource instanceof List ? (List<Object>) resource : List.of(resource))
                                .forEach(r -> granted.add(String.valueOf(r)));
                    }
                }
            }
            assertEquals(read, granted, app + ": the execution role reads exactly the service's secrets");
        });
    }

    /**
     * The infrastructure role is trusted by ECS and has the managed policy AWS documents for Express
     * Mode (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html);
     * the execution and task roles are trusted by ECS tasks.
     */
    @Test
    @SuppressWarnings("unchecked")
    void expressRolesAreTheDocumentedOnes() {
        expressServices().forEach(a -> {
            final AppMatrix.Built app = (AppMatrix.Built) a[0];
            final ExpressServiceStack stack = (ExpressServiceStack) a[1];
            final Map<String, Object> t = app.templates().get(stack.getStackName());
            final Map<String, Object> infra = Cfn.props(Cfn.resources(t).get(Templates.logicalId(stack, stack.getInfrastructureRole())));
            assertTrue(String.valueOf(infra.get("AssumeRolePolicyDocument")).contains("Service=ecs.amazonaws.com"), app.name);
            assertTrue(String.valueOf(infra.get("ManagedPolicyArns")).contains(
                    ":iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices"), app.name);
            for (final var role : List.of(stack.getExecutionRole(), stack.getTaskRole())) {
                final Map<String, Object> props = Cfn.props(Cfn.resources(t).get(Templates.logicalId(stack, role)));
                assertTrue(String.valueOf(props.get("AssumeRolePolicyDocument")).contains("Service=ecs-tasks.amazonaws.com"), app.name);
            }
        });
    }

    /**
     * WAF associates web ACLs with load balancers, not ECS services
     * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-application-integration.html): the
     * association's resource is the Express service's load balancer (ECSManagedResourceArns).
     */
    @Test
    void expressWebAclIsOnTheLoadBalancer() {
        expressServices().forEach(a -> {
            final AppMatrix.Built app = (AppMatrix.Built) a[0];
            final Map<String, Object> t = app.templates().get(((ExpressServiceStack) a[1]).getStackName());
            Cfn.ofType(t, "AWS::WAFv2::WebACLAssociation").values().forEach(assoc -> assertEquals(
                    Map.of("Fn::GetAtt", List.of("Service", "ECSManagedResourceArns.IngressPath.LoadBalancerArn")),
                    Cfn.props(assoc).get("ResourceArn"), app.name));
        });
    }

    /**
     * Weighted records of one name share one type (a CNAME beside an alias A record is not weighed
     * against it), carry distinct set identifiers and weights 0 to 255
     * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html), and one
     * TTL (Route 53: "weighted sets must contain the same TTL", hashicorp/terraform-provider-aws#1961); the
     * domain has no simple record beside them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void weightedRecordsShareNameAndType(final AppMatrix.Built app) {
        final Map<String, Set<String>> typesByName = new TreeMap<>();
        final Map<String, Set<String>> idsByName = new TreeMap<>();
        final Map<String, Set<String>> ttlsByName = new TreeMap<>();
        final Map<String, Integer> plainByName = new TreeMap<>();
        for (final Map<String, Object> t : templates(app)) {
            for (final Map<String, Object> record : Cfn.ofType(t, "AWS::Route53::RecordSet").values()) {
                final Map<String, Object> props = Cfn.props(record);
                final String name = String.valueOf(props.get("Name"));
                if (props.containsKey("Weight")) {
                    typesByName.computeIfAbsent(name, n -> new TreeSet<>()).add(String.valueOf(props.get("Type")));
                    ttlsByName.computeIfAbsent(name, n -> new TreeSet<>()).add(String.valueOf(props.get("TTL")));
                    assertTrue(idsByName.computeIfAbsent(name, n -> new TreeSet<>()).add(String.valueOf(props.get("SetIdentifier"))),
                            app + ": set identifier twice for " + name);
                    final int weight = (Integer) props.get("Weight");
                    assertTrue(weight >= 0 && weight <= 255, app + ": weight " + weight);
                } else {
                    plainByName.merge(name, 1, Integer::sum);
                }
            }
        }
        typesByName.forEach((name, types) -> {
            assertEquals(1, types.size(), app + ": " + name + " weighted with types " + types);
            assertEquals(1, ttlsByName.get(name).size(), app + ": " + name + " weighted with TTLs " + ttlsByName.get(name));
            assertTrue(!ttlsByName.get(name).contains("null"), app + ": " + name + " weighted CNAME without a TTL");
            assertTrue(!plainByName.containsKey(name), app + ": " + name + " has a plain record beside weighted ones");
        });
        assertEquals(app.compute.equals("both"), !typesByName.isEmpty(), app + ": weighted records only in the migration");
    }
}
