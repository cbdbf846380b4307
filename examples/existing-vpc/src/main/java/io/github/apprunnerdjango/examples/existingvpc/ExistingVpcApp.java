package io.github.apprunnerdjango.examples.existingvpc;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * Django on App Runner in a VPC that already exists: no NetworkStack, a DataStack in the VPC's
 * isolated subnets and a ServiceStack that runs an image CI already pushed to ECR, with every
 * optional feature on (custom domain in a Route 53 zone, a default WAF web ACL, a private endpoint
 * and X-Ray tracing).
 *
 * <p>Everything that describes the existing resources comes from the {@code cdk.json} context:
 * {@code existingVpc}, {@code ecrRepositoryName}, {@code imageDigest}, {@code domainName},
 * {@code hostedZoneId} and {@code hostedZoneName}.
 */
public final class ExistingVpcApp {
    /** Prefix of the stack names. */
    public static final String PREFIX = "ExistingVpcDjango";

    private final DataStack data;
    private final ServiceStack service;

    private ExistingVpcApp(final App app, final Environment env) {
        // The existing resources are imported into a scope that is never synthesized: importing
        // attributes creates no resource and only literal values reach the two stacks, so the
        // cloud assembly holds exactly the Data and Service stacks.
        final Stack existing = new Stack(new App(), "Existing", StackProps.builder().env(env).build());
        final IVpc vpc = importVpc(existing, requiredMap(app, "existingVpc"));
        final IRepository repository = Repository.fromRepositoryName(existing, "Repository",
                required(app, "ecrRepositoryName"));
        final IHostedZone zone = HostedZone.fromHostedZoneAttributes(existing, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId(required(app, "hostedZoneId"))
                .zoneName(required(app, "hostedZoneName"))
                .build());
        final SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();

        // The VPC must already have a Secrets Manager interface endpoint with private DNS (or a
        // NAT), or the rotation function in the isolated subnets cannot reach Secrets Manager:
        // secretsManagerReachable says so (without it, DataStack refuses isolated subnets).
        this.data = new DataStack(app, PREFIX + "-Data", DataStackProps.builder()
                .env(env)
                .vpc(vpc)
                .vpcSubnets(isolated)
                .secretsManagerReachable(true)
                .build());
        this.service = new ServiceStack(app, PREFIX + "-Service", ServiceStackProps.builder()
                .env(env)
                .vpc(vpc)
                .vpcSubnets(isolated)
                .databaseClientSecurityGroup(data.getDatabaseClientSecurityGroup())
                .databaseSecret(data.getServiceDatabaseSecret())
                .superuserSecret(data.getSuperuserSecret())
                .secretKeySecret(data.getSecretKeySecret())
                .image(ImageSource.fromEcr(repository, required(app, "imageDigest")))
                .domainName(required(app, "domainName"))
                .hostedZone(zone)
                .defaultWebAcl(true)
                .privateEndpoint(true)
                .tracing(true)
                .build());
    }

    /**
     * Adds the example's two stacks to an app.
     *
     * @param app the CDK app, with the context of {@code cdk.json}
     * @param env the account and region of the existing VPC, or null for environment-agnostic stacks
     * @return the example, with its stacks
     */
    public static ExistingVpcApp build(final App app, final Environment env) {
        return new ExistingVpcApp(app, env);
    }

    /** @return the data stack */
    public DataStack data() {
        return data;
    }

    /** @return the service stack */
    public ServiceStack service() {
        return service;
    }

    /**
     * Synthesizes the example into {@code cdk.out} (the CDK CLI sets the output folder and context).
     *
     * @param args unused
     */
    public static void main(final String[] args) {
        final App app = new App();
        build(app, environment(System.getenv("CDK_DEFAULT_ACCOUNT"), System.getenv("CDK_DEFAULT_REGION")));
        app.synth();
    }

    /**
     * @param account the account, or null
     * @param region the region, or null
     * @return the environment when both are known, else null (environment-agnostic)
     */
    static Environment environment(final String account, final String region) {
        if (account == null || account.isBlank() || region == null || region.isBlank()) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }

    private static IVpc importVpc(final Stack scope, final Map<String, Object> attributes) {
        return Vpc.fromVpcAttributes(scope, "Vpc", VpcAttributes.builder()
                .vpcId(string(attributes, "vpcId"))
                .vpcCidrBlock(string(attributes, "vpcCidrBlock"))
                .availabilityZones(strings(attributes, "availabilityZones"))
                .isolatedSubnetIds(strings(attributes, "isolatedSubnetIds"))
                .build());
    }

    private static String required(final App app, final String key) {
        final Object value = app.getNode().tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("context '" + key + "' is required (set it in cdk.json or pass -c "
                    + key + "=...)");
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> requiredMap(final App app, final String key) {
        final Object value = app.getNode().tryGetContext(key);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("context '" + key + "' must be an object with vpcId, vpcCidrBlock, "
                    + "availabilityZones and isolatedSubnetIds (see cdk.json)");
        }
        return (Map<String, Object>) value;
    }

    private static String string(final Map<String, Object> attributes, final String key) {
        final Object value = attributes.get(key);
        if (value == null) {
            throw new IllegalArgumentException("context existingVpc." + key + " is required");
        }
        return value.toString();
    }

    private static List<String> strings(final Map<String, Object> attributes, final String key) {
        final Object value = attributes.get(key);
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("context existingVpc." + key + " must be a list");
        }
        return ((List<?>) value).stream().map(Object::toString).collect(Collectors.toList());
    }
}
