package dev.switchboard.load.rest;

import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of one measured window: requests completed in it (errors included), errors by status (-1: connection,
 * -2: not sent because too many were in flight), throughput of successful requests, and latency percentiles in ms.
 */
public record Window(String name, int connections, double seconds, int requests, int errors, Map<Integer, Integer> failures,
                     double rps, double p50, double p95, double p99, double max) {

    /** Summarises {@code latencies} and {@code failures} recorded over {@code seconds}. */
    public static Window of(String name, int connections, double seconds, Latencies latencies, Map<Integer, Integer> failures) {
        int count = latencies.count();
        int errors = failures.values().stream().mapToInt(Integer::intValue).sum();
        return new Window(name, connections, seconds, count, errors, new TreeMap<>(failures), (count - errors) / seconds,
                latencies.percentileMillis(0.50), latencies.percentileMillis(0.95), latencies.percentileMillis(0.99),
                latencies.percentileMillis(1.0));
    }
}
