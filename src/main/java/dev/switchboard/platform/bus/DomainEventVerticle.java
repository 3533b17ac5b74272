package dev.switchboard.platform.bus;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A verticle that handles every committed domain event of this node, on its own context: the base of
 * the event consumers (notifications, timeline, outbound webhooks). Consumers stay idempotent by event
 * id, since delivery is at least once.
 */
public abstract class DomainEventVerticle extends VerticleBase {

    private final TenantBus bus;
    private MessageConsumer<Object> consumer;

    protected DomainEventVerticle(TenantBus bus) {
        this.bus = bus;
    }

    /** Handles one event; never blocks. */
    protected abstract void handle(EventEnvelope event);

    /** Completes when work already under way has finished; stopping waits for it. */
    protected Future<Void> drained() {
        return Future.succeededFuture();
    }

    @Override
    public Future<?> start() {
        consumer = bus.consumer(TenantBus.DOMAIN_EVENTS, this::handle);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer.unregister().compose(v -> drained());
    }
}
