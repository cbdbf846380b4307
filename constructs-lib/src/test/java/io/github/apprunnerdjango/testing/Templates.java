package io.github.apprunnerdjango.testing;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Helpers over synthesized templates. */
public final class Templates {
    private static final Pattern ASSET_HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DATE_NOW_ID = Pattern.compile("CustomResource\\d{13}");

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
     * Replaces what changes between synths without a change of ours: asset hashes and the
     * {@code CustomResource<Date.now()>} id inside cdk-docker-image-deployment (with the logical
     * ids derived from it).
     *
     * @param templateJson a template rendered as JSON text
     * @return the normalised text
     */
    public static String normalise(final String templateJson) {
        String out = ASSET_HASH.matcher(templateJson).replaceAll("<asset-hash>");
        out = Pattern.compile("CustomResource\\d{13}[0-9A-F]{8}").matcher(out).replaceAll("CustomResource<timestamp><hash>");
        return DATE_NOW_ID.matcher(out).replaceAll("CustomResource<timestamp>");
    }

    /**
     * @param template a template
     * @param type a CloudFormation resource type
     * @return the logical ids of the resources of that type
     */
    public static List<String> logicalIds(final Template template, final String type) {
        return List.copyOf(template.findResources(type).keySet());
    }
}
