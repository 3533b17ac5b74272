package dev.switchboard.platform.cluster;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Gives every node every committed domain event on {@link TenantBus#NODE_EVENTS}. The node whose outbox
 * relay published an event on {@link TenantBus#DOMAIN_EVENTS} re-publishes it locally at once and sends it
 * to the other nodes on the {@code events} topic; they publish it on their own {@code NODE_EVENTS}. "Work"
 * consumers keep using {@code DOMAIN_EVENTS} (once cluster-wide); "delivery" consumers (sockets, caches of
 * every node) use {@code NODE_EVENTS}.
 */
public final class ClusterEvents {

    /** The purpose, and topic suffix, of cross-node events. */
    public static final String TOPIC = "events";

    private final TenantBus bus;
    private final ClusterLink.Topic topic;
    private final boolean clustered;
    private MessageConsumer<Object> consumer;

    public ClusterEvents(TenantBus bus, ClusterLink link) {
        this.bus = bus;
        this.topic = link.topic(TOPIC, this::fromOtherNode);
        this.clustered = link.clustered();
    }

    /** Starts forwarding this node's relayed events. */
    public Future<Void> start() {
        consumer = bus.consumer(TenantBus.DOMAIN_EVENTS, this::relayedHere);
        return consumer.completion();
    }

    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void relayedHere(EventEnvelope event) {
        bus.publish(TenantBus.NODE_EVENTS, event);
        if (clustered) {
            topic.publish(event.tenantId(), event.toJson());
        }
    }

    private void fromOtherNode(ClusterLink.Message message) {
        EventEnvelope event;
        try {
            event = EventEnvelope.fromJson(message.body());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an event envelope", e);
        }
        if (!message.tenantId().equals(event.tenantId())) {
            throw new IllegalArgumentException("event tenant differs from the record's tenant");
        }
        bus.publish(TenantBus.NODE_EVENTS, event);
    }
}
