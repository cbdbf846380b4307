package io.github.apprunnerdjango;

import java.util.Map;

import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The stack-level props that {@code NetworkStackProps}, {@code DataStackProps} and
 * {@code ServiceStackProps} share, with the meaning they have in {@link StackProps}.
 */
public abstract class CommonStackProps {
    private final Environment env;
    private final String stackName;
    private final String description;
    private final Boolean terminationProtection;
    private final Map<String, String> tags;

    /** @param builder the builder holding the values */
    protected CommonStackProps(final Builder<?> builder) {
        this.env = builder.env;
        this.stackName = builder.stackName;
        this.description = builder.description;
        this.terminationProtection = builder.terminationProtection;
        this.tags = builder.tags == null ? null : Map.copyOf(builder.tags);
    }

    /** @return the account and region; Default: - environment-agnostic */
    public Environment getEnv() {
        return env;
    }

    /** @return the CloudFormation stack name; Default: - derived from the construct path */
    public String getStackName() {
        return stackName;
    }

    /** @return the stack description; Default: - a description of what the stack holds */
    public String getDescription() {
        return description;
    }

    /**
     * @return whether termination protection is on; Default: false ({@code DataStack}: - the
     *     cluster's deletion protection)
     */
    public Boolean getTerminationProtection() {
        return terminationProtection;
    }

    /** @return tags applied to every taggable resource; Default: - no tags */
    public Map<String, String> getTags() {
        return tags;
    }

    /**
     * @param defaultDescription used when no description was given
     * @return these values as aws-cdk-lib {@link StackProps}
     */
    public StackProps toStackProps(final String defaultDescription) {
        return toStackProps(defaultDescription, null);
    }

    /**
     * @param defaultDescription used when no description was given
     * @param defaultTerminationProtection used when no terminationProtection was given; null for
     *     aws-cdk-lib's default (off)
     * @return these values as aws-cdk-lib {@link StackProps}
     */
    public StackProps toStackProps(final String defaultDescription, final Boolean defaultTerminationProtection) {
        return StackProps.builder()
                .env(env)
                .stackName(stackName)
                .description(description != null ? description : defaultDescription)
                .terminationProtection(terminationProtection != null ? terminationProtection : defaultTerminationProtection)
                .tags(tags)
                .build();
    }

    /**
     * Builder of the shared stack-level props.
     *
     * @param <B> the concrete builder type, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> {
        private Environment env;
        private String stackName;
        private String description;
        private Boolean terminationProtection;
        private Map<String, String> tags;

        /** @return this builder, typed as the concrete builder */
        protected abstract B self();

        /**
         * @param env the account and region to deploy to. Default: - environment-agnostic
         * @return this builder
         */
        public B env(final Environment env) {
            this.env = env;
            return self();
        }

        /**
         * @param stackName the CloudFormation stack name. Default: - derived from the construct path
         * @return this builder
         */
        public B stackName(final String stackName) {
            this.stackName = stackName;
            return self();
        }

        /**
         * @param description the stack description. Default: - a description of what the stack holds
         * @return this builder
         */
        public B description(final String description) {
            this.description = description;
            return self();
        }

        /**
         * @param terminationProtection whether termination protection is on. Default: false
         *     ({@code DataStack}: - the cluster's deletion protection, so that {@code cdk destroy}
         *     stops before deleting anything while the cluster refuses deletion)
         * @return this builder
         */
        public B terminationProtection(final Boolean terminationProtection) {
            this.terminationProtection = terminationProtection;
            return self();
        }

        /**
         * @param tags tags applied to every taggable resource of the stack. Default: - no tags
         * @return this builder
         */
        public B tags(final Map<String, String> tags) {
            this.tags = tags;
            return self();
        }
    }
}
