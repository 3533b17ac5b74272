package dev.switchboard.platform.bus;

import dev.switchboard.platform.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus as features use it: envelopes only, and never without a tenant. A message missing
 * its tenant is rejected on the way out and on the way in, and counted either way.
 */
public final class TenantBus {

    /** Where the outbox relay publishes every committed domain event. */
    public static final String DOMAIN_EVENTS = "switchboard.events";

    /**
     * Where every node receives every committed domain event (the relaying node's and, with Kafka, every
     * other node's): for "delivery" consumers that must see each event on each node, such as WebSocket
     * fan-out and per-node caches. "Work" consumers (notifications, projections, webhooks, workflows) use
     * {@link #DOMAIN_EVENTS}, which only the relaying node gets. Fed by {@code platform.cluster.ClusterEvents}.
     */
    public static final String NODE_EVENTS = "switchboard.events.node";

    /**
     * Where every node learns that records' timelines gained an entry, once the projection committed it: a
     * {@code timeline.appended} envelope whose id is the entry's (and its source event's) id and whose data
     * lists the records ({@code records: [{entityType, entityId}]}). For per-node caches and live clients.
     */
    public static final String TIMELINE_APPENDED = "switchboard.timeline.appended";

    private static final Logger log = LoggerFactory.getLogger(TenantBus.class);

    private final EventBus bus;
    private final Counter rejectedOutbound;
    private final Counter rejectedInbound;

    public TenantBus(Vertx vertx, MeterRegistry registry) {
        this.bus = vertx.eventBus();
        this.bus.registerDefaultCodec(EventEnvelope.class, new EventEnvelopeCodec());
        this.rejectedOutbound = rejected(registry, "outbound");
        this.rejectedInbound = rejected(registry, "inbound");
    }

    private static Counter rejected(MeterRegistry registry, String direction) {
        return Counter.builder(MetricNames.EVENTBUS_REJECTED)
                .description("event-bus messages rejected for missing tenant context")
                .tag("direction", direction)
                .tag("reason", "missing_tenant")
                .register(registry);
    }

    /** Publishes to every consumer of {@code address}; fails with {@link MissingTenantException} without a tenant. */
    public Future<Void> publish(String address, EventEnvelope envelope) {
        if (envelope == null || !envelope.hasTenant()) {
            rejectedOutbound.increment();
            log.warn("event without tenant not published [address: {}, type: {}]", address,
                    envelope == null ? null : envelope.type());
            return Future.failedFuture(new MissingTenantException(address));
        }
        bus.publish(address, envelope);
        return Future.succeededFuture();
    }

    /**
     * Registers {@code handler} for envelopes on {@code address}. Anything else arriving there (a raw
     * body, an envelope without tenant) is rejected, counted and, when a reply is expected, failed.
     */
    public MessageConsumer<Object> consumer(String address, Handler<EventEnvelope> handler) {
        return bus.consumer(address, message -> {
            if (message.body() instanceof EventEnvelope envelope && envelope.hasTenant()) {
                handler.handle(envelope);
                return;
            }
            rejectedInbound.increment();
            log.warn("message without tenant rejected [address: {}]", address);
            if (message.replyAddress() != null) {
                message.fail(400, "message without tenant rejected");
            }
        });
    }
}
