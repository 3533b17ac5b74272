package dev.switchboard.platform.cluster;

import dev.switchboard.platform.bus.TenantBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Gives every node every committed domain event on {@link TenantBus#NODE_EVENTS}. The node whose outbox
 * relay published an event on {@link TenantBus#DOMAIN_EVENTS} broadcasts it ({@link NodeBroadcast}, topic
 * {@code events}). "Work" consumers keep using {@code DOMAIN_EVENTS} (once cluster-wide); "delivery"
 * consumers (sockets, caches of every node) use {@code NODE_EVENTS}.
 */
public final class ClusterEvents {

    /** The purpose, and topic suffix, of cross-node events. */
    public static final String TOPIC = "events";

    private final TenantBus bus;
    private final NodeBroadcast broadcast;
    private MessageConsumer<Object> consumer;

    public ClusterEvents(TenantBus bus, ClusterLink link) {
        this.bus = bus;
        this.broadcast = new NodeBroadcast(bus, link, TOPIC, TenantBus.NODE_EVENTS);
    }

    /** Starts forwarding this node's relayed events. */
    public Future<Void> start() {
        consumer = bus.consumer(TenantBus.DOMAIN_EVENTS, broadcast::publish);
        return consumer.completion();
    }

    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
