package io.github.apprunnerdjango.testing;

import java.util.Map;
import java.util.function.UnaryOperator;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.express.ExpressServiceStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;

/**
 * One app with a network (public ingress subnets), a DataStack, an App Runner ServiceStack and an
 * Express stack on the same database, both running {@code kawashima/django:latest} from ECR: the base of
 * the fixtures that add a construct to each service stack (monitoring, management commands).
 */
public final class TwoServiceApp {
    /** The app. */
    public final App app;
    /** The network stack. */
    public final NetworkStack network;
    /** The data stack. */
    public final DataStack data;
    /** The App Runner service's stack. */
    public final ServiceStack appRunner;
    /** The Express service's stack. */
    public final ExpressServiceStack express;

    /**
     * @param env the stacks' environment, or null for environment-agnostic stacks
     * @param networkOptions more network props (public ingress is on)
     * @param environment the app's own variables, on both services
     */
    public TwoServiceApp(final @Nullable Environment env, final UnaryOperator<NetworkStackProps.Builder> networkOptions,
                         final Map<String, String> environment) {
        this.app = TestApps.app();
        this.network = new NetworkStack(app, "Network", networkOptions.apply(NetworkStackProps.builder().env(env)
                .publicIngress(true)).build());
        this.data = new DataStack(app, "Data", DataStackProps.builder().env(env)
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .build());
        final IRepository repository = Repository.fromRepositoryName(network, "ImageRepository", "kawashima/django");
        this.appRunner = new ServiceStack(app, "AppRunner", ServiceStackProps.builder().env(env)
                .vpc(network.getVpc())
                .vpcSubnets(network.getServiceSubnets())
                .database(data)
                .image(ImageSource.fromEcr(repository, "latest"))
                .environment(environment.isEmpty() ? null : environment)
                .build());
        this.express = new ExpressServiceStack(app, "Express", ExpressServiceStackProps.builder().env(env)
                .vpc(network.getVpc())
                .database(data)
                .image(ImageSource.fromEcr(repository, "latest"))
                .environment(environment.isEmpty() ? null : environment)
                .build());
    }
}
