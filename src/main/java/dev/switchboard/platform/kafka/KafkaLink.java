package dev.switchboard.platform.kafka;

import dev.switchboard.platform.cluster.ClusterLink;
import dev.switchboard.platform.config.KafkaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster link over Kafka: one producer and one consumer per node. The consumer belongs to no group:
 * it is assigned every partition of every declared topic and starts at their ends, so each node reads every
 * record sent after it started, and skips its own. A record without a valid tenant header matching its key
 * is rejected and counted, never handled.
 */
public final class KafkaLink implements ClusterLink {

    private static final Logger log = LoggerFactory.getLogger(KafkaLink.class);
    /** Bytes of records waiting to be handed to Kafka; beyond it records are dropped and counted (Kafka down or slow). */
    private static final int MAX_QUEUED_BYTES = 16 * 1024 * 1024;
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private record Declared(String purpose, Handler handler, KafkaMetrics.TopicCounters counters) {
    }

    private final Vertx vertx;
    private final KafkaConfig config;
    private final KafkaMetrics metrics;
    private final Map<String, Declared> byTopic = new HashMap<>();
    private volatile KafkaProducer<String, Buffer> producer;
    private volatile KafkaConsumer<String, Buffer> consumer;
    private volatile boolean closed;
    private boolean started;

    public KafkaLink(Vertx vertx, KafkaConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = new KafkaMetrics(registry);
    }

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public Topic topic(String purpose, Handler handler) {
        if (started) {
            throw new IllegalStateException("topics are declared before the link starts");
        }
        String topic = config.topic(purpose);
        Declared declared = new Declared(purpose, handler, metrics.topic(purpose));
        byTopic.put(topic, declared);
        return (tenantId, body) -> send(topic, declared.counters(), tenantId, body);
    }

    @Override
    public Future<Void> start() {
        started = true;
        // Creating Kafka clients reads their configuration and starts threads: a worker's job.
        return vertx.executeBlocking(() -> {
                    producer = KafkaProducer.create(vertx, KafkaClients.producer(config), String.class, Buffer.class);
                    consumer = KafkaConsumer.create(vertx, KafkaClients.consumer(config), String.class, Buffer.class);
                    return KafkaAdminClient.create(vertx, KafkaClients.admin(config));
                })
                .compose(admin -> {
                    producer.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
                    // send failures are counted and logged per record in send(); this would report them twice
                    producer.exceptionHandler(err -> log.debug("kafka producer error [node: {}]", config.nodeId(), err));
                    consumer.exceptionHandler(err -> log.warn("kafka consumer error [node: {}]", config.nodeId(), err));
                    consumer.handler(this::received);
                    return KafkaTopics.partitions(admin, config, List.copyOf(byTopic.keySet()));
                })
                .compose(this::assignAtEnd)
                .onSuccess(v -> log.info("joined the cluster through kafka [node: {}, topics: {}]", config.nodeId(), byTopic.keySet()));
    }

    private Future<Void> assignAtEnd(Set<TopicPartition> partitions) {
        return consumer.assign(partitions).compose(v -> {
            List<Future<Long>> positions = new ArrayList<>();
            partitions.forEach(p -> positions.add(consumer.position(p)));
            return Future.all(positions).mapEmpty();
        });
    }

    @Override
    public Future<Void> close() {
        closed = true;
        Future<Void> consumerClosed = consumer == null ? Future.succeededFuture() : consumer.close();
        Future<Void> producerClosed = producer == null ? Future.succeededFuture() : producer.close(CLOSE_TIMEOUT_MS);
        return Future.join(consumerClosed, producerClosed).mapEmpty();
    }

    private void send(String topic, KafkaMetrics.TopicCounters counters, UUID tenantId, JsonObject body) {
        if (producer == null || closed || producer.writeQueueFull()) {
            counters.dropped().increment();
            return;
        }
        producer.send(KafkaRecords.create(topic, config.nodeId(), tenantId, body)).onComplete(
                sent -> counters.out().increment(),
                err -> {
                    counters.failed().increment();
                    log.warn("kafka record not sent [topic: {}, tenant: {}]", topic, tenantId, err);
                });
    }

    private void received(KafkaConsumerRecord<String, Buffer> record) {
        Declared declared = byTopic.get(record.topic());
        if (declared == null) {
            return;
        }
        String origin = KafkaRecords.origin(record);
        if (config.nodeId().equals(origin)) {
            return;
        }
        UUID tenant = KafkaRecords.tenant(record);
        if (tenant == null || origin == null) {
            reject(declared, record, "missing or mismatched tenant or origin header");
            return;
        }
        try {
            declared.handler().handle(new Message(origin, tenant, new JsonObject(record.value())));
            declared.counters().in().increment();
        } catch (RuntimeException e) {
            reject(declared, record, e.getMessage());
        }
    }

    private void reject(Declared declared, KafkaConsumerRecord<String, Buffer> record, String reason) {
        declared.counters().rejected().increment();
        log.warn("kafka record rejected [topic: {}, partition: {}, offset: {}, reason: {}]",
                record.topic(), record.partition(), record.offset(), reason);
    }
}
