package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routes each committed domain event to the connections holding one of its channels, once per
 * connection (on its most specific channel). One consumer per node reads {@link TenantBus#NODE_EVENTS},
 * which carries every event on every node (the relaying node's own and, with Kafka, the other nodes').
 * Never blocks: each connection receives the event on its own context.
 */
public final class Fanout {

    private final ConnectionRegistry registry;

    public Fanout(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** Consumes the node's domain events; unregister the returned consumer to stop. */
    public MessageConsumer<Object> listen(TenantBus bus) {
        return bus.consumer(TenantBus.NODE_EVENTS, this::accept);
    }

    public void accept(EventEnvelope event) {
        Map<Connection, String> targets = new LinkedHashMap<>();
        for (String channel : EventRoutes.channels(event)) {
            for (Connection c : registry.subscribers(event.tenantId(), channel)) {
                targets.putIfAbsent(c, channel);
            }
        }
        targets.forEach((c, channel) -> c.offer(event, channel));
    }
}
