package io.github.apprunnerdjango.examples.existingvpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.data.DataStackProps;
import io.github.apprunnerdjango.service.ImageSource;
import io.github.apprunnerdjango.service.ServiceSecret;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.service.ServiceStackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.IConstruct;

/**
 * Django on App Runner in infrastructure that already exists: a VPC with NAT egress, an ECR
 * repository that CI pushes to, a Route 53 hosted zone, a media bucket and a Secrets Manager secret
 * of the app's own. Three stacks, and every existing resource is imported by its attributes inside
 * them (no stack of our own, no {@code new Stack(new App(), ...)}):
 * <ul>
 *   <li>{@code ExistingVpcDjango-Data}: Aurora Serverless v2 in the VPC's isolated subnets;</li>
 *   <li>{@code ExistingVpcDjango-Web}: the public site, on a custom domain, behind the default WAF web
 *       ACL, traced with X-Ray, with the app's own variables, a secret and an S3 permission;</li>
 *   <li>{@code ExistingVpcDjango-Admin}: the same image, reachable from inside the VPC only.</li>
 * </ul>
 * Both services use the same database ({@code database(data)}); their VPC connectors go in the
 * VPC's private subnets, whose route to a NAT gateway lets the app call Stripe, SES or S3.
 *
 * <p>Every id comes from the {@code cdk.json} context (see {@link Context} and the README).
 */
public final class ExistingVpcApp {
    /** Prefix of the stack names. */
    public static final String PREFIX = "ExistingVpcDjango";
    /** The JSON key of the Stripe secret that holds the API key. */
    public static final String STRIPE_JSON_KEY = "apiKey";

    /** The context keys this app reads (all in cdk.json). */
    public static final class Context {
        /** VPC attributes: vpcId, vpcCidrBlock, availabilityZones, privateSubnetIds, isolatedSubnetIds. */
        public static final String EXISTING_VPC = "existingVpc";
        /** Name of the ECR repository CI pushes the image to. */
        public static final String ECR_REPOSITORY_NAME = "ecrRepositoryName";
        /** Digest of the image to run, {@code sha256:<64 hex>}. */
        public static final String IMAGE_DIGEST = "imageDigest";
        /** The web service's custom domain. */
        public static final String DOMAIN_NAME = "domainName";
        /** Id of the Route 53 hosted zone of the domain. */
        public static final String HOSTED_ZONE_ID = "hostedZoneId";
        /** Name of that hosted zone. */
        public static final String HOSTED_ZONE_NAME = "hostedZoneName";
        /** Name of the existing S3 bucket for media files. */
        public static final String MEDIA_BUCKET = "mediaBucket";
        /** Sender address of the app's e-mails. */
        public static final String EMAIL_SENDER = "emailSender";
        /** Complete ARN (with the 6-character suffix) of the secret holding the Stripe API key. */
        public static final String STRIPE_SECRET_ARN = "stripeSecretArn";

        private Context() {
        }
    }

    private final DataStack data;
    private final ServiceStack web;
    private final ServiceStack admin;

    private ExistingVpcApp(final App app, final Environment env) {
        final VpcAttributes vpc = vpcAttributes(requiredMap(app, Context.EXISTING_VPC));
        final String repository = required(app, Context.ECR_REPOSITORY_NAME);
        final String digest = required(app, Context.IMAGE_DIGEST);
        final String mediaBucket = required(app, Context.MEDIA_BUCKET);

        // Aurora goes in the VPC's isolated subnets (DataStack's default). The VPC has its own
        // Secrets Manager interface endpoint with private DNS, so the rotation functions there reach
        // the API: secretsManagerReachable says so (without it, DataStack refuses isolated subnets).
        this.data = new DataStack(app, PREFIX + "-Data", DataStackProps.builder()
                .env(env)
                .vpcAttributes(vpc)
                .secretsManagerReachable(true)
                .build());

        // An existing secret of the app's own, by its complete ARN (imported in a stack of ours: the
        // web stack does not exist yet while its props are built; a literal ARN creates no reference
        // between the stacks). The web service gets its "apiKey" JSON key as STRIPE_API_KEY and
        // redeploys when the secret gets a new version.
        final ISecret stripe = Secret.fromSecretCompleteArn(data, "StripeSecret",
                required(app, Context.STRIPE_SECRET_ARN));

        // The connectors go in the VPC's private subnets (ServiceStack picks PRIVATE_WITH_EGRESS when
        // the VPC has such subnets): the app reaches the internet through the VPC's NAT gateway.
        this.web = new ServiceStack(app, PREFIX + "-Web", ServiceStackProps.builder()
                .env(env)
                .vpcAttributes(vpc)
                .database(data)
                .image(ImageSource.fromEcrRepositoryName(repository, digest))
                .domainName(required(app, Context.DOMAIN_NAME))
                .hostedZoneAttributes(HostedZoneAttributes.builder()
                        .hostedZoneId(required(app, Context.HOSTED_ZONE_ID))
                        .zoneName(required(app, Context.HOSTED_ZONE_NAME))
                        .build())
                .defaultWebAcl(true)
                .tracing(true)
                // spans leave through the NAT gateway: no X-Ray interface endpoint needed
                .tracingEndpoint(false)
                .environment(Map.of(
                        "AWS_STORAGE_BUCKET_NAME", mediaBucket,
                        "DEFAULT_FROM_EMAIL", required(app, Context.EMAIL_SENDER)))
                .secrets(Map.of("STRIPE_API_KEY", ServiceSecret.fromSecretsManager(stripe, STRIPE_JSON_KEY)))
                .instanceRolePolicyStatements(List.of(mediaObjects(mediaBucket)))
                .build());
        suppressMediaObjectsFinding(web, mediaBucket);

        // Django's admin on the same database and image, reachable from inside the VPC only
        // (an apprunner.requests interface endpoint and a VPC ingress connection).
        this.admin = new ServiceStack(app, PREFIX + "-Admin", ServiceStackProps.builder()
                .env(env)
                .vpcAttributes(vpc)
                .database(data)
                .image(ImageSource.fromEcrRepositoryName(repository, digest))
                .privateEndpoint(true)
                .build());
    }

