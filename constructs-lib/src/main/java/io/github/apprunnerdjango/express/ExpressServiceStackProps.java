package io.github.apprunnerdjango.express;

import java.util.List;

import io.github.apprunnerdjango.service.DjangoServiceProps;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Props of {@link ExpressServiceStack} and of {@link ExpressDjangoService} (which refuses the
 * stack-level settings: they belong to the stack that holds it). Required: vpc (or vpcAttributes),
 * database (or databaseAttributes) and image.
 */
public final class ExpressServiceStackProps extends DjangoServiceProps {
    private final SubnetSelection vpcSubnets;
    private final ICluster cluster;
    private final Integer cpu;
    private final Integer memory;
    private final List<String> command;
    private final Integer minTasks;
    private final Integer maxTasks;
    private final ScalingMetric scalingMetric;
    private final Integer scalingTarget;
    private final ICertificate certificate;
    private final Boolean redeployOnRotation;
    private final Boolean redeployOnImagePush;
    private final List<PolicyStatement> taskRolePolicyStatements;
    private final RetentionDays logRetention;
    private final IRole taskRole;
    private final IRole executionRole;
    private final IRole infrastructureRole;

    private ExpressServiceStackProps(final Builder b) {
        super(b);
        this.vpcSubnets = b.vpcSubnets;
        this.cluster = b.cluster;
        this.cpu = b.cpu;
        this.memory = b.memory;
        this.command = copy(b.command);
        this.minTasks = b.minTasks;
        this.maxTasks = b.maxTasks;
        this.scalingMetric = b.scalingMetric;
        this.scalingTarget = b.scalingTarget;
        this.certificate = b.certificate;
        this.redeployOnRotation = b.redeployOnRotation;
        this.redeployOnImagePush = b.redeployOnImagePush;
        this.taskRolePolicyStatements = copy(b.taskRolePolicyStatements);
        this.logRetention = b.logRetention;
        this.taskRole = b.taskRole;
        this.executionRole = b.executionRole;
        this.infrastructureRole = b.infrastructureRole;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the subnets of the load balancer and the tasks (Express uses the same ones for both), one per zone in every zone of the VPC; public subnets for a public service, private or isolated ones for a private one. Default: - a public service: NetworkStack's public ingress subnets (publicIngress), else the VPC's public subnets; a private service: the private subnets with egress (NAT) when the VPC has some, else its private-isolated subnets */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /** @return the ECS cluster of the service (with Fargate capacity). Default: - ECS's default cluster, which Express creates if the account has none */
    public ICluster getCluster() {
        return cluster;
    }

    /** @return the CPU units of each task, 256 (0.25 vCPU), 512, 1024, 2048 or 4096; with memory, a Fargate combination. Default: 256, set explicitly (AWS's pages disagree on Express's own default) */
    public Integer getCpu() {
        return cpu;
    }

    /** @return the memory of each task in MiB, with cpu a Fargate combination, 512 to 8192. Default: 512, set explicitly */
    public Integer getMemory() {
        return memory;
    }

    /** @return the container's command (Docker CMD; the image's ENTRYPOINT still runs), one argument per element. Default: - the image's CMD */
    public List<String> getCommand() {
        return command;
    }

    /** @return the fewest tasks, at least 1. Default: 1 */
    public Integer getMinTasks() {
        return minTasks;
    }

    /** @return the most tasks, at least minTasks. Default: 3 */
    public Integer getMaxTasks() {
        return maxTasks;
    }

    /** @return the metric target tracking keeps at scalingTarget. Default: {@link ScalingMetric#AVERAGE_CPU} */
    public ScalingMetric getScalingMetric() {
        return scalingMetric;
    }

    /** @return the metric's target value: a percentage (1 to 100) for CPU and memory, requests per target (1 or more) for REQUEST_COUNT_PER_TARGET. Default: 60 */
    public Integer getScalingTarget() {
        return scalingTarget;
    }

    /** @return an issued ACM certificate for domainName, in the service's region, when the domain has no hosted zone here. Default: - with a hosted zone, a DNS-validated certificate is created */
    public ICertificate getCertificate() {
        return certificate;
    }

    /** @return whether the service redeploys (a forced new deployment: new tasks resolve the secrets anew) when any secret it reads gets a new current version. Default: true */
    public Boolean getRedeployOnRotation() {
        return redeployOnRotation;
    }

    /** @return whether a push of the image's tag to its ECR repository forces a new deployment (ECR's PUSH event, https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html), as App Runner's automatic deployments do: Express deploys when the service's configuration changes, and a pushed tag (buildAndPush, fromEcr with a tag) does not change it. Ignored for a digest or a CDK asset, whose URI changes with the image. Default: true */
    public Boolean getRedeployOnImagePush() {
        return redeployOnImagePush;
    }

    /** @return what the app itself may do with AWS (S3, SES, ...), added to the task role. Default: - nothing */
    public List<PolicyStatement> getTaskRolePolicyStatements() {
        return taskRolePolicyStatements;
    }

    /** @return how long the container's logs are kept. Default: {@link RetentionDays#THREE_MONTHS} */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /** @return the role the app runs with (trusting ecs-tasks.amazonaws.com); the library adds taskRolePolicyStatements and addToRolePolicy's statements to it, unless it is imported immutable. Default: - a new role */
    public IRole getTaskRole() {
        return taskRole;
    }

    /** @return the role ECS pulls the image, writes the logs and reads the secrets with (trusting ecs-tasks.amazonaws.com); the library adds exactly those permissions to it (an imported immutable role must already have them) and suppresses cdk-nag's AwsSolutions-IAM5 finding on Resource * (ecr:GetAuthorizationToken) on it. Default: - a new role */
    public IRole getExecutionRole() {
        return executionRole;
    }

    /** @return the role Express manages the load balancer, security groups, certificate and scaling with (trusting ecs.amazonaws.com); used as it is: it must carry the AWS managed policy AmazonECSInfrastructureRoleforExpressGatewayServices or the same permissions (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html). Default: - a new role with that managed policy */
    public IRole getInfrastructureRole() {
        return infrastructureRole;
    }

    /** Builder of {@link ExpressServiceStackProps}. */
    public static final class Builder extends DjangoServiceProps.Builder<Builder> {
        private SubnetSelection vpcSubnets;
        private ICluster cluster;
        private Integer cpu;
        private Integer memory;
        private List<String> command;
        private Integer minTasks;
        private Integer maxTasks;
        private ScalingMetric scalingMetric;
        private Integer scalingTarget;
        private ICertificate certificate;
        private Boolean redeployOnRotation;
        private Boolean redeployOnImagePush;
        private List<PolicyStatement> taskRolePolicyStatements;
        private RetentionDays logRetention;
        private IRole taskRole;
        private IRole executionRole;
        private IRole infrastructureRole;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param vpcSubnets the subnets of the load balancer and the tasks (Express uses the same ones for both), one per zone in every zone of the VPC; public subnets for a public service, private or isolated ones for a private one. Default: - a public service: NetworkStack's public ingress subnets (publicIngress), else the VPC's public subnets; a private service: the private subnets with egress (NAT) when the VPC has some, else its private-isolated subnets
         * @return this builder
         */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @param cluster the ECS cluster of the service (with Fargate capacity). Default: - ECS's default cluster, which Express creates if the account has none
         * @return this builder
         */
        public Builder cluster(final ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * @param cpu the CPU units of each task, 256 (0.25 vCPU), 512, 1024, 2048 or 4096; with memory, a Fargate combination. Default: 256, set explicitly (AWS's pages disagree on Express's own default)
         * @return this builder
         */
        public Builder cpu(final Integer cpu) {
            this.cpu = cpu;
            return this;
        }

        /**
         * @param memory the memory of each task in MiB, with cpu a Fargate combination, 512 to 8192. Default: 512, set explicitly
         * @return this builder
         */
        public Builder memory(final Integer memory) {
            this.memory = memory;
            return this;
        }

        /**
         * @param command the container's command (Docker CMD; the image's ENTRYPOINT still runs), one argument per element. Default: - the image's CMD
         * @return this builder
         */
        public Builder command(final List<String> command) {
            this.command = command;
            return this;
        }

        /**
         * @param minTasks the fewest tasks, at least 1. Default: 1
         * @return this builder
         */
        public Builder minTasks(final Integer minTasks) {
            this.minTasks = minTasks;
            return this;
        }

        /**
         * @param maxTasks the most tasks, at least minTasks. Default: 3
         * @return this builder
         */
        public Builder maxTasks(final Integer maxTasks) {
            this.maxTasks = maxTasks;
            return this;
        }

        /**
         * @param scalingMetric the metric target tracking keeps at scalingTarget. Default: {@link ScalingMetric#AVERAGE_CPU}
         * @return this builder
         */
        public Builder scalingMetric(final ScalingMetric scalingMetric) {
            this.scalingMetric = scalingMetric;
            return this;
        }

        /**
         * @param scalingTarget the metric's target value: a percentage (1 to 100) for CPU and memory, requests per target (1 or more) for REQUEST_COUNT_PER_TARGET. Default: 60
         * @return this builder
         */
        public Builder scalingTarget(final Integer scalingTarget) {
            this.scalingTarget = scalingTarget;
            return this;
        }

        /**
         * @param certificate an issued ACM certificate for domainName, in the service's region, when the domain has no hosted zone here. Default: - with a hosted zone, a DNS-validated certificate is created
         * @return this builder
         */
        public Builder certificate(final ICertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /**
         * @param redeployOnRotation whether the service redeploys (a forced new deployment: new tasks resolve the secrets anew) when any secret it reads gets a new current version. Default: true
         * @return this builder
         */
        public Builder redeployOnRotation(final Boolean redeployOnRotation) {
            this.redeployOnRotation = redeployOnRotation;
            return this;
        }

        /**
         * @param redeployOnImagePush whether a push of the image's tag to its ECR repository forces a new deployment (ECR's PUSH event, https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html), as App Runner's automatic deployments do: Express deploys when the service's configuration changes, and a pushed tag (buildAndPush, fromEcr with a tag) does not change it. Ignored for a digest or a CDK asset, whose URI changes with the image. Default: true
         * @return this builder
         */
        public Builder redeployOnImagePush(final Boolean redeployOnImagePush) {
            this.redeployOnImagePush = redeployOnImagePush;
            return this;
        }

        /**
         * @param taskRolePolicyStatements what the app itself may do with AWS (S3, SES, ...), added to the task role. Default: - nothing
         * @return this builder
         */
        public Builder taskRolePolicyStatements(final List<PolicyStatement> taskRolePolicyStatements) {
            this.taskRolePolicyStatements = taskRolePolicyStatements;
            return this;
        }

        /**
         * @param logRetention how long the container's logs are kept. Default: {@link RetentionDays#THREE_MONTHS}
         * @return this builder
         */
        public Builder logRetention(final RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * @param taskRole the role the app runs with (trusting ecs-tasks.amazonaws.com); the library adds taskRolePolicyStatements and addToRolePolicy's statements to it, unless it is imported immutable. Default: - a new role
         * @return this builder
         */
        public Builder taskRole(final IRole taskRole) {
            this.taskRole = taskRole;
            return this;
        }

        /**
         * @param executionRole the role ECS pulls the image, writes the logs and reads the secrets with (trusting ecs-tasks.amazonaws.com); the library adds exactly those permissions to it (an imported immutable role must already have them) and suppresses cdk-nag's AwsSolutions-IAM5 finding on Resource * (ecr:GetAuthorizationToken) on it. Default: - a new role
         * @return this builder
         */
        public Builder executionRole(final IRole executionRole) {
            this.executionRole = executionRole;
            return this;
        }

        /**
         * @param infrastructureRole the role Express manages the load balancer, security groups, certificate and scaling with (trusting ecs.amazonaws.com); used as it is: it must carry the AWS managed policy AmazonECSInfrastructureRoleforExpressGatewayServices or the same permissions (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html). Default: - a new role with that managed policy
         * @return this builder
         */
        public Builder infrastructureRole(final IRole infrastructureRole) {
            this.infrastructureRole = infrastructureRole;
            return this;
        }

        /** @return the props */
        public ExpressServiceStackProps build() {
            return new ExpressServiceStackProps(this);
        }
    }
}
