package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.network.NetworkStack;
import io.github.apprunnerdjango.network.NetworkStackProps;
import io.github.apprunnerdjango.testing.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ecr.Repository;

/**
 * An interface endpoint with private DNS claims its service's DNS name for the whole VPC: a second
 * X-Ray endpoint with private DNS in the same VPC fails to create ("conflicting DNS domain").
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns
 */
class SharedXrayEndpointTest {

    private static ServiceStack traced(final App app, final String id, final NetworkStack network, final DataStack data) {
        return new ServiceStack(app, id, ServiceStackProps.builder()
                .vpc(network.getVpc())
                .vpcSubnets(network.getIsolatedSubnets())
                .database(data)
                .image(ImageSource.fromEcr(Repository.fromRepositoryName(network, id + "Repo", "team/django"), "v1"))
                .tracing(true)
                .build());
    }

    private static int xrayEndpoints(final App app, final ServiceStack... stacks) {
        int count = 0;
        for (final ServiceStack stack : stacks) {
            count += Template.fromStack(stack).findResources("AWS::EC2::VPCEndpoint").values().stream()
                    .filter(e -> e.toString().contains(".xray")).count();
        }
        return count;
    }

    @Test
    void twoTracedServicesOnOneVpcShareOneEndpoint() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", null);
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        final ServiceStack web = traced(app, "Web", network, data);
        final ServiceStack admin = traced(app, "Admin", network, data);
        assertNotNull(web.getTracingEndpoint());
        assertNull(admin.getTracingEndpoint(), "the second service uses the first one's endpoint");
        assertEquals(1, xrayEndpoints(app, web, admin));
    }

    @Test
    void aNetworkThatListsXrayServesEveryTracedService() {
        final App app = TestApps.app();
        final NetworkStack network = new NetworkStack(app, "Network", NetworkStackProps.builder()
                .interfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.XRAY)).build());
        final DataStack data = new DataStack(app, "Data", DataStackProps.builder().vpc(network.getVpc()).build());
        final ServiceStack web = traced(app, "Web", network, data);
        assertNull(web.getTracingEndpoint());
        assertEquals(0, xrayEndpoints(app, web));
        assertNotNull(network.getInterfaceEndpoint(InterfaceVpcEndpointAwsService.XRAY));
        assertSame(network.getNetwork(), io.github.apprunnerdjango.network.DjangoNetwork.of(network.getVpc()));
    }
}
