package io.github.apprunnerdjango.express;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * The migration written from the README (App Runner and Express weighing one domain) deploys the
 * App Runner record's change to weighted before the Express record exists, in whatever order the app
 * makes the two services: Route 53 refuses a weighted record beside a simple one of the same name.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html
 */
class WeightedMigrationOrderTest {
    private static final HostedZoneAttributes ZONE = HostedZoneAttributes.builder()
            .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build();

    @ParameterizedTest(name = "Express made first: {0}")
    @ValueSource(booleans = {false, true})
    void theExpressStackWaitsForTheAppRunnerStack(final boolean expressFirst) {
        final ExpressFixture f = new ExpressFixture();
        ExpressServiceStack express = null;
        if (expressFirst) {
            express = f.service("Express", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE)
                    .domainRecordWeight(10));
        }
        final ServiceStack appRunner = new ServiceStack(f.app, "AppRunner", ServiceStackProps.builder()
                .vpc(f.network.getVpc())
                .vpcSubnets(f.network.getIsolatedSubnets())
                .database(f.data)
                .image(ImageSource.fromEcrRepositoryName("kawashima/django", "latest"))
                .domainName("App.Example.com.").hostedZoneAttributes(ZONE).domainRecordWeight(90)
                .build());
        if (!expressFirst) {
            express = f.service("Express", b -> b.domainName("app.example.com").hostedZoneAttributes(ZONE)
                    .domainRecordWeight(10));
        }
        assertTrue(express.getDependencies().contains(appRunner), "Express waits for App Runner");
        assertFalse(appRunner.getDependencies().contains(express));
    }

    @ParameterizedTest(name = "another domain: {0}")
    @ValueSource(strings = {"admin.example.com"})
    void servicesOfOtherDomainsAreNotOrdered(final String other) {
        final ExpressFixture f = new ExpressFixture();
        final ServiceStack appRunner = new ServiceStack(f.app, "AppRunner", ServiceStackProps.builder()
                .vpc(f.network.getVpc())
                .vpcSubnets(f.network.getIsolatedSubnets())
                .database(f.data)
                .image(ImageSource.fromEcrRepositoryName("kawashima/django", "latest"))
                .domainName(other).hostedZoneAttributes(ZONE).domainRecordWeight(90)
                .build());
        final ExpressServiceStack express = f.service("Express", b -> b.domainName("app.example.com")
                .hostedZoneAttributes(ZONE).domainRecordWeight(10));
        assertFalse(express.getDependencies().contains(appRunner));
    }
}
