package io.github.apprunnerdjango.internal;

import software.constructs.IConstruct;

/**
 * cdk-nag findings on CDK's custom resource Provider framework and on small handler functions.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class ProviderNag {
    private static final String BASIC_EXECUTION_ROLE =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    private ProviderNag() {
    }

    /**
     * @param function a Lambda function (or a subtree of them) that writes only its own logs
     * @param what what the function does, for the reason
     */
    public static void basicExecutionRole(final IConstruct function, final String what) {
        NagSuppressions.suppress(function, "AwsSolutions-IAM4", what + ": the function writes only its own logs,"
                + " and AWSLambdaBasicExecutionRole grants just logs:CreateLogGroup, CreateLogStream and PutLogEvents",
                BASIC_EXECUTION_ROLE);
    }

    /**
     * @param provider a {@code custom_resources.Provider}
     * @param what the resource it serves, for the reasons
     */
    public static void framework(final IConstruct provider, final String what) {
        basicExecutionRole(provider, "CDK Provider framework of the " + what);
        NagSuppressions.suppress(provider, "AwsSolutions-IAM5", "CDK Provider framework of the " + what
                + ": lambda:InvokeFunction on <function ARN>:* covers the versions of its own handlers, nothing else",
                "/^Resource::<.*\\.Arn>:\\*$/");
        final IConstruct waiter = provider.getNode().tryFindChild("waiter-state-machine");
        if (waiter == null) {
            return; // no isComplete handler, no waiter
        }
        NagSuppressions.suppress(waiter, "AwsSolutions-SF1", "Waiter of the " + what + " (CDK Provider framework):"
                + " it only re-invokes the isComplete handler, which logs every poll itself");
        NagSuppressions.suppress(waiter, "AwsSolutions-SF2", "Waiter of the " + what + " (CDK Provider framework):"
                + " it only re-invokes the isComplete handler; there is no request path to trace");
    }
}