    /** What the web app may do with its media bucket: read and write objects, nothing else. */
    static PolicyStatement mediaObjects(final String bucket) {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:PutObject"))
                .resources(List.of(mediaObjectsArn(bucket)))
                .build();
    }

    /** @return the ARN of every object of the bucket */
    static String mediaObjectsArn(final String bucket) {
        return "arn:aws:s3:::" + bucket + "/*";
    }

    /**
     * cdk-nag's AwsSolutions-IAM5 flags every wildcard in a resource, and media objects have keys not
     * known in advance: the finding is accepted for exactly that ARN, on the web instance role's
     * policy. This writes the {@code cdk_nag} metadata that cdk-nag reads, so the app needs cdk-nag
     * only in its tests (with cdk-nag on the classpath,
     * {@code NagSuppressions.addResourceSuppressions} writes the same).
     */
    private static void suppressMediaObjectsFinding(final ServiceStack web, final String bucket) {
        final IConstruct policy = web.getInstanceRole().getNode().tryFindChild("DefaultPolicy");
        if (policy == null) {
            throw new IllegalStateException("the web instance role has no default policy");
        }
        final CfnResource cfnPolicy = (CfnResource) policy.getNode().getDefaultChild();
        // keep the suppressions the library wrote on the same policy (X-Ray's Resource::*)
        final List<Object> rules = new ArrayList<>();
        if (cfnPolicy.getMetadata("cdk_nag") instanceof Map<?, ?> existing
                && existing.get("rules_to_suppress") instanceof List<?> list) {
            rules.addAll(list);
        }
        // a LinkedHashMap, not Map.of: the order of its keys reaches the template, and Map.of's changes
        // from JVM to JVM (templates would then differ from synth to synth)
        final Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", "AwsSolutions-IAM5");
        rule.put("reason", "The app reads and writes media objects under keys chosen at run time, in its own"
                + " bucket only");
        rule.put("applies_to", List.of("Resource::" + mediaObjectsArn(bucket)));
        rules.add(rule);
        cfnPolicy.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
    }

    /**
     * Adds the example's three stacks to an app.
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

    /** @return the public web service's stack */
    public ServiceStack web() {
        return web;
    }

    /** @return the private admin service's stack */
    public ServiceStack admin() {
        return admin;
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

    /**
     * The existing VPC: the private subnets route to a NAT gateway (the App Runner connectors), the
     * isolated ones have no route out (Aurora and its rotation).
     */
    private static VpcAttributes vpcAttributes(final Map<String, Object> attributes) {
        return VpcAttributes.builder()
                .vpcId(string(attributes, "vpcId"))
                .vpcCidrBlock(string(attributes, "vpcCidrBlock"))
                .availabilityZones(strings(attributes, "availabilityZones"))
                .privateSubnetIds(strings(attributes, "privateSubnetIds"))
                .isolatedSubnetIds(strings(attributes, "isolatedSubnetIds"))
                .build();
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
                    + "availabilityZones, privateSubnetIds and isolatedSubnetIds (see cdk.json)");
        }
        return (Map<String, Object>) value;
    }

    private static String string(final Map<String, Object> attributes, final String key) {
        final Object value = attributes.get(key);
        if (value == null) {
            throw new IllegalArgumentException("context " + Context.EXISTING_VPC + "." + key + " is required");
        }
        return value.toString();
    }

    private static List<String> strings(final Map<String, Object> attributes, final String key) {
        final Object value = attributes.get(key);
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("context " + Context.EXISTING_VPC + "." + key + " must be a list");
        }
        return ((List<?>) value).stream().map(Object::toString).collect(Collectors.toList());
    }
}
