package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * How this node joins a cluster of nodes through Kafka; without a bootstrap address the node runs alone
 * on its local event bus.
 *
 * @param bootstrap         Kafka bootstrap servers ({@code host:port,...}), or null for a single node
 * @param topicPrefix       prefix of every topic name: {@code <prefix>events}, {@code <prefix>presence}, ...
 * @param partitions        partitions of a topic this node creates when it is missing
 * @param replicationFactor replication factor of a topic this node creates when it is missing
 * @param nodeId            this node's name in the cluster; unique per running process
 * @param heartbeatInterval how often a node repeats its presence state to the others
 * @param nodeTimeout       a node not heard from for this long is dead: its users go offline elsewhere
 */
public record KafkaConfig(
        String bootstrap,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        String nodeId,
        Duration heartbeatInterval,
        Duration nodeTimeout) {

    public KafkaConfig {
        if (nodeTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new ConfigException("invalid configuration: kafka.nodeTimeout must be at least twice kafka.heartbeatInterval");
        }
        if (!topicPrefix.matches("[A-Za-z0-9._-]*")) {
            throw new ConfigException("invalid configuration: kafka.topicPrefix='" + topicPrefix + "' may hold only letters, digits, '.', '_' and '-'");
        }
    }

    /** True when the node exchanges events and presence with other nodes. */
    public boolean enabled() {
        return bootstrap != null;
    }

    /** The full name of the topic for {@code purpose}. */
    public String topic(String purpose) {
        return topicPrefix + purpose;
    }

    /** Reads the {@code kafka.*} settings with their defaults; the node id defaults to the host name plus a random suffix. */
    static KafkaConfig load(Settings s) {
        return new KafkaConfig(
                s.string("kafka.bootstrap", null),
                s.string("kafka.topicPrefix", "switchboard."),
                s.integer("kafka.partitions", 6, 1, 10_000),
                (short) s.integer("kafka.replicationFactor", 1, 1, 32),
                s.string("kafka.nodeId", defaultNodeId()),
                s.duration("kafka.heartbeatInterval", Duration.ofSeconds(2)),
                s.duration("kafka.nodeTimeout", Duration.ofSeconds(10)));
    }

    private static String defaultNodeId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
