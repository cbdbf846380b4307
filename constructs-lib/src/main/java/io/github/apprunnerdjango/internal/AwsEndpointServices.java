package io.github.apprunnerdjango.internal;

import java.util.List;

import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiObject;
import software.amazon.jsii.JsiiObjectRef;

/**
 * The AWS services our stacks open interface endpoints to, without initialising the Java class
 * {@code InterfaceVpcEndpointAwsService}: its static initialiser asks the jsii runtime for all of its
 * ~400 constants, ~800 round trips and ~0.2 s of every synth (issue 13), when a stack needs one or two.
 *
 * <p>Each service is {@code new InterfaceVpcEndpointAwsService(shortName)} made by aws-cdk-lib itself
 * in the jsii runtime, exactly as aws-cdk-lib defines its constants ({@code static SECRETS_MANAGER = new
 * InterfaceVpcEndpointAwsService('secretsmanager')} in aws-ec2/lib/vpc-endpoint.ts), so the endpoint's
 * service name, port and private DNS default, and the template, are aws-cdk-lib's own
 * (AwsEndpointServicesTest compares them with the constants', env-agnostic and in three partitions).
 * A fresh object, not the constant: the Java runtime maps each JavaScript object to one Java object,
 * and the constant's belongs to {@code InterfaceVpcEndpointAwsService}.
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

    private static final String FQN = "aws-cdk-lib.aws_ec2.InterfaceVpcEndpointAwsService";

    private AwsEndpointServices() {
    }

    /**
     * @param shortName the service's short name, as {@code InterfaceVpcEndpointAwsService#getShortName()}
     *     gives it ({@code secretsmanager}, {@code ecr.api}, ...)
     * @return {@code new InterfaceVpcEndpointAwsService(shortName)}, made in the jsii runtime
     */
    public static AwsEndpointService of(final String shortName) {
        final JsiiEngine engine = JsiiEngine.getInstance();
        engine.loadModule(software.amazon.awscdk.$Module.class);
        final JsiiObjectRef ref = engine.getClient().createObject(FQN, List.of(shortName), List.of(), List.of());
        return new AwsEndpointService(ref, shortName);
    }

    /** A service of {@link #of}: the JavaScript object's properties, and its short name. */
    public static final class AwsEndpointService extends JsiiObject implements IInterfaceVpcEndpointService {
        private final String shortName;

        AwsEndpointService(final JsiiObjectRef ref, final String shortName) {
            super(ref);
            this.shortName = shortName;
        }

        /** @return the name given to {@link #of} */
        public String getShortName() {
            return shortName;
        }

        @Override
        public String getName() {
            return jsiiGet("name", String.class);
        }

        @Override
        public Number getPort() {
            return jsiiGet("port", Number.class);
        }

        @Override
        public Boolean getPrivateDnsDefault() {
            return jsiiGet("privateDnsDefault", Boolean.class);
        }
    }
}
