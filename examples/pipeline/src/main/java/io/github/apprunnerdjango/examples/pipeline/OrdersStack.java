package io.github.apprunnerdjango.examples.pipeline;

import io.github.apprunnerdjango.service.AppRunnerDjangoService;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * One team's service, in its own stack: the App Runner service on the platform's network and
 * database. The database lives in another stack, so the service reads it through the SSM parameters
 * the database writes (no CloudFormation export of a secret): the platform can change without a
 * lock from this stack.
 */
public class OrdersStack extends Stack {
    private final AppRunnerDjangoService service;

    /**
     * @param scope the stage
     * @param id the stack's id
     * @param props the stack's settings (its synthesizer with the team's qualifier)
     * @param platform the stage's platform stack
     * @param image the image the service runs
     */
    public OrdersStack(final Construct scope, final String id, final StackProps props,
                       final PlatformStack platform, final ImageSource image) {
        super(scope, id, props);
        this.service = new AppRunnerDjangoService(this, "Service", ServiceStackProps.builder()
                .vpc(platform.getNetwork().getVpc())
                .vpcSubnets(platform.getNetwork().getServiceSubnets())
                .database(platform.getDatabase())
                .image(image)
                .build());
    }

    /** @return the service */
    public AppRunnerDjangoService getService() {
        return service;
    }
}
