package io.github.apprunnerdjango.monitoring;

import java.util.Map;
import java.util.TreeMap;

import io.github.apprunnerdjango.express.ExpressDjangoService;
import io.github.apprunnerdjango.service.AppRunnerDjangoService;
import io.github.apprunnerdjango.service.IDjangoService;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;

/**
 * What each compute service publishes for the service's alarms, in its own namespace and dimensions:
 * App Runner's {@code AWS/AppRunner} by ServiceName and ServiceID
 * (https://docs.aws.amazon.com/apprunner/latest/dg/monitor-cw.html), Express's load balancer in
 * {@code AWS/ApplicationELB} by LoadBalancer
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html)
 * and its ECS service in {@code AWS/ECS} by ClusterName and ServiceName
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_utilization.html).
 *
 * @param what the compute service in words, for descriptions
 * @param requests the requests served, sum per 5 minutes
 * @param serverErrors the 5xx answers, sum per 5 minutes
 * @param latencyP99 the p99 latency, per 5 minutes
 * @param latencyUnitMillis how many milliseconds one unit of {@code latencyP99} is (ALB reports seconds)
 * @param noCapacity the metric that shows nothing serves, compared with 1
 * @param noCapacityComparison how it is compared with 1
 * @param noCapacityPeriods how many periods of {@code noCapacity} alarm
 * @param noCapacityMissing how missing data counts for it
 * @param noCapacityDescription the alarm's description
 * @param redeployAlarm the service's alarm on failed redeploys, or null when it has none
 */
record ServiceSignals(String what, IMetric requests, IMetric serverErrors, IMetric latencyP99, double latencyUnitMillis,
                      IMetric noCapacity, ComparisonOperator noCapacityComparison, int noCapacityPeriods,
                      TreatMissingData noCapacityMissing,
                      String noCapacityDescription, @Nullable Alarm redeployAlarm) {
    private static final Duration FIVE_MINUTES = Duration.minutes(5);

    /** @return the signals of a service of this library, or null for any other implementation */
    static @Nullable ServiceSignals of(final IDjangoService service) {
        if (service instanceof AppRunnerDjangoService appRunner) {
            return appRunner(appRunner);
        }
        if (service instanceof ExpressDjangoService express) {
            return express(express);
        }
        return null;
    }

    /**
     * App Runner publishes {@code ActiveInstances}, instances serving requests; provisioned idle ones are
     * not active, so zero alone is normal at night. Requests received in 5 minutes while not one
     * instance was ever active in them means nothing could serve them.
     */
    private static ServiceSignals appRunner(final AppRunnerDjangoService service) {
        final MetricOptions period = MetricOptions.builder().period(FIVE_MINUTES).build();
        final Metric requests = service.metricRequests(period);
        final Map<String, IMetric> using = new TreeMap<>();
        using.put("active", service.metricActiveInstances(MetricOptions.builder().period(FIVE_MINUTES)
                .statistic("Maximum").build()));
        using.put("requests", requests);
        final IMetric noInstance = MathExpression.Builder.create()
                .expression("IF(requests > 0 AND FILL(active, 0) < 1, 1, 0)")
                .usingMetrics(using)
                .label("Requests with no active instance (1 = yes)")
                .period(FIVE_MINUTES)
                .build();
        return new ServiceSignals("App Runner service", requests, service.metric5xxStatusResponses(period),
                service.metricRequestLatency(MetricOptions.builder().period(FIVE_MINUTES).statistic("p99").build()), 1,
                noInstance, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING,
                "The App Runner service received requests while no instance was active to serve them",
                service.getRotationRedeployAlarm());
    }

    /**
     * ECS computes the service's CPUUtilization each minute over the tasks that run
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_utilization.html): with no
     * running task there is no data point. Five minutes without one, counted as breaching, alarm.
     */
    private static ServiceSignals express(final ExpressDjangoService service) {
        final MetricOptions period = MetricOptions.builder().period(FIVE_MINUTES).build();
        final IMetric running = service.metricCpuUtilization(MetricOptions.builder().period(Duration.minutes(1))
                .statistic("SampleCount").build());
        return new ServiceSignals("ECS Express Mode service", service.metricRequestCount(period),
                service.metricHttpCodeTarget5xx(period),
                service.metricTargetResponseTime(MetricOptions.builder().period(FIVE_MINUTES).statistic("p99").build()),
                1000, running, ComparisonOperator.LESS_THAN_THRESHOLD, 5, TreatMissingData.BREACHING,
                "The ECS Express Mode service published no CPUUtilization for 5 minutes: no task runs",
                service.getRotationRedeployAlarm());
    }
}
