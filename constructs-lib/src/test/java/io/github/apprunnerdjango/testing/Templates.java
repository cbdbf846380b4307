package io.github.apprunnerdjango.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.HandlerCode;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Template;

/** Helpers over synthesized templates. */
public final class Templates {
    private static final Pattern ASSET_HASH = Pattern.compile("[0-9a-f]{64}");
    /** The bootstrap qualifier in asset bucket/repository names and the bootstrap version parameter. */
    /** The S3 key of a file asset in a template: its hash. */
    private static final Pattern ASSET_KEY = Pattern.compile("([0-9a-f]{64})\\.zip");
    private static final Pattern BOOTSTRAP_QUALIFIER = Pattern.compile("(?<=cdk-)[a-z0-9]{9}(?=-)|(?<=/cdk-bootstrap/)[a-z0-9]{9}(?=/)");

    private Templates() {
    }

    /**
     * @param stack a stack
     * @return its template as JSON
     */
    public static Map<String, Object> json(final Stack stack) {
        return Template.fromStack(stack).toJSON();
    }

    /**
     * The template of a stack from its app's cached synthesis. {@link Template#fromStack} synthesizes
     * the whole app again on every call (with cdk.json's validation rules, seconds each); this one
     * synthesizes each app once, so a test class can read the templates of all its stacks cheaply.
     * Add every stack to the app before the first call.
     *
     * @param stack a stack
     * @return its template
     */
    public static Template synthesized(final Stack stack) {
        final Stage stage = Stage.of(stack);
        if (stage == null) {
            throw new IllegalArgumentException(stack.getNode().getPath() + " is in no app");
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> json =
                (Map<String, Object>) stage.synth().getStackArtifact(stack.getArtifactId()).getTemplate();
        return Template.fromJSON(json);
    }

    /**
     * Replaces what changes when the image or the bootstrap changes, not when our code does: asset
     * hashes and the bootstrap qualifier. Nothing else: two synths of the same sources are
     * byte-identical (no timestamp, no JVM-dependent ordering).
     *
     * @param templateJson a template rendered as JSON text
     * @return the normalised text
     */
    public static String normalise(final String templateJson) {
        final String out = ASSET_HASH.matcher(templateJson).replaceAll("<asset-hash>");
        return BOOTSTRAP_QUALIFIER.matcher(out).replaceAll("<qualifier>");
    }

    /**
     * @param stack the stack holding the construct
     * @param construct an L2 construct (its default child is the CloudFormation resource) or an L1
     * @return the construct's logical id in the stack's template
     */
    public static String logicalId(final Stack stack, final IConstruct construct) {
        final IConstruct resource = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.getLogicalId((CfnElement) resource);
    }

    /**
     * @param template a template
     * @param type a CloudFormation resource type
     * @return the logical ids of the resources of that type
     */
    public static List<String> logicalIds(final Template template, final String type) {
        return List.copyOf(template.findResources(type).keySet());
    }

    /**
     * @param stack the stack of the function, synthesized (its app's cloud assembly holds the assets)
     * @param functionProperties the properties of an {@code AWS::Lambda::Function} of its template
     * @return the {@link HandlerCode#FILE} of the function's code asset, or null when its code is no such asset
     */
    public static String handlerSource(final Stack stack, final Map<String, Object> functionProperties) {
        return handlerSource(Paths.get(Stage.of(stack).getAssetOutdir()), functionProperties);
    }

    /**
     * @param assetOutdir the folder of the cloud assembly that holds the assets ({@code asset.<hash>})
     * @param functionProperties the properties of an {@code AWS::Lambda::Function}
     * @return the {@link HandlerCode#FILE} of the function's code asset, or null when its code is no such asset
     */
    public static String handlerSource(final Path assetOutdir, final Map<String, Object> functionProperties) {
        final Object code = functionProperties.get("Code");
        final Object key = code instanceof Map ? ((Map<?, ?>) code).get("S3Key") : null;
        final Matcher hash = ASSET_KEY.matcher(String.valueOf(key));
        if (!hash.matches()) {
            return null;
        }
        final Path file = assetOutdir.resolve("asset." + hash.group(1)).resolve(HandlerCode.FILE);
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param stack a synthesized stack
     * @param template its template
     * @param handler the name of one of our handlers ({@link HandlerCode#source})
     * @return the properties of each function of the template whose code asset is that handler
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> functionsRunning(final Stack stack, final Template template,
            final String handler) {
        final String source = HandlerCode.source(handler);
        return template.findResources("AWS::Lambda::Function").values().stream()
                .map(f -> (Map<String, Object>) f.get("Properties"))
                .filter(p -> source.equals(handlerSource(stack, p)))
                .toList();
    }
}
