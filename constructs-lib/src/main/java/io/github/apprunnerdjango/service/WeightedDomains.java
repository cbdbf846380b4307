package io.github.apprunnerdjango.service;

import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The migration from App Runner to ECS Express Mode moves a domain's traffic with two weighted
 * Route 53 records of one name. Route 53 refuses a weighted record beside a simple one of the same
 * name, so the App Runner record must turn weighted (an update in place) before the Express record
 * is created: whatever order an app makes them in, the Express service's stack (or the service
 * itself, in one stack) waits for the App Runner service's.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html
 */
public final class WeightedDomains {
    private WeightedDomains() {
    }

    /**
     * Orders {@code self} against every other service of the app that weighs the same domain.
     *
     * @param self a service just made, with a weighted record ({@link IDjangoService#getWeightedDomainName()})
     */
    public static void order(final IDjangoService self) {
        final String domain = self.getWeightedDomainName();
        if (domain == null) {
            return;
        }
        for (final IConstruct node : self.getNode().getRoot().getNode().findAll()) {
            if (node != self && node instanceof IDjangoService other && domain.equals(other.getWeightedDomainName())
                    && isAppRunner(self) != isAppRunner(other)) {
                final IDjangoService appRunner = isAppRunner(self) ? self : other;
                final IDjangoService express = isAppRunner(self) ? other : self;
                waitFor(express, appRunner);
            }
        }
    }

    private static boolean isAppRunner(final IDjangoService service) {
        return service instanceof AppRunnerDjangoService;
    }

    private static void waitFor(final IDjangoService later, final IDjangoService first) {
        final Stack laterStack = Stack.of(later);
        final Stack firstStack = Stack.of(first);
        if (laterStack != firstStack) {
            laterStack.addDependency(firstStack, "the App Runner record of the domain is weighted before the"
                    + " Express record exists");
        } else {
            later.getNode().addDependency(first);
        }
    }
}
