package io.github.apprunnerdjango;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Environment;
import software.amazon.awscdk.IPropertyInjector;
import software.amazon.awscdk.IStackSynthesizer;
import software.amazon.awscdk.PermissionsBoundary;
import software.amazon.awscdk.StackProps;

/**
 * The stack-level props of {@code NetworkStack}, {@code DataStack}, {@code ServiceStack} and
 * {@code ExpressServiceStack}: every setting of aws-cdk-lib's {@link StackProps}, with the meaning it
 * has there. The constructs those stacks wrap ({@code DjangoNetwork}, {@code DjangoAuroraDatabase},
 * {@code AppRunnerDjangoService}, {@code ExpressDjangoService}) take the same props classes and refuse
 * these settings, which belong to the stack that holds them.
 */
public abstract class CommonStackProps {
    private final Environment env;
    private final String stackName;
    private final String description;
    private final Boolean terminationProtection;
    private final Map<String, String> tags;
    private final IStackSynthesizer synthesizer;
    private final PermissionsBoundary permissionsBoundary;
    private final Boolean crossRegionReferences;
    private final Boolean analyticsReporting;
    private final List<String> notificationArns;
    private final List<IPropertyInjector> propertyInjectors;
    private final Boolean suppressTemplateIndentation;

    /** @param builder the builder holding the values */
    protected CommonStackProps(final Builder<?> builder) {
        this.env = builder.env;
        this.stackName = builder.stackName;
        this.description = builder.description;
        this.terminationProtection = builder.terminationProtection;
        this.tags = builder.tags == null ? null : Map.copyOf(builder.tags);
        this.synthesizer = builder.synthesizer;
        this.permissionsBoundary = builder.permissionsBoundary;
        this.crossRegionReferences = builder.crossRegionReferences;
        this.analyticsReporting = builder.analyticsReporting;
        this.notificationArns = builder.notificationArns == null ? null : List.copyOf(builder.notificationArns);
        this.propertyInjectors = builder.propertyInjectors == null ? null : List.copyOf(builder.propertyInjectors);
        this.suppressTemplateIndentation = builder.suppressTemplateIndentation;
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

    /** @return the synthesizer (bootstrap qualifier, roles, asset locations); Default: - the app's default */
    public IStackSynthesizer getSynthesizer() {
        return synthesizer;
    }

    /**
     * @return the permissions boundary applied to every IAM role and user of the stack, the library's
     *     custom-resource providers and the image push included; Default: - none (or the Stage's)
     */
    public PermissionsBoundary getPermissionsBoundary() {
        return permissionsBoundary;
    }

    /** @return whether references to other Regions' stacks are allowed; Default: false */
    public Boolean getCrossRegionReferences() {
        return crossRegionReferences;
    }

    /** @return whether the CDK's version reporting is on; Default: - the app's setting */
    public Boolean getAnalyticsReporting() {
        return analyticsReporting;
    }

    /** @return SNS topic ARNs that receive the stack's events; Default: - none */
    public List<String> getNotificationArns() {
        return notificationArns;
    }

    /** @return property injectors of the stack; Default: - none */
    public List<IPropertyInjector> getPropertyInjectors() {
        return propertyInjectors;
    }

    /** @return whether the template is written without indentation; Default: - the app's setting */
    public Boolean getSuppressTemplateIndentation() {
        return suppressTemplateIndentation;
    }

    /**
     * @return whether any setting that only a stack has was given (every prop of this class); the
     *     constructs refuse them
     */
    public boolean hasStackSettings() {
        return env != null || stackName != null || description != null || terminationProtection != null
                || tags != null || synthesizer != null || permissionsBoundary != null || crossRegionReferences != null
                || analyticsReporting != null || notificationArns != null || propertyInjectors != null
                || suppressTemplateIndentation != null;
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
                .synthesizer(synthesizer)
                .permissionsBoundary(permissionsBoundary)
                .crossRegionReferences(crossRegionReferences)
                .analyticsReporting(analyticsReporting)
                .notificationArns(notificationArns)
                .propertyInjectors(propertyInjectors)
                .suppressTemplateIndentation(suppressTemplateIndentation)
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
        private IStackSynthesizer synthesizer;
        private PermissionsBoundary permissionsBoundary;
        private Boolean crossRegionReferences;
        private Boolean analyticsReporting;
        private List<String> notificationArns;
        private List<IPropertyInjector> propertyInjectors;
        private Boolean suppressTemplateIndentation;

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
    
        /**
         * @param synthesizer how the stack is synthesized: a custom bootstrap qualifier
         *     ({@code new DefaultStackSynthesizer(...qualifier("x"))}), CLI credentials, ... Default: - the
         *     app's default synthesizer
         * @return this builder
         */
        public B synthesizer(final IStackSynthesizer synthesizer) {
            this.synthesizer = synthesizer;
            return self();
        }

        /**
         * @param permissionsBoundary a permissions boundary for every IAM role and user the stack makes,
         *     the library's custom-resource providers and the image push included. Default: - none (or
         *     the enclosing Stage's)
         * @return this builder
         */
        public B permissionsBoundary(final PermissionsBoundary permissionsBoundary) {
            this.permissionsBoundary = permissionsBoundary;
            return self();
        }

        /**
         * @param crossRegionReferences allow references to stacks of other Regions. Default: false
         * @return this builder
         */
        public B crossRegionReferences(final Boolean crossRegionReferences) {
            this.crossRegionReferences = crossRegionReferences;
            return self();
        }

        /**
         * @param analyticsReporting include the CDK's version reporting. Default: - the app's
         *     {@code aws:cdk:version-reporting} setting
         * @return this builder
         */
        public B analyticsReporting(final Boolean analyticsReporting) {
            this.analyticsReporting = analyticsReporting;
            return self();
        }

        /**
         * @param notificationArns SNS topic ARNs that receive the stack's events. Default: - none
         * @return this builder
         */
        public B notificationArns(final List<String> notificationArns) {
            this.notificationArns = notificationArns;
            return self();
        }

        /**
         * @param propertyInjectors property injectors applied to the stack's constructs. Default: - none
         * @return this builder
         */
        public B propertyInjectors(final List<IPropertyInjector> propertyInjectors) {
            this.propertyInjectors = propertyInjectors;
            return self();
        }

        /**
         * @param suppressTemplateIndentation write the template without indentation. Default: - the
         *     app's {@code @aws-cdk/core:suppressTemplateIndentation} setting
         * @return this builder
         */
        public B suppressTemplateIndentation(final Boolean suppressTemplateIndentation) {
            this.suppressTemplateIndentation = suppressTemplateIndentation;
            return self();
        }
    }
}
