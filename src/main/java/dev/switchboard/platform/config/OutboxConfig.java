package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * The event log ({@code SWITCHBOARD_OUTBOX_*}): the relay that positions committed events and publishes them,
 * and the work consumers that read the log from their checkpoints.
 *
 * @param pollInterval  how often the relay and the consumers look for work no wake-up announced
 * @param batchSize     events positioned by the relay, and applied by a consumer, per transaction
 * @param shards        how many shards the log is split into by tenant (fixed when the database is created)
 * @param leaseTtl      how long a node's hold on a shard lasts without renewal, and how long a node not heard from counts
 *                      as alive: a dead node's shards move, and its running jobs and idempotency keys are freed, after it
 * @param maxAttempts   attempts at an event's effects before the event is parked
 * @param retryBackoff  wait before the second attempt; doubled for each further one (up to 30 s)
 * @param concurrency   consumer transactions one node runs at once
 * @param retention     how long events are kept once every consumer has passed them
 */
public record OutboxConfig(Duration pollInterval, int batchSize, int shards, Duration leaseTtl, int maxAttempts,
                           Duration retryBackoff, int concurrency, Duration retention) {

    public OutboxConfig {
        if (leaseTtl.toMillis() < 300) {
            throw new ConfigException("invalid configuration: outbox.leaseTtl must be at least 300ms");
        }
    }

    /** The defaults with another poll interval and batch size. */
    public static OutboxConfig of(Duration pollInterval, int batchSize) {
        return new OutboxConfig(pollInterval, batchSize, 4, Duration.ofSeconds(6), 5, Duration.ofMillis(200), 4,
                Duration.ofDays(7));
    }

    static OutboxConfig load(Settings s) {
        return new OutboxConfig(
                s.duration("outbox.pollInterval", Duration.ofMillis(250)),
                s.integer("outbox.batchSize", 500, 1, 10_000),
                s.integer("outbox.shards", 4, 1, 1024),
                s.duration("outbox.leaseTtl", Duration.ofSeconds(6)),
                s.integer("outbox.maxAttempts", 5, 1, 100),
                s.duration("outbox.retryBackoff", Duration.ofMillis(200)),
                s.integer("outbox.concurrency", 4, 1, 64),
                s.duration("outbox.retention", Duration.ofDays(7)));
    }
}
