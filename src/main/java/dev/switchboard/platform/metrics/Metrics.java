package dev.switchboard.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one meter registry, and the Vert.x metrics options that feed it: HTTP server latency
 * histograms labelled by route template, pool usage and event-bus traffic.
 */
public final class Metrics {

    /** The Vert.x server timer, renamed so Prometheus shows {@code http_server_requests_seconds_bucket{route=...}}. */
    static final String VERTX_HTTP_RESPONSE_TIME = "vertx.http.server.response.time";
    public static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    private Metrics() {
    }

    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return VERTX_HTTP_RESPONSE_TIME.equals(id.getName()) ? id.withName(HTTP_SERVER_REQUESTS) : id;
            }

            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
                        .build()
                        .merge(config);
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    public static VertxOptions withMetrics(VertxOptions options) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setMetricsNaming(MetricsNaming.v4Names())
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
                        Label.POOL_NAME, Label.EB_ADDRESS, Label.EB_SIDE))
                // "sql" client meters would register one gauge per connection factory under the same id (only the
                // first counts); the pool meters (vertx_pool_*{pool_type="sql"}) report the database side instead.
                .setDisabledMetricsCategories(Set.of(MetricsDomain.NET_CLIENT.toCategory(),
                        MetricsDomain.DATAGRAM_SOCKET.toCategory(), MetricsDomain.HTTP_CLIENT.toCategory(), "sql"))
                .setJvmMetricsEnabled(false);
        return options.setMetricsOptions(metrics);
    }
}
