package dev.switchboard.platform.kafka;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The record format between nodes: keyed by tenant id (so one tenant's records keep their order in one
 * partition), with the tenant id and the sending node in headers, and a JSON object as value.
 */
final class KafkaRecords {

    static final String TENANT_HEADER = "tenant-id";
    static final String ORIGIN_HEADER = "origin-node";

    private KafkaRecords() {
    }

    static KafkaProducerRecord<String, Buffer> create(String topic, String originNode, UUID tenantId, JsonObject body) {
        String tenant = tenantId.toString();
        return KafkaProducerRecord.create(topic, tenant, body.toBuffer())
                .addHeader(TENANT_HEADER, tenant)
                .addHeader(ORIGIN_HEADER, originNode);
    }

    /** The record's tenant: its tenant header, which must be a UUID equal to the key; null otherwise. */
    static UUID tenant(KafkaConsumerRecord<String, Buffer> record) {
        String header = header(record, TENANT_HEADER);
        UUID tenant = Ids.parse(header);
        return tenant != null && header.equals(record.key()) ? tenant : null;
    }

    static String origin(KafkaConsumerRecord<String, Buffer> record) {
        return header(record, ORIGIN_HEADER);
    }

    private static String header(KafkaConsumerRecord<String, Buffer> record, String key) {
        String value = null;
        for (KafkaHeader h : record.headers()) {
            if (h.key().equals(key)) {
                value = h.value() == null ? null : new String(h.value().getBytes(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
