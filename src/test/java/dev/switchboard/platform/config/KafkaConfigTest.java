package dev.switchboard.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings of the cluster link: off by default, documented names, topic names from the prefix, checks. */
class KafkaConfigTest {

    @Test
    void withoutABootstrapAddressTheNodeRunsAloneUnderAUniqueName() {
        KafkaConfig first = ConfigLoader.load(Map.of(), Map.of()).kafka();
        KafkaConfig second = ConfigLoader.load(Map.of(), Map.of()).kafka();
        assertFalse(first.enabled());
        assertNotEquals(first.nodeId(), second.nodeId());
        assertEquals("switchboard.events", first.topic("events"));
        assertEquals(Duration.ofSeconds(10), first.nodeTimeout());
    }

    @Test
    void readsTheClusterSettingsFromTheirDocumentedNames() {
        KafkaConfig config = ConfigLoader.load(Map.of(), Map.of(
                "SWITCHBOARD_KAFKA_BOOTSTRAP", "kafka:9092",
                "SWITCHBOARD_KAFKA_NODE_ID", "node-7",
                "SWITCHBOARD_KAFKA_TOPIC_PREFIX", "acme-",
                "SWITCHBOARD_KAFKA_HEARTBEAT_INTERVAL", "1s",
                "SWITCHBOARD_KAFKA_NODE_TIMEOUT", "5s")).kafka();
        assertTrue(config.enabled());
        assertEquals("kafka:9092", config.bootstrap());
        assertEquals("node-7", config.nodeId());
        assertEquals("acme-presence", config.topic("presence"));
        assertEquals(Duration.ofSeconds(5), config.nodeTimeout());
    }

    @Test
    void aNodeTimeoutShorterThanTwoHeartbeatsIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), Map.of(
                "SWITCHBOARD_KAFKA_HEARTBEAT_INTERVAL", "3s", "SWITCHBOARD_KAFKA_NODE_TIMEOUT", "5s")));
        assertTrue(e.getMessage().contains("kafka.nodeTimeout"), e.getMessage());
    }

    @Test
    void aTopicPrefixWithCharactersKafkaRefusesIsRefusedAtStartup() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_KAFKA_TOPIC_PREFIX", "acme/")));
        assertTrue(e.getMessage().contains("kafka.topicPrefix"), e.getMessage());
    }
}
