package io.github.apprunnerdjango.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.github.apprunnerdjango.data.DataStack;
import io.github.apprunnerdjango.express.ExpressServiceStack;
import io.github.apprunnerdjango.service.ServiceStack;
import io.github.apprunnerdjango.testing.TwoServiceApp;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import org.jetbrains.annotations.Nullable;

/**
 * One app with a network, a DataStack, an App Runner ServiceStack and an Express stack, each service
 * stack holding a DjangoMonitoring of its service and the database.
 */
final class MonitoringFixture {
    final App app;
    final DataStack data;
    final ServiceStack appRunner;
    final ExpressServiceStack express;
    final DjangoMonitoring appRunnerMonitoring;
    final DjangoMonitoring expressMonitoring;

    MonitoringFixture(final @Nullable Environment env, final UnaryOperator<DjangoMonitoringProps.Builder> options) {
        final TwoServiceApp base = new TwoServiceApp(env, n -> n, Map.of());
        this.app = base.app;
        this.data = base.data;
        this.appRunner = base.appRunner;
        this.express = base.express;
        this.appRunnerMonitoring = new DjangoMonitoring(appRunner, "Monitoring", options.apply(
                DjangoMonitoringProps.builder().service(appRunner.getDjangoService()).database(data)).build());
        this.expressMonitoring = new DjangoMonitoring(express, "Monitoring", options.apply(
                DjangoMonitoringProps.builder().service(express.getDjangoService()).database(data)).build());
    }

    static Environment env() {
        return Environment.builder().account("123456789012").region("eu-west-1").build();
    }

    /** @return the logical id of an alarm of the monitoring, by construct id */
    static String alarmId(final DjangoMonitoring monitoring, final String id) {
        final CfnAlarm cfn = (CfnAlarm) monitoring.getNode().findChild(id).getNode().getDefaultChild();
        return Stack.of(monitoring).resolve(cfn.getLogicalId()).toString();
    }

    /**
     * Every metric an alarm reads, as "namespace metricName statistic [dimension names]", whether the
     * alarm has one metric or a math expression.
     */
    @SuppressWarnings("unchecked")
    static List<String> metrics(final Map<String, Object> alarmProperties) {
        final List<String> found = new ArrayList<>();
        if (alarmProperties.containsKey("MetricName")) {
            found.add(describe(alarmProperties, alarmProperties.containsKey("Statistic")
                    ? alarmProperties.get("Statistic") : alarmProperties.get("ExtendedStatistic")));
        }
        final List<Map<String, Object>> queries = (List<Map<String, Object>>) alarmProperties.getOrDefault("Metrics", List.of());
        for (final Map<String, Object> query : queries) {
            final Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
            if (stat != null) {
                found.add(describe((Map<String, Object>) stat.get("Metric"), stat.get("Stat")));
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static String describe(final Map<String, Object> metric, final Object statistic) {
        final List<Map<String, Object>> dimensions = (List<Map<String, Object>>) metric.get("Dimensions");
        return metric.get("Namespace") + " " + metric.get("MetricName") + " " + statistic + " "
                + dimensions.stream().map(d -> d.get("Name").toString()).sorted().toList();
    }
}
