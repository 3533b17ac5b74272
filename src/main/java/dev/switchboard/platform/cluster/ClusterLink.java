package dev.switchboard.platform.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Carries small tenant-scoped JSON messages to the other nodes of the cluster, one topic per purpose
 * ({@code events}, {@code presence}, ...): through Kafka when configured ({@code KafkaLink}), nowhere when
 * the node runs alone ({@link LocalLink}). A node never receives its own messages. Delivery is best effort
 * and at least once: handlers deduplicate or apply messages idempotently.
 */
public interface ClusterLink {

    /** One message from another node; {@code tenantId} was checked against the record key and header. */
    record Message(String originNode, UUID tenantId, JsonObject body) {
    }

    /** Receives the messages of one purpose from other nodes; throws {@link IllegalArgumentException} to reject one (it is counted). */
    @FunctionalInterface
    interface Handler {
        void handle(Message message);
    }

    /**
     * Sends messages of one purpose to every other node. A node's messages of one tenant arrive in the
     * order {@code publish} was called; publishing never blocks (when the link cannot keep up, messages are
     * dropped and counted).
     */
    @FunctionalInterface
    interface Topic {
        void publish(UUID tenantId, JsonObject body);
    }

    /** This node's unique name in the cluster. */
    String nodeId();

    /** True when other nodes may exist; false for a single node, whose topics go nowhere. */
    boolean clustered();

    /** Declares {@code purpose} with the handler of its messages from other nodes; call before {@link #start()}. */
    Topic topic(String purpose, Handler handler);

    /** Connects; completes when every declared topic is being received. */
    Future<Void> start();

    /** Sends what is pending and disconnects. */
    Future<Void> close();
}
