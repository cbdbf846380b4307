package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.testing.TestApps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;

/** One app with the prerequisite NetworkStack and DataStack, and a ServiceStack built on them. */
final class ServiceFixture {
    /** The repository name of the ECR image used by most tests. */
    static final String REPOSITORY_NAME = "kawashima/django";

    final App app;
    final NetworkStack network;
    final DataStack data;
    final IRepository repository;

    ServiceFixture() {
        this.app = TestApps.app();
        this.network = new NetworkStack(app, "Network", null);
        this.data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        // an imported repository needs a scope: the network stack holds it (nothing is synthesized for it)
        this.repository = Repository.fromRepositoryName(network, "ImageRepository", REPOSITORY_NAME);
    }

    /** @return props with every required value, from the prerequisite stacks, and the ECR image "latest" */
    ServiceStackProps.Builder props() {
        return ServiceStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getIsolatedSubnets())
                .databaseClientSecurityGroup(data.getDatabaseClientSecurityGroup())
                .databaseSecret(data.getDatabaseSecret())
                .superuserSecret(data.getSuperuserSecret())
                .secretKeySecret(data.getSecretKeySecret())
                .image(ImageSource.fromEcr(repository, "latest"));
    }

    ServiceStack service(final String id, final UnaryOperator<ServiceStackProps.Builder> options) {
        return new ServiceStack(app, id, options.apply(props()).build());
    }

    /** @return the logical id of the only resource of that type, failing when there is not exactly one */
    static String onlyLogicalId(final Template template, final String type) {
        final List<String> ids = List.copyOf(template.findResources(type).keySet());
        assertEquals(1, ids.size(), "resources of type " + type + ": " + ids);
        return ids.get(0);
    }

    /** @return the parts of {"Fn::Join": ["", parts]} */
    @SuppressWarnings("unchecked")
    static List<Object> joinParts(final Object fnJoin) {
        assertTrue(fnJoin instanceof Map && ((Map<?, ?>) fnJoin).containsKey("Fn::Join"), "not a Fn::Join: " + fnJoin);
        final List<Object> join = (List<Object>) ((Map<?, ?>) fnJoin).get("Fn::Join");
        return (List<Object>) join.get(1);
    }
}
