package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import io.vertx.core.Context;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes each committed domain event to the connections holding one of its channels, once per
 * connection (on its most specific channel). One consumer per node reads {@link TenantBus#NODE_EVENTS},
 * which carries every event on every node (the relaying node's own and, with Kafka, the other nodes').
 * Never blocks: the event is prepared once ({@link Delivery}: parsed and encoded), then handed to each
 * event loop holding recipients in one task, which delivers to its connections in turn.
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
        Map<Context, Batch> batches = new HashMap<>(4);
        Map<Connection, Boolean> reached = null;
        List<String> channels = EventRoutes.channels(event);
        for (int i = 0; i < channels.size(); i++) {
            String channel = channels.get(i);
            Collection<Connection> subscribers = registry.subscriberView(event.tenantId(), channel);
            if (subscribers.isEmpty()) {
                continue;
            }
            if (reached == null && i < channels.size() - 1) {
                reached = new IdentityHashMap<>();
            }
            for (Connection c : subscribers) {
                if (reached != null && reached.put(c, Boolean.TRUE) != null) {
                    continue;
                }
                batches.computeIfAbsent(c.context(), ctx -> new Batch()).add(c, channel);
            }
        }
        if (batches.isEmpty()) {
            return;
        }
        Delivery delivery = new Delivery(event, channels);
        batches.forEach((context, batch) -> context.runOnContext(v -> batch.deliver(delivery)));
    }

    /** The recipients one event loop serves, each with the channel the event reaches it on. */
    private static final class Batch {

        private final List<Connection> connections = new ArrayList<>();
        private final List<String> channels = new ArrayList<>();

        void add(Connection c, String channel) {
            connections.add(c);
            channels.add(channel);
        }

        void deliver(Delivery d) {
            for (int i = 0; i < connections.size(); i++) {
                connections.get(i).deliver(d, channels.get(i));
            }
        }
    }
}
