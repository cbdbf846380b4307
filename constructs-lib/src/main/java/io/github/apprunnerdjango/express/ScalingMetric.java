package io.github.apprunnerdjango.express;

/**
 * The metric an Express Mode service's target tracking policy keeps at {@code scalingTarget}: the
 * values of the API's {@code ExpressGatewayServiceScalingMetric}
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExpressGatewayScalingTarget.html).
 */
public enum ScalingMetric {
    /** The tasks' average CPU utilization, in percent. */
    AVERAGE_CPU,
    /** The tasks' average memory utilization, in percent. */
    AVERAGE_MEMORY,
    /** The load balancer's requests per target (per minute). */
    REQUEST_COUNT_PER_TARGET;

    /** @return whether the target value is a percentage (1 to 100) */
    public boolean isPercent() {
        return this != REQUEST_COUNT_PER_TARGET;
    }
}
