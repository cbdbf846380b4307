package io.github.apprunnerdjango.internal;

import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;

/**
 * The AWS services our stacks open interface endpoints to, by short name: aws-cdk-lib's own
 * {@code InterfaceVpcEndpointAwsService}, made as aws-cdk-lib makes its constants ({@code static
 * SECRETS_MANAGER = new InterfaceVpcEndpointAwsService('secretsmanager')} in aws-ec2/lib/vpc-endpoint.ts),
 * so the endpoint's service name in every partition, its port and private DNS default are aws-cdk-lib's
 * (AwsEndpointServicesTest compares them with the constants').
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class AwsEndpointServices {
    /** aws-cdk-lib's {@code InterfaceVpcEndpointAwsService.SECRETS_MANAGER.getShortName()} */
    public static final String SECRETS_MANAGER = "secretsmanager";
    /** aws-cdk-lib's {@code InterfaceVpcEndpointAwsService.XRAY.getShortName()} */
    public static final String XRAY = "xray";
    /** aws-cdk-lib's {@code InterfaceVpcEndpointAwsService.APP_RUNNER_REQUESTS.getShortName()} */
    public static final String APP_RUNNER_REQUESTS = "apprunner.requests";
    /** aws-cdk-lib's {@code InterfaceVpcEndpointAwsService.EMAIL_SMTP.getShortName()} */
    public static final String EMAIL_SMTP = "email-smtp";

    private AwsEndpointServices() {
    }

    /**
     * @param shortName the service's short name, as {@code InterfaceVpcEndpointAwsService#getShortName()}
     *     gives it ({@code secretsmanager}, {@code ecr.api}, ...)
     * @return {@code new InterfaceVpcEndpointAwsService(shortName)}
     */
    public static InterfaceVpcEndpointAwsService of(final String shortName) {
        return new InterfaceVpcEndpointAwsService(shortName);
    }
}
