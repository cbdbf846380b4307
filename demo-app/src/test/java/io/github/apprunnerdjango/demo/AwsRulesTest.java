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

import io.github.apprunnerdjango.internal.InlineHandlers;
import io.github.apprunnerdjango.service.ServiceEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;

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
        assertEquals(1, services, app.name);
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
                assertTrue(InlineHandlers.source(handler.getKey()).contains(att.get(1)),
                        app + ": " + handler.getKey() + ".js never returns " + att.get(1));
            }
        }
    }

    /**
     * App Runner resolves secrets when it deploys. The redeploy listens to Secrets Manager's native
     * event (no CloudTrail: https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html)
     * for every secret the service reads, retries StartDeployment while another operation runs
     * (InvalidStateException: https://docs.aws.amazon.com/apprunner/latest/api/API_StartDeployment.html),
     * and alarms when a run fails.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void redeployFollowsEverySecretTheServiceReads(final AppMatrix.Built app) {
        final Map<String, Object> service = templates(app).get(2);
        final Map<String, Object> rule = Cfn.ofType(service, "AWS::Events::Rule").values().iterator().next();
        final Map<String, Object> pattern = (Map<String, Object>) Cfn.props(rule).get("EventPattern");
        assertEquals(List.of("Secret Label Updated"), pattern.get("detail-type"), app.name);
        assertEquals(Map.of("labelUpdated", List.of("AWSCURRENT")), pattern.get("detail"), app.name);
        // a secret is referenced by an import, an SSM parameter (Ref) or a literal ARN: compare the references
        final Set<String> secretRefs = new TreeSet<>();
        final Map<String, Object> appRunner = Cfn.ofType(service, "AWS::AppRunner::Service").values().iterator().next();
        final Map<String, Object> image = (Map<String, Object>) ((Map<String, Object>) Cfn.props(appRunner)
                .get("SourceConfiguration")).get("ImageRepository");
        for (final Object s : (List<Object>) ((Map<String, Object>) image.get("ImageConfiguration"))
                .get("RuntimeEnvironmentSecrets")) {
            final List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) ((Map<String, Object>) s)
                    .get("Value")).get("Fn::Join")).get(1);
            secretRefs.add(String.valueOf(parts.get(0)));
        }
        final Set<String> watched = new TreeSet<>();
        ((List<Object>) pattern.get("resources")).forEach(r -> watched.add(String.valueOf(r)));
        assertEquals(secretRefs, watched, app + ": every secret of the service, and only those");
        final String definition = Cfn.ofType(service, "AWS::StepFunctions::StateMachine").values().stream()
                .map(m -> String.valueOf(Cfn.props(m).get("DefinitionString")))
                .filter(d -> d.contains("apprunner:startDeployment")).findFirst().orElseThrow();
        assertTrue(definition.contains("AppRunner.InvalidStateException"), app + ": no retry on InvalidStateException");
        assertEquals(1, Cfn.ofType(service, "AWS::CloudWatch::Alarm").size(), app.name);
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

    /** The IAM action of each SDK v3 command the inline handlers send. */
    static final Map<String, String> COMMAND_ACTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("StartBuildCommand", "codebuild:StartBuild"),
            Map.entry("BatchGetBuildsCommand", "codebuild:BatchGetBuilds"),
            Map.entry("DescribeRepositoriesCommand", "ecr:DescribeRepositories"),
            Map.entry("DescribeImagesCommand", "ecr:DescribeImages"),
            Map.entry("AssociateCustomDomainCommand", "apprunner:AssociateCustomDomain"),
            Map.entry("DisassociateCustomDomainCommand", "apprunner:DisassociateCustomDomain"),
            Map.entry("DescribeCustomDomainsCommand", "apprunner:DescribeCustomDomains"),
            Map.entry("ChangeResourceRecordSetsCommand", "route53:ChangeResourceRecordSets"),
            Map.entry("ExecuteStatementCommand", "rds-data:ExecuteStatement"),
            Map.entry("GetSecretValueCommand", "secretsmanager:GetSecretValue")));
    /** Actions a role holds that no command of its handler sends, each granted by CDK or upstream code, with why. */
    static final Map<String, Set<String>> GRANTED_BEYOND_COMMANDS = Map.of(
            // DatabaseCluster.grantDataApiAccess grants the Data API's transaction actions and DescribeSecret
            "app-user-on-event", Set.of("rds-data:BatchExecuteStatement", "rds-data:BeginTransaction",
                    "rds-data:CommitTransaction", "rds-data:RollbackTransaction", "secretsmanager:DescribeSecret"),
            // cdk-docker-image-deployment grants ListBuildsForProject with BatchGetBuilds
            "image-deploy-is-complete", Set.of("codebuild:ListBuildsForProject"));
    static final List<String> HANDLERS = List.of("app-user-on-event", "custom-domain-on-event",
            "custom-domain-is-complete", "image-deploy-on-event", "image-deploy-is-complete");
    private static final Pattern COMMAND = Pattern.compile("new commands\\.([A-Za-z]+Command)\\(");

    static Set<String> commandsOf(final String handler) {
        final Set<String> commands = new TreeSet<>();
        final Matcher m = COMMAND.matcher(InlineHandlers.source(handler));
        while (m.find()) {
            commands.add(m.group(1));
        }
        return commands;
    }

    /**
     * Every SDK command an inline handler sends is allowed by its role, and its role allows nothing
     * else but logging and what CDK's own grants add (listed with reasons). An action missing from the
     * role fails at run time with AccessDenied, after the stack reported success
     * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void inlineHandlersMayCallExactlyWhatTheySend(final AppMatrix.Built app) {
        int checked = 0;
        for (final Map<String, Object> t : templates(app)) {
            for (final Map.Entry<String, Map<String, Object>> f : Cfn.ofType(t, "AWS::Lambda::Function").entrySet()) {
                final Object code = ((Map<String, Object>) Cfn.props(f.getValue()).getOrDefault("Code", Map.of())).get("ZipFile");
                final String handler = HANDLERS.stream().filter(h -> InlineHandlers.source(h).equals(code)).findFirst().orElse(null);
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
                    needed.remove("route53:ChangeResourceRecordSets");
                }
                final String role = Cfn.roleId(Cfn.props(f.getValue()).get("Role"));
                final Set<String> allowed = Cfn.allowedActions(t, role);
                allowed.removeIf(a -> a.startsWith("logs:"));
                final Set<String> notAllowed = new TreeSet<>(needed);
                notAllowed.removeAll(allowed);
                assertEquals(Set.of(), notAllowed, app + ": " + f.getKey() + " (" + handler + ") may not call");
                final Set<String> extra = new TreeSet<>(allowed);
                extra.removeAll(needed);
                extra.removeAll(GRANTED_BEYOND_COMMANDS.getOrDefault(handler, Set.of()));
                assertEquals(Set.of(), extra, app + ": " + f.getKey() + " (" + handler + ") may call but never does");
            }
        }
        assertTrue(checked >= 1 || app.name.equals("public-ecr"), app + ": no inline handler found");
    }

    /**
     * Lambda's default timeout is 3 seconds: every inline handler sets its own, long enough for its
     * retries (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    @SuppressWarnings("unchecked")
    void inlineHandlersHaveATimeoutAboveLambdasDefault(final AppMatrix.Built app) {
        for (final Map<String, Object> t : templates(app)) {
            Cfn.ofType(t, "AWS::Lambda::Function").forEach((id, f) -> {
                final Object code = ((Map<String, Object>) Cfn.props(f).getOrDefault("Code", Map.of())).get("ZipFile");
                if (code != null && HANDLERS.stream().anyMatch(h -> InlineHandlers.source(h).equals(code))) {
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
            @SuppressWarnings("unchecked")
            final Object code = ((Map<String, Object>) Cfn.props(f).getOrDefault("Code", Map.of())).get("ZipFile");
            if (InlineHandlers.source("app-user-on-event").equals(code)) {
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
    @SuppressWarnings("unchecked")
    void defaultWebAclSuitsDjango(final AppMatrix.Built app) {
        final Map<String, Object> service = templates(app).get(2);
        final boolean isPrivate = Cfn.getAtts(service).stream().noneMatch(a -> a.get(1).equals("ServiceUrl"));
        for (final Map<String, Object> acl : Cfn.ofType(service, "AWS::WAFv2::WebACL").values()) {
            final String text = String.valueOf(Cfn.props(acl).get("Rules"));
            assertTrue(text.contains("SizeRestrictions_BODY"), app.name);
            assertEquals(!isPrivate, text.contains("AWSManagedRulesAmazonIpReputationList"), app.name);
        }
    }
}
