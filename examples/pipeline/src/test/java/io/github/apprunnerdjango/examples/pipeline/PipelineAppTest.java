package io.github.apprunnerdjango.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.constructs.IConstruct;

/**
 * Builds the app as {@code cdk synth} does (this project's {@code cdk.json}), with cdk-nag's
 * AwsSolutions pack added to the app before the pipeline is built, and checks the pipeline stack and
 * every stage's stacks.
 */
class PipelineAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path outdir;

    private static Settings settings;
    private static PipelineStack pipeline;
    private static CloudAssembly assembly;

    @BeforeAll
    static void synthesize() {
        final App app = CdkJson.app(outdir);
        // before the pipeline: CDK Pipelines synthesizes each stage when it is added, and each stage
        // takes the app's aspects in its constructor (CDK stops an aspect at a Stage)
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).logIgnores(true).build()));
        settings = Settings.fromContext(app.getNode());
        pipeline = PipelineApp.build(app);
        assembly = app.synth();
    }

    /** @return the pipeline stack, then each stage's stacks */
    private static List<Stack> allStacks() {
        final List<Stack> stacks = new ArrayList<>(List.of(pipeline));
        pipeline.getStages().forEach(stage -> stacks.addAll(stage.getStacks()));
        return stacks;
    }

    private static CloudFormationStackArtifact artifact(final Stack stack) {
        return stack == pipeline ? assembly.getStackArtifact(stack.getArtifactId())
                : stack.getNode().getScope() instanceof DjangoStage stage
                ? stage.synth().getStackArtifact(stack.getArtifactId())
                : null;
    }

    private static String account(final Stack stack) {
        return stack == pipeline ? settings.pipelineAccount() : stack.getAccount();
    }

    @Test
    void thePipelineDeploysAPlatformAndAnOrdersStackToEachStage() {
        assertEquals(List.of(PipelineApp.PIPELINE_STACK),
                assembly.getStacks().stream().map(CloudFormationStackArtifact::getStackName).toList());
        assertEquals(List.of(new Settings.StageSettings("Dev", "111111111111"),
                new Settings.StageSettings("Prod", "222222222222")), settings.stages());
        for (int i = 0; i < settings.stages().size(); i++) {
            final Settings.StageSettings expected = settings.stages().get(i);
            final DjangoStage stage = pipeline.getStages().get(i);
            assertEquals(List.of(expected.name() + "-Orders", expected.name() + "-Platform"), stage.synth().getStacks()
                    .stream().map(CloudFormationStackArtifact::getStackName).sorted().toList());
            for (final Stack stack : stage.getStacks()) {
                assertEquals(expected.account(), stack.getAccount(), stack.getStackName());
                assertEquals(settings.region(), stack.getRegion(), stack.getStackName());
            }
            assertTrue(stage.getOrders().getDependencies().contains(stage.getPlatform()),
                    "Orders deploys after Platform");
            Template.fromStack(stage.getPlatform()).resourceCountIs("AWS::RDS::DBCluster", 1);
            Template.fromStack(stage.getOrders()).resourceCountIs("AWS::AppRunner::Service", 1);
        }
        assertNotEquals(settings.stages().get(0).account(), settings.stages().get(1).account());
    }

    /**
     * The pipeline's synth step has no credentials for the stages' accounts, so the app must need no
     * context lookup. aws-cdk-lib's Vpc reads the stack's zones even when it is given zone IDs (to
     * check given zones against them): cdk.json holds those lookups' results.
     * https://docs.aws.amazon.com/cdk/v2/guide/context.html
     */
    @Test
    void synthesisNeedsNoLookup() {
        assertEquals(List.of(), missingContext(assembly));
        for (final DjangoStage stage : pipeline.getStages()) {
            assertEquals(List.of(), missingContext(stage.synth()), stage.getStageName());
        }
    }

    private static List<String> missingContext(final CloudAssembly cloudAssembly) {
        final var missing = cloudAssembly.getManifest().getMissing();
        return missing == null ? List.of() : missing.stream().map(m -> m.getKey()).toList();
    }

    /**
     * The service reads the database of the other stack through SSM parameters named by the
     * database's stack, never through an export of a secret.
     */
    @Test
    void ordersReadsTheDatabaseThroughSsmParameters() {
        for (final DjangoStage stage : pipeline.getStages()) {
            final Map<String, Object> template = Template.fromStack(stage.getOrders()).toJSON();
            final String parameters = template.get("Parameters").toString();
            assertTrue(parameters.contains("/apprunner-django/" + stage.getPlatform().getStackName()
                    + "/Database/service-database-secret-arn"), parameters);
            assertFalse(template.toString().matches("(?s).*Fn::ImportValue=[^}]*Secret.*"), "no secret is exported");
        }
    }

    /**
     * Every role, in the pipeline stack and in each stage's stacks, has the team's boundary in its
     * own account.
     * https://docs.aws.amazon.com/cdk/v2/guide/customize-permissions-boundaries.html
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
     */
    @Test
    void everyRoleOfEveryStackCarriesTheBoundary() {
        final List<String> without = new ArrayList<>();
        int roles = 0;
        for (final Stack stack : allStacks()) {
            final Map<String, Map<String, Object>> found = Template.fromStack(stack).findResources("AWS::IAM::Role");
            assertFalse(found.isEmpty(), stack.getStackName() + " has roles");
            final String boundary = "arn:aws:iam::" + account(stack) + ":policy/" + settings.permissionsBoundary();
            for (final var role : found.entrySet()) {
                roles++;
                final Object set = ((Map<?, ?>) role.getValue().get("Properties")).get("PermissionsBoundary");
                if (!boundary.equals(set)) {
                    without.add(stack.getStackName() + "/" + role.getKey() + ": " + set);
                }
            }
        }
        assertEquals(List.of(), without, "roles without the boundary");
        assertTrue(roles >= 19, "roles seen: " + roles);
    }

    @Test
    void cdkNagAwsSolutionsReportsNothingOnAnyStack() {
        for (final Stack stack : allStacks()) {
            assertEquals(List.of(), findings(stack), stack.getStackName());
        }
    }

    /**
     * The checks reached each stage's stacks: the library's own suppressions were logged there. (An
     * aspect of the app alone stops at the Stage, and the stages would pass unchecked.)
     */
    @Test
    void cdkNagCheckedEveryStageStack() {
        for (final DjangoStage stage : pipeline.getStages()) {
            for (final Stack stack : stage.getStacks()) {
                assertFalse(suppressedFindings(stack).isEmpty(), stack.getStackName() + " was not checked");
            }
        }
    }

    /** Each suppression the app writes on the pipeline stack matches a finding (none is stale or too wide). */
    @Test
    void everySuppressionOfThePipelineStackMatchesAFinding() {
        final List<String> suppressed = suppressedFindings(pipeline);
        final List<String> unused = new ArrayList<>();
        int written = 0;
        for (final IConstruct construct : pipeline.getNode().findAll()) {
            // the stages are below the pipeline stack in the tree, with stacks of their own
            if (!(construct instanceof CfnResource resource) || Stack.of(resource) != pipeline
                    || !(resource.getMetadata("cdk_nag") instanceof Map<?, ?> nag)) {
                continue;
            }
            for (final Object rule : (List<?>) nag.get("rules_to_suppress")) {
                final Map<?, ?> suppression = (Map<?, ?>) rule;
                final List<?> appliesTo = (List<?>) suppression.get("applies_to");
                for (final Object finding : appliesTo == null ? List.of("") : appliesTo) {
                    written++;
                    final String expected = "/" + resource.getNode().getPath() + " CdkNagSuppression"
                            + (finding.toString().isEmpty() ? "" : "[" + finding + "]") + ": " + suppression.get("id");
                    if (suppressed.stream().noneMatch(s -> s.startsWith(expected + " was triggered"))) {
                        unused.add(expected);
                    }
                }
            }
        }
        assertEquals(List.of(), unused, "suppressions without a finding; findings: " + suppressed);
        assertTrue(written >= 40, "suppressions written: " + written);
    }

    /** cdk-nag's errors and warnings ({@code SynthesisMessage} is deprecated, and still what assertions return). */
    @SuppressWarnings("deprecation")
    private static List<String> findings(final Stack stack) {
        final Annotations annotations = Annotations.fromStack(stack);
        return Stream.concat(
                        annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream(),
                        annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream())
                .map(m -> m.getId() + " " + m.getEntry().getData())
                .toList();
    }

    /** The findings cdk-nag suppressed ({@code logIgnores}), as {@code <path> CdkNagSuppression[...]: <rule> ...}. */
    @SuppressWarnings("deprecation")
    private static List<String> suppressedFindings(final Stack stack) {
        return Annotations.fromStack(stack).findInfo("*", Match.stringLikeRegexp("CdkNagSuppression.*")).stream()
                .map(m -> m.getId() + " " + m.getEntry().getData())
                .toList();
    }

    /**
     * The pipeline deploys through each account's bootstrap roles and to its staging bucket, all under
     * the team's qualifier; nothing refers to the default qualifier.
     * https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-customizing.html
     */
    @Test
    void everyStackUsesTheTeamsQualifier() throws IOException {
        final String q = settings.qualifier();
        final String region = settings.region();
        for (final DjangoStage stage : pipeline.getStages()) {
            for (final Stack stack : stage.getStacks()) {
                final String account = stack.getAccount();
                final String suffix = account + "-" + region;
                final CloudFormationStackArtifact artifact = artifact(stack);
                assertEquals("arn:${AWS::Partition}:iam::" + account + ":role/cdk-" + q + "-deploy-role-" + suffix,
                        artifact.getAssumeRoleArn());
                assertEquals("arn:${AWS::Partition}:iam::" + account + ":role/cdk-" + q + "-cfn-exec-role-" + suffix,
                        artifact.getCloudFormationExecutionRoleArn());
                assertTrue(artifact.getStackTemplateAssetObjectUrl().startsWith("s3://cdk-" + q + "-assets-" + suffix + "/"),
                        artifact.getStackTemplateAssetObjectUrl());
                assertEquals("/cdk-bootstrap/" + q + "/version", bootstrapVersionParameter(stack));
                // the asset manifest: where the pipeline's asset step publishes, with which role
                final JsonNode files = JSON.readTree(Path.of(stage.synth().getDirectory(),
                        artifact.getId() + ".assets.json").toFile()).get("files");
                assertTrue(files.size() > 0, stack.getStackName());
                files.forEach(file -> file.get("destinations").forEach(destination -> {
                    assertEquals("cdk-" + q + "-assets-" + suffix, destination.get("bucketName").asText());
                    assertEquals("arn:${AWS::Partition}:iam::" + account + ":role/cdk-" + q + "-file-publishing-role-"
                            + suffix, destination.get("assumeRoleArn").asText());
                }));
            }
            // the pipeline's deploy actions use the stage account's deploy and execution roles
            final String pipelineTemplate = Template.fromStack(pipeline).toJSON().toString();
            final String account = stage.getPlatform().getAccount();
            for (final String role : List.of("deploy-role", "cfn-exec-role", "file-publishing-role")) {
                assertTrue(pipelineTemplate.contains(":iam::" + account + ":role/cdk-" + q + "-" + role + "-" + account
                        + "-" + region), role + " of " + stage.getStageName());
            }
        }
        assertEquals("/cdk-bootstrap/" + q + "/version", bootstrapVersionParameter(pipeline));
        assertEquals("arn:${AWS::Partition}:iam::" + settings.pipelineAccount() + ":role/cdk-" + q + "-deploy-role-"
                + settings.pipelineAccount() + "-" + region, artifact(pipeline).getAssumeRoleArn());
        final List<String> defaultQualifier = new ArrayList<>();
        try (Stream<Path> files = Files.walk(outdir)) {
            for (final Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.readString(file).contains("hnb659fds")) {
                    defaultQualifier.add(outdir.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), defaultQualifier, "files naming the default qualifier");
    }

    private static String bootstrapVersionParameter(final Stack stack) {
        final Map<?, ?> parameters = (Map<?, ?>) Template.fromStack(stack).toJSON().get("Parameters");
        return ((Map<?, ?>) parameters.get("BootstrapVersion")).get("Default").toString();
    }

    /**
     * One class builds every stage: dev's and prod's templates differ in the stage's name and account
     * only. CDK derives logical ids and generated names from the construct path, which holds the
     * stage's name, with an 8-digit hash of the path; a generated name cut to its limit keeps its end.
     */
    @Test
    void theStagesDifferOnlyInTheirNameAndAccount() throws IOException {
        final DjangoStage dev = pipeline.getStages().get(0);
        final DjangoStage prod = pipeline.getStages().get(1);
        for (int i = 0; i < dev.getStacks().size(); i++) {
            final String devTemplate = Files.readString(Path.of(artifact(dev.getStacks().get(i)).getTemplateFullPath()));
            final String prodTemplate = Files.readString(Path.of(artifact(prod.getStacks().get(i)).getTemplateFullPath()));
            assertTrue(devTemplate.contains("111111111111") && prodTemplate.contains("222222222222"));
            assertEquals(withoutStage(devTemplate, dev), withoutStage(prodTemplate, prod),
                    dev.getStacks().get(i).getNode().getId());
        }
    }

    private static String withoutStage(final String template, final DjangoStage stage) {
        final String name = stage.getNode().getId();
        return template.replace(stage.getPlatform().getAccount(), "<account>")
                // a name made of the path DjangoPipeline/<stage>/..., whole or cut at its start
                .replaceAll("[A-Za-z0-9]*Pipeline" + name, "<path>")
                .replace(name, "<stage>")
                .replaceAll("[0-9A-F]{8}", "<hash>");
    }

    @Test
    void theSourceIsAConnectionAndProdWaitsForAnApproval() {
        final Template template = Template.fromStack(pipeline);
        final Map<?, ?> properties = (Map<?, ?>) template.findResources("AWS::CodePipeline::Pipeline").values()
                .iterator().next().get("Properties");
        final List<?> stages = (List<?>) properties.get("Stages");
        assertEquals(List.of("Source", "Build", "UpdatePipeline", "Assets", "Dev", "Prod"),
                stages.stream().map(s -> ((Map<?, ?>) s).get("Name")).toList());
        final Map<?, ?> source = (Map<?, ?>) ((List<?>) ((Map<?, ?>) stages.get(0)).get("Actions")).get(0);
        assertEquals("CodeStarSourceConnection", ((Map<?, ?>) source.get("ActionTypeId")).get("Provider"));
        assertEquals(Map.of("ConnectionArn", settings.connectionArn(), "FullRepositoryId", settings.repository(),
                "BranchName", settings.branch()), source.get("Configuration"));
        assertFalse(template.toJSON().toString().contains("secretsmanager"), "no token in Secrets Manager");
        // dev deploys at once; prod's first action is the approval, every deployment runs after it
        assertEquals(List.of(), approvals(stages.get(4)));
        assertEquals(List.of("PromoteToProd@1"), approvals(stages.get(5)));
        for (final Object action : (List<?>) ((Map<?, ?>) stages.get(5)).get("Actions")) {
            final Map<?, ?> a = (Map<?, ?>) action;
            if (!"Manual".equals(((Map<?, ?>) a.get("ActionTypeId")).get("Provider"))) {
                assertTrue(((Number) a.get("RunOrder")).intValue() > 1, a.get("Name").toString());
            }
        }
        // the synth step, and the artifact key's rotation (cross-account artifacts are KMS-encrypted)
        template.hasResourceProperties("AWS::CodeBuild::Project", Map.of("Source", Map.of(
                "Type", "CODEPIPELINE",
                "BuildSpec", Match.serializedJson(Match.objectLike(Map.of("phases", Map.of("build", Map.of(
                        "commands", PipelineStack.SYNTH_COMMANDS))))))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    private static List<String> approvals(final Object stage) {
        return ((List<?>) ((Map<?, ?>) stage).get("Actions")).stream().map(a -> (Map<?, ?>) a)
                .filter(a -> "Manual".equals(((Map<?, ?>) a.get("ActionTypeId")).get("Provider")))
                .map(a -> a.get("Name") + "@" + a.get("RunOrder"))
                .toList();
    }
}
