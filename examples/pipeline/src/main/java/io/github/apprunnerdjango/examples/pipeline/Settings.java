package io.github.apprunnerdjango.examples.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.PermissionsBoundary;
import software.constructs.Node;

/**
 * What the app reads from the {@code cdk.json} context (the README's "Context keys" table). Every
 * value is checked here, before any construct exists, with one message naming the key, the value and
 * what is allowed.
 *
 * @param pipelineAccount the account that holds the pipeline (the "tools" account)
 * @param region the one region of the pipeline and of every stage
 * @param repository the source repository, {@code owner/name}
 * @param branch the branch the pipeline follows
 * @param connectionArn the CodeConnections (CodeStar Connections) connection to the repository host
 * @param qualifier the bootstrap qualifier every environment was bootstrapped with
 * @param permissionsBoundary the name of the managed policy every role gets as its permissions boundary
 * @param stages the deployment stages, in pipeline order
 * @param availabilityZoneIds the zone IDs of the network (the same physical zones in every account)
 * @param ecrRepositoryName the ECR repository holding the image, in every stage's account
 * @param imageTag the tag (or digest) of the image
 */
public record Settings(String pipelineAccount, String region, String repository, String branch,
                       String connectionArn, String qualifier, String permissionsBoundary,
                       List<StageSettings> stages, List<String> availabilityZoneIds,
                       String ecrRepositoryName, String imageTag) {

    /** The context keys. */
    public static final class Keys {
        /** An object: account, region, repository, branch, connectionArn, qualifier, permissionsBoundary. */
        public static final String PIPELINE = "pipeline";
        /** A list of objects with name and account, in pipeline order. */
        public static final String STAGES = "stages";
        /** The network's availability zone IDs, e.g. {@code ["euw1-az1", "euw1-az2"]}. */
        public static final String AVAILABILITY_ZONE_IDS = "availabilityZoneIds";
        /** The ECR repository of the image. */
        public static final String ECR_REPOSITORY_NAME = "ecrRepositoryName";
        /** The image's tag or digest. */
        public static final String IMAGE_TAG = "imageTag";

        private Keys() {
        }
    }

    /**
     * A deployment stage.
     *
     * @param name the stage's name (the prefix of its stack names)
     * @param account the account it deploys to
     */
    public record StageSettings(String name, String account) {
    }

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /**
     * The bootstrap template allows at most 10 characters; the qualifier is part of the staging
     * bucket's name, so lower case letters, digits and hyphens only.
     * https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-customizing.html
     */
    private static final Pattern QUALIFIER = Pattern.compile("[a-z0-9-]{1,10}");
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    /**
     * @param node the app's node, with the context of {@code cdk.json}
     * @return the settings, checked
     */
    public static Settings fromContext(final Node node) {
        final Map<String, Object> pipeline = object(node.tryGetContext(Keys.PIPELINE), Keys.PIPELINE);
        final String qualifier = string(pipeline, "qualifier", Keys.PIPELINE);
        if (!QUALIFIER.matcher(qualifier).matches()) {
            throw new IllegalArgumentException("context " + Keys.PIPELINE + ".qualifier is '" + qualifier
                    + "': a bootstrap qualifier is 1 to 10 lower case letters, digits or hyphens");
        }
        return new Settings(
                account(string(pipeline, "account", Keys.PIPELINE), Keys.PIPELINE + ".account"),
                string(pipeline, "region", Keys.PIPELINE),
                string(pipeline, "repository", Keys.PIPELINE),
                string(pipeline, "branch", Keys.PIPELINE),
                string(pipeline, "connectionArn", Keys.PIPELINE),
                qualifier,
                string(pipeline, "permissionsBoundary", Keys.PIPELINE),
                stages(node.tryGetContext(Keys.STAGES)),
                strings(node.tryGetContext(Keys.AVAILABILITY_ZONE_IDS), Keys.AVAILABILITY_ZONE_IDS),
                required(node.tryGetContext(Keys.ECR_REPOSITORY_NAME), Keys.ECR_REPOSITORY_NAME),
                required(node.tryGetContext(Keys.IMAGE_TAG), Keys.IMAGE_TAG));
    }

    /**
     * A new synthesizer with the team's qualifier, for one stack (a synthesizer binds to one stack).
     * Every stack of the app takes one, the pipeline stack and each stage's: a stack without it
     * would look for the default bootstrap resources ({@code hnb659fds}).
     *
     * @return the synthesizer
     */
    public DefaultStackSynthesizer synthesizer() {
        return DefaultStackSynthesizer.Builder.create().qualifier(qualifier).build();
    }

    /** @return the boundary every role gets, resolved in the account of the stack that holds it */
    public PermissionsBoundary boundary() {
        return PermissionsBoundary.fromName(permissionsBoundary);
    }

    /** @return the pipeline's environment */
    public Environment pipelineEnvironment() {
        return environment(pipelineAccount);
    }

    /**
     * @param account an account
     * @return that account in the region of the pipeline
     */
    public Environment environment(final String account) {
        return Environment.builder().account(account).region(region).build();
    }

    private static List<StageSettings> stages(final Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("context '" + Keys.STAGES
                    + "' is required: a list of {\"name\": ..., \"account\": ...} in pipeline order (see cdk.json)");
        }
        final List<StageSettings> stages = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (final Object item : list) {
            final String where = Keys.STAGES + "[" + stages.size() + "]";
            final Map<String, Object> stage = object(item, where);
            final String name = string(stage, "name", where);
            if (!STAGE_NAME.matcher(name).matches() || !names.add(name)) {
                throw new IllegalArgumentException("context " + where + ".name is '" + name
                        + "': a stage name is a letter followed by letters or digits, unique among the stages");
            }
            stages.add(new StageSettings(name, account(string(stage, "account", where), where + ".account")));
        }
        return List.copyOf(stages);
    }

    private static String account(final String value, final String key) {
        if (!ACCOUNT.matcher(value).matches()) {
            throw new IllegalArgumentException("context " + key + " is '" + value + "': an account id is 12 digits");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final Object value, final String key) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("context '" + key + "' is required and must be an object (see cdk.json)");
        }
        return (Map<String, Object>) value;
    }

    private static String string(final Map<String, Object> object, final String field, final String key) {
        return required(object.get(field), key + "." + field);
    }

    private static String required(final Object value, final String key) {
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("context '" + key + "' is required (set it in cdk.json or pass -c "
                    + key + "=...)");
        }
        return value.toString();
    }

    private static List<String> strings(final Object value, final String key) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("context '" + key + "' is required and must be a non-empty list");
        }
        return list.stream().map(Object::toString).toList();
    }
}
