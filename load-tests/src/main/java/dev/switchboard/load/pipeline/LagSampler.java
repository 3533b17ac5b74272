package dev.switchboard.load.pipeline;

import dev.switchboard.load.rest.Http;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples Switchboard's {@code GET /metrics} at a fixed interval while it is switched on and keeps, per series, every value
 * of the lag gauges: {@code switchboard_events_consumer_lag_seconds{consumer="..."}} (the one with a target) and, for
 * context, every other gauge whose name ends in {@code _lag_seconds}. Runs on the benchmark's event loop.
 */
final class LagSampler {

    static final String CONSUMER_LAG = "switchboard_events_consumer_lag_seconds";
    private static final Pattern CONSUMER = Pattern.compile("consumer=\"([^\"]*)\"");

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final long intervalMillis;
    /** Samples per series, pooled over every window sampled; series names are "consumer NAME" or the full series. */
    private final Map<String, List<Double>> samples = new TreeMap<>();
    private Map<String, List<Double>> window = new TreeMap<>();
    private long timer = -1;
    private boolean sampling;
    private int scrapes;
    private int failedScrapes;

    LagSampler(Vertx vertx, String baseUrl, long intervalMillis) {
        this.vertx = vertx;
        this.client = Http.client(vertx, baseUrl, 1);
        this.intervalMillis = intervalMillis;
    }

    /** Starts a sampling window (the previous window's samples stay in the pooled totals). */
    void start() {
        vertx.runOnContext(v -> {
            window = new TreeMap<>();
            sampling = true;
            timer = vertx.setPeriodic(0, intervalMillis, id -> scrape());
        });
    }

    /** Stops sampling; the window's samples per series. Call from the driving thread, not the event loop. */
    Map<String, List<Double>> stop() {
        Promise<Map<String, List<Double>>> stopped = Promise.promise();
        vertx.runOnContext(v -> {
            vertx.cancelTimer(timer);
            sampling = false;
            stopped.complete(window);
        });
        return stopped.future().await();
    }

    Map<String, List<Double>> pooled() {
        return samples;
    }

    int scrapes() {
        return scrapes;
    }

    int failedScrapes() {
        return failedScrapes;
    }

    private void scrape() {
        Http.send(client, HttpMethod.GET, "/metrics", (String) null, null).onComplete(ar -> {
            if (!sampling) {
                return;
            }
            if (ar.failed()) {
                failedScrapes++;
                return;
            }
            scrapes++;
            parse(ar.result().toString());
        });
    }

    private void parse(String text) {
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            if (!name.endsWith("_lag_seconds")) {
                continue;
            }
            int labelsEnd = brace >= 0 && brace < space ? line.indexOf('}', brace) + 1 : space;
            String series = line.substring(0, labelsEnd);
            String[] rest = line.substring(labelsEnd).trim().split(" ");
            double value;
            try {
                value = Double.parseDouble(rest[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (name.equals(CONSUMER_LAG)) {
                Matcher m = CONSUMER.matcher(series);
                series = "consumer " + (m.find() ? m.group(1) : series);
            }
            window.computeIfAbsent(series, k -> new ArrayList<>()).add(value);
            samples.computeIfAbsent(series, k -> new ArrayList<>()).add(value);
        }
    }

    /** The maximum and p99 of {@code values}. */
    static double[] maxAndP99(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(0.99 * sorted.length) - 1));
        return new double[] {sorted[sorted.length - 1], sorted[index]};
    }

    /** True for the series of the consumer-lag gauge. */
    static boolean isConsumer(String series) {
        return series.startsWith("consumer ");
    }
}
