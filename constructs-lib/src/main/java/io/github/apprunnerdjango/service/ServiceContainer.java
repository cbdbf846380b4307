package io.github.apprunnerdjango.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;

/**
 * What a task that runs "the same app" as a service needs to know of it ({@link IDjangoService#getContainer()}):
 * the image, the environment contract (plain variables and secrets, in the order the service renders
 * them), the subnets and security groups its app traffic leaves from, and whether its tasks need a
 * public IP to reach the internet. A management command run on ECS (the {@code commands} package)
 * reads it, so the command sees exactly the service's variables and secrets.
 *
 * <p>Variables and secrets added to the service after it was built ({@link IDjangoService#addEnvironment},
 * {@link IDjangoService#addSecret}) are added here too; {@link #subscribe} hands a reader every one,
 * the current ones first and each later one as it is added.
 */
public final class ServiceContainer {
    private final BoundImage image;
    private final IVpc vpc;
    private final List<ISubnet> subnets;
    private final List<ISecurityGroup> securityGroups;
    private final boolean assignPublicIp;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, ServiceSecret> secrets = new LinkedHashMap<>();
    private final List<BiConsumer<String, String>> variableReaders = new ArrayList<>();
    private final List<BiConsumer<String, ServiceSecret>> secretReaders = new ArrayList<>();

    private ServiceContainer(final BoundImage image, final IVpc vpc, final List<ISubnet> subnets,
                             final List<ISecurityGroup> securityGroups, final boolean assignPublicIp) {
        this.image = image;
        this.vpc = vpc;
        this.subnets = List.copyOf(subnets);
        this.securityGroups = List.copyOf(securityGroups);
        this.assignPublicIp = assignPublicIp;
    }

    /**
     * Starts the description of a service's container; the service keeps the returned writer and adds
     * each variable and secret it renders.
     *
     * @param image the service's image
     * @param vpc the service's VPC
     * @param subnets the subnets the app's traffic leaves from
     * @param securityGroups the security groups the app's traffic leaves from
     * @param assignPublicIp whether tasks in those subnets need a public IP to reach the internet
     * @return the writer, whose {@link Writer#container()} the service returns
     */
    public static Writer writer(final BoundImage image, final IVpc vpc, final List<ISubnet> subnets,
                                final List<ISecurityGroup> securityGroups, final boolean assignPublicIp) {
        return new Writer(new ServiceContainer(image, vpc, subnets, securityGroups, assignPublicIp));
    }

    /** The service's side: only the service that made the description adds to it. */
    public static final class Writer {
        private final ServiceContainer container;

        private Writer(final ServiceContainer container) {
            this.container = container;
        }

        /** @return the description the service hands out */
        public ServiceContainer container() {
            return container;
        }

        /**
         * @param name a variable the service renders
         * @param value its value
         */
        public void variable(final String name, final String value) {
            container.environment.put(name, value);
            List.copyOf(container.variableReaders).forEach(r -> r.accept(name, value));
        }

        /**
         * @param name a secret variable the service renders
         * @param secret where its value is read
         */
        public void secret(final String name, final ServiceSecret secret) {
            container.secrets.put(name, secret);
            List.copyOf(container.secretReaders).forEach(r -> r.accept(name, secret));
        }
    }

    /**
     * Hands the readers every variable and secret of the service: the current ones now, in the
     * service's order, and each one added later when it is added.
     *
     * @param variables called with each plain variable's name and value
     * @param secrets called with each secret variable's name and source
     */
    public void subscribe(final BiConsumer<String, String> variables, final BiConsumer<String, ServiceSecret> secrets) {
        new LinkedHashMap<>(environment).forEach(variables);
        new LinkedHashMap<>(this.secrets).forEach(secrets);
        variableReaders.add(variables);
        secretReaders.add(secrets);
    }

    /** @return the image the service runs */
    public BoundImage getImage() {
        return image;
    }

    /** @return the plain variables rendered so far, by name, in the service's order */
    public Map<String, String> getEnvironment() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** @return the secret variables rendered so far, by name, in the service's order */
    public Map<String, ServiceSecret> getSecrets() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    }

    /** @return the service's VPC */
    public IVpc getVpc() {
        return vpc;
    }

    /** @return the subnets the app's traffic leaves from (App Runner's VPC connector, the Express tasks) */
    public List<ISubnet> getSubnets() {
        return subnets;
    }

    /** @return the security groups the app's traffic leaves from (the database admits them) */
    public List<ISecurityGroup> getSecurityGroups() {
        return securityGroups;
    }

    /**
     * @return whether a task in {@link #getSubnets()} needs a public IP to reach the internet: true for
     *     public subnets (an internet-facing Express service), false for private or isolated ones
     */
    public boolean isAssignPublicIp() {
        return assignPublicIp;
    }
}
