package dev.switchboard.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Kafka records per topic purpose: received, sent, rejected (no or wrong tenant, unreadable), failed and dropped sends. */
final class KafkaMetrics {

    static final String RECORDS = "switchboard.kafka.records";

    /** The counters of one topic. */
    record TopicCounters(Counter in, Counter out, Counter rejected, Counter failed, Counter dropped) {
    }

    private final MeterRegistry registry;

    KafkaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    TopicCounters topic(String purpose) {
        return new TopicCounters(counter(purpose, "in"), counter(purpose, "out"), counter(purpose, "rejected"),
                counter(purpose, "failed"), counter(purpose, "dropped"));
    }

    private Counter counter(String purpose, String outcome) {
        return Counter.builder(RECORDS).tag("topic", purpose).tag("outcome", outcome)
                .description("Kafka records between nodes").register(registry);
    }
}
