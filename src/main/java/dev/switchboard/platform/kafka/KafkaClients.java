package dev.switchboard.platform.kafka;

import dev.switchboard.platform.config.KafkaConfig;
import java.util.Map;

/** Client settings for the link: low latency over durability, since every record is a realtime hint backed by the database. */
final class KafkaClients {

    private KafkaClients() {
    }

    static Map<String, String> producer(KafkaConfig config) {
        return Map.of(
                "bootstrap.servers", config.bootstrap(),
                "client.id", "switchboard-" + config.nodeId(),
                "acks", "1",
                "enable.idempotence", "false",
                "linger.ms", "0",
                "max.block.ms", "10000",
                "delivery.timeout.ms", "30000",
                "request.timeout.ms", "10000");
    }

    /** No group: the consumer is assigned its partitions, never commits and starts at the end. */
    static Map<String, String> consumer(KafkaConfig config) {
        return Map.of(
                "bootstrap.servers", config.bootstrap(),
                "client.id", "switchboard-" + config.nodeId(),
                "enable.auto.commit", "false",
                "auto.offset.reset", "latest",
                "fetch.max.wait.ms", "100");
    }

    static Map<String, String> admin(KafkaConfig config) {
        return Map.of(
                "bootstrap.servers", config.bootstrap(),
                "client.id", "switchboard-admin-" + config.nodeId(),
                "default.api.timeout.ms", "20000",
                "request.timeout.ms", "10000");
    }
}
