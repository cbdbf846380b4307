package io.github.apprunnerdjango.express;

import java.util.List;
import java.util.function.UnaryOperator;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.testing.TestApps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;

/** One app with a NetworkStack (public ingress subnets) and a DataStack, and Express services built on them. */
final class ExpressFixture {
    /** The repository name of the ECR image used by most tests. */
    static final String REPOSITORY_NAME = "kawashima/django";

    final App app;
    final NetworkStack network;
    final DataStack data;
    final IRepository repository;

    ExpressFixture() {
        this(NetworkStackProps.builder().publicIngress(true).build());
    }

    ExpressFixture(final NetworkStackProps networkProps) {
        this.app = TestApps.app();
        this.network = new NetworkStack(app, "Network", networkProps);
        this.data = new DataStack(app, "Data", DataStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .secretsManagerEndpoint(network.getSecretsManagerEndpoint())
                .build());
        // an imported repository needs a scope: the network stack holds it (nothing is synthesized for it)
        this.repository = Repository.fromRepositoryName(network, "ImageRepository", REPOSITORY_NAME);
    }

    /** @return props with every required value and the ECR image "latest" */
    ExpressServiceStackProps.Builder props() {
        return ExpressServiceStackProps.builder()
                .vpc(network.getVpc())
                .database(data)
                .image(ImageSource.fromEcr(repository, "latest"));
    }

    ExpressServiceStack service(final String id, final UnaryOperator<ExpressServiceStackProps.Builder> options) {
        return new ExpressServiceStack(app, id, options.apply(props()).build());
    }

    static List<String> list(final String... values) {
        return List.of(values);
    }
}
