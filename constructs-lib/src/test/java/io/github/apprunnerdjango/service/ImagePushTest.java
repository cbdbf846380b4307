package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apprunnerdjango.internal.HandlerCode;
import io.github.apprunnerdjango.testing.Templates;
import software.amazon.awscdk.App;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** ImageSource.buildAndPush: cdk-docker-image-deployment, with its handlers, build image and order fixed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagePushTest {
    private static final String SERVICE = "AWS::AppRunner::Service";

    private ServiceStack stack;
    private Template template;
    private Map<String, Object> json;
    private String jsonText;

    @BeforeAll
    void synth() throws Exception {
        final ServiceFixture f = new ServiceFixture();
        stack = f.service("Service", b -> b.image(ImageSource.buildAndPush(ServiceValidationTest.IMAGE_DIR)));
        template = Template.fromStack(stack);
        json = template.toJSON();
        jsonText = new ObjectMapper().writeValueAsString(json);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> resources(final String type, final String logicalIdPrefix) {
        final Map<String, Map<String, Object>> found = new TreeMap<>();
        ((Map<String, Object>) (Map<String, ?>) template.findResources(type)).forEach((id, r) -> {
            if (id.startsWith(logicalIdPrefix)) {
                found.put(id, (Map<String, Object>) ((Map<String, Object>) r).get("Properties"));
            }
        });
        return found;
    }

    @Test
    @SuppressWarnings("unchecked")
    void deploymentHandlersAreSdkV3CodeOnNode24() {
        final Map<String, Map<String, Object>> handlers = new TreeMap<>();
        resources("AWS::Lambda::Function", "ImagePushDeployment").forEach((id, p) -> {
            if (id.contains("onEventHandler") || id.contains("isCompleteHandler")) {
                handlers.put(id, p);
            }
        });
        assertEquals(2, handlers.size(), "onEvent and isComplete handlers: " + handlers.keySet());
        for (final Map.Entry<String, Map<String, Object>> e : handlers.entrySet()) {
            final Map<String, Object> p = e.getValue();
            assertEquals("nodejs24.x", p.get("Runtime"), e.getKey());
            assertEquals("index.handler", p.get("Handler"), e.getKey());
            final String handler = e.getKey().contains("onEventHandler") ? "image-deploy-on-event" : "image-deploy-is-complete";
            assertEquals(HandlerCode.source(handler), Templates.handlerSource(stack, p), e.getKey() + " runs " + handler);
        }
    }

    @Test
    void noNode16Anywhere() {
        assertFalse(jsonText.contains("nodejs16.x"), "a nodejs16.x runtime is left in the template");
        assertFalse(jsonText.contains("nodejs14.x") || jsonText.contains("nodejs18.x"), "an end-of-life runtime");
    }

    @Test
    void codeBuildUsesStandard7AndTheS3Key() {
        final Map<String, Map<String, Object>> projects = resources("AWS::CodeBuild::Project", "ImagePushDeployment");
        assertEquals(1, projects.size(), projects.keySet().toString());
        template.hasResourceProperties("AWS::CodeBuild::Project", Map.of(
                "Environment", Match.objectLike(Map.of("Image", "aws/codebuild/standard:7.0")),
                "EncryptionKey", "alias/aws/s3"));
        assertFalse(jsonText.contains("aws/codebuild/standard:5.0"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void serviceWaitsForThePush() {
        final Map<String, Object> service = (Map<String, Object>) template.findResources(SERVICE).values().iterator().next();
        final Object dependsOn = service.get("DependsOn");
        assertTrue(dependsOn instanceof List, "DependsOn: " + dependsOn);
        final List<String> pushes = new ArrayList<>();
        for (final Object d : (List<Object>) dependsOn) {
            if (((String) d).startsWith("ImagePushDeploymentPush")) {
                pushes.add((String) d);
            }
        }
        assertEquals(1, pushes.size(), "the push's custom resource in " + dependsOn);
        final Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) json.get("Resources"))
                .get(pushes.get(0));
        assertEquals("Custom::DockerImagePush", resource.get("Type"));
    }

    /**
     * Upstream's CustomResource&lt;Date.now()&gt; made every synth differ and pushed on every deploy: the
     * push now has a stable logical id and carries the image asset's hash, so it runs exactly when the
     * image changes; nothing of the timestamped resource or its output is left.
     */
    @Test
    @SuppressWarnings("unchecked")
    void pushIsTiedToTheImageHashWithAStableId() {
        final Map<String, Map<String, Object>> pushes = resources("Custom::DockerImagePush", "ImagePushDeploymentPush");
        assertEquals(1, pushes.size(), pushes.keySet().toString());
        final Map<String, Object> p = pushes.values().iterator().next();
        assertTrue(String.valueOf(p.get("ImageHash")).matches("[0-9a-f]{64}"), String.valueOf(p.get("ImageHash")));
        assertEquals("kawashima/django", p.get("RepositoryName"));
        assertEquals("latest", p.get("ImageTag"));
        assertFalse(jsonText.matches("(?s).*CustomResource\\d{13}.*"), "a Date.now() id is left");
        assertFalse(jsonText.contains("CustomResourceReport"), "upstream's output reads the removed resource");
        template.resourceCountIs("AWS::CloudFormation::CustomResource", 0);
    }

    /** Replaced handlers keep Lambda's 3 s default unless set; each makes one or two API calls. */
    @Test
    void handlersHaveATimeoutAboveTheDefault() {
        resources("AWS::Lambda::Function", "ImagePushDeployment").forEach((id, p) -> {
            if (id.contains("onEventHandler") || id.contains("isCompleteHandler")) {
                assertEquals(60, p.get("Timeout"), id);
            }
        });
    }

    /** The onEvent handler checks the repository's tag mutability and the tag (ecr:Describe*), on that repository only. */
    @Test
    void onEventMayDescribeTheRepositoryOnly() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Action", List.of("ecr:DescribeImages", "ecr:DescribeRepositories"),
                        "Effect", "Allow",
                        "Resource", Match.objectLike(Map.of("Fn::Join", Match.anyValue())))))),
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ImagePushDeploymentonEventHandlerServiceRole.*")))));
    }

    /**
     * App Runner runs linux/amd64 images only (aws/apprunner-roadmap#46, #79): the asset is built for
     * that platform whatever the host.
     */
    @Test
    @SuppressWarnings("unchecked")
    void imageIsBuiltForLinuxAmd64() throws Exception {
        final Path outdir = Path.of(((App) stack.getNode().getRoot()).synth().getDirectory());
        final Map<String, Object> assets = new ObjectMapper().readValue(
                outdir.resolve(stack.getArtifactId() + ".assets.json").toFile(), Map.class);
        final Map<String, Object> images = (Map<String, Object>) assets.get("dockerImages");
        assertEquals(1, images.size(), images.keySet().toString());
        final Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) images.values().iterator().next())
                .get("source");
        assertEquals("linux/amd64", source.get("platform"), source.toString());
    }

    @Test
    void serviceRunsKawashimaDjangoLatest() {
        final String service = ServiceFixture.onlyLogicalId(template, SERVICE);
        final Object identifier = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) template
                .findResources(SERVICE).get(service)).get("Properties")).get("SourceConfiguration"))
                .get("ImageRepository"))).get("ImageIdentifier");
        final List<Object> parts = ServiceFixture.joinParts(identifier);
        assertEquals("/kawashima/django:latest", parts.get(parts.size() - 1), parts.toString());
        template.hasResourceProperties(SERVICE, Map.of("SourceConfiguration", Match.objectLike(Map.of(
                "ImageRepository", Match.objectLike(Map.of("ImageRepositoryType", "ECR"))))));
    }

    /**
     * The rollback of an update that pushed is an Update with the old properties, which CloudFormation
     * sends before it rolls the project (and its buildspec) back
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-update.html):
     * the properties name the source image (the asset, tagged with its hash) and the destination, which
     * the onEvent handler copies, so the rollback restores the old image.
     */
    @Test
    void pushPropertiesNameTheSourceAndDestinationImages() throws Exception {
        final Map<String, Object> p = resources("Custom::DockerImagePush", "ImagePushDeploymentPush").values().iterator().next();
        final ObjectMapper json = new ObjectMapper();
        final String source = json.writeValueAsString(p.get("SourceImageUri"));
        final String destination = json.writeValueAsString(p.get("DestinationImageUri"));
        assertTrue(source.contains("container-assets") && source.contains(":" + p.get("ImageHash") + "\""), source);
        assertTrue(destination.contains(".dkr.ecr.") && destination.contains("/kawashima/django:latest"), destination);
    }

    @Test
    void pushTargetsTheSameRepositoryAndTag() throws Exception {
        final Map<String, Map<String, Object>> projects = resources("AWS::CodeBuild::Project", "ImagePushDeployment");
        final String project = new ObjectMapper().writeValueAsString(projects.values().iterator().next());
        assertTrue(project.contains("/kawashima/django:latest"), project);
    }
}
