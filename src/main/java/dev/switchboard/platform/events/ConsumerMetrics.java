package dev.switchboard.platform.events;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meters of the log's work consumers, tagged by consumer (and shard for positions): checkpoint position, lag in
 * events and in seconds, batch size, delay from an event's commit to its effects, and parked events. Created once
 * by the composition root, so redeployed consumers keep reporting into them.
 */
public final class ConsumerMetrics {

    static final String POSITION = "switchboard.events.consumer.position";
    static final String LAG_EVENTS = "switchboard.events.consumer.lag.events";
    static final String LAG_SECONDS = "switchboard.events.consumer.lag.seconds";
    static final String BATCH = "switchboard.events.consumer.batch.size";
    static final String DELAY = "switchboard.events.consumer.delay";
    static final String PARKED = "switchboard.events.consumer.parked";
    static final String HEAD = "switchboard.events.log.head";

    private final MeterRegistry registry;
    private final AtomicLong head = new AtomicLong();
    private final Map<String, PerConsumer> consumers = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(HEAD, head, AtomicLong::get).description("newest position of the event log this node has seen")
                .strongReference(true).register(registry);
    }

    /** The newest log position this node knows of. */
    long head() {
        return head.get();
    }

    void head(long position) {
        head.accumulateAndGet(position, Math::max);
    }

    PerConsumer of(String consumer) {
        return consumers.computeIfAbsent(consumer, PerConsumer::new);
    }

    /** Parked events of every consumer, as last counted in the database. */
    void parked(Map<String, Long> counts) {
        consumers.forEach((name, c) -> c.parked.set(counts.getOrDefault(name, 0L)));
    }

    /** Meters of one consumer. */
    final class PerConsumer {

        private final Tags tags;
        private final Map<Integer, AtomicLong> positions = new ConcurrentHashMap<>();
        private final Map<Integer, Instant> pendingSince = new ConcurrentHashMap<>();
        private final AtomicLong parked = new AtomicLong();
        private final DistributionSummary batch;
        private final Timer delay;

        private PerConsumer(String consumer) {
            tags = Tags.of("consumer", consumer);
            batch = DistributionSummary.builder(BATCH).description("events applied per consumer transaction").tags(tags)
                    .publishPercentileHistogram().register(registry);
            delay = Timer.builder(DELAY).description("time from an event's commit to its consumer's effects committing").tags(tags)
                    .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
            Gauge.builder(LAG_EVENTS, this, PerConsumer::lagEvents).description("log positions not yet passed by this consumer")
                    .tags(tags).strongReference(true).register(registry);
            Gauge.builder(LAG_SECONDS, this, PerConsumer::lagSeconds)
                    .description("age of the oldest event this consumer has seen but not yet applied").tags(tags)
                    .strongReference(true).register(registry);
            Gauge.builder(PARKED, parked, AtomicLong::get).description("events this consumer parked after its attempts")
                    .tags(tags).strongReference(true).register(registry);
        }

        void position(int shard, long position) {
            positions.computeIfAbsent(shard, s -> {
                AtomicLong p = new AtomicLong();
                Gauge.builder(POSITION, p, AtomicLong::get).description("checkpoint of this consumer in a shard of the log")
                        .tags(tags.and("shard", Integer.toString(s))).strongReference(true).register(registry);
                return p;
            }).set(position);
        }

        /** An event of {@code shard} written at {@code at} waits to be applied; kept until the shard catches up. */
        void waiting(int shard, Instant at) {
            pendingSince.putIfAbsent(shard, at);
        }

        void caughtUp(int shard) {
            pendingSince.remove(shard);
        }

        void progressed(int shard, Instant nextWaiting) {
            if (nextWaiting == null) {
                pendingSince.remove(shard);
            } else {
                pendingSince.put(shard, nextWaiting);
            }
        }

        void applied(int events, Iterable<Instant> occurred) {
            batch.record(events);
            Instant now = Instant.now();
            for (Instant at : occurred) {
                delay.record(Duration.between(at, now));
            }
        }

        /** The shard stopped being worked here (moved to another node): it no longer counts toward lag. */
        void released(int shard) {
            pendingSince.remove(shard);
            AtomicLong p = positions.get(shard);
            if (p != null) {
                p.set(head.get());
            }
        }

        private double lagEvents() {
            long h = head.get();
            return positions.values().stream().mapToLong(p -> Math.max(0, h - p.get())).sum();
        }

        private double lagSeconds() {
            Instant now = Instant.now();
            return pendingSince.values().stream().mapToLong(at -> Math.max(0, Duration.between(at, now).toMillis()))
                    .max().orElse(0) / 1000.0;
        }
    }
}
