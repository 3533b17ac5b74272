package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Drops this node's cached first pages when another node's (or this node's) projection committed entries for
 * them, as announced on {@link TenantBus#TIMELINE_APPENDED}; a finished rebuild ({@code timeline.rebuilt}, a
 * committed domain event every node sees on {@link TenantBus#NODE_EVENTS}) drops the whole tenant.
 */
public final class TimelineInvalidator extends VerticleBase {

    private final TenantBus bus;
    private final TimelineCache cache;
    private MessageConsumer<Object> appended;
    private MessageConsumer<Object> rebuilt;

    TimelineInvalidator(TenantBus bus, TimelineCache cache) {
        this.bus = bus;
        this.cache = cache;
    }

    @Override
    public Future<?> start() {
        appended = bus.consumer(TenantBus.TIMELINE_APPENDED, e -> cache.invalidate(e.tenantId(), TimelineAppended.records(e)));
        rebuilt = bus.consumer(TenantBus.NODE_EVENTS, e -> {
            if (e.type().equals(TimelineRebuilder.REBUILT)) {
                cache.invalidateTenant(e.tenantId());
            }
        });
        return Future.all(appended.completion(), rebuilt.completion());
    }

    @Override
    public Future<?> stop() {
        return Future.all(appended.unregister(), rebuilt.unregister());
    }
}
