package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * The job queue's workers: how often they look for due jobs, how many they claim and run at once, how
 * long a claimed job stays leased to its worker, and the default retry backoff.
 */
public record JobsConfig(Duration pollInterval, int batchSize, int concurrency, Duration visibilityTimeout, int maxAttempts,
                         Duration backoffBase, Duration backoffCap) {
}
