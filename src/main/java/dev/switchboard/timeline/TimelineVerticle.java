package dev.switchboard.timeline;

import dev.switchboard.platform.bus.DomainEventVerticle;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the timeline projection: consumes {@link TenantBus#DOMAIN_EVENTS} one at a time per tenant, in the order
 * they arrive (a case's contact is known before its notes are rolled up; tenants do not wait for each other, so a
 * rebuild holding one tenant's projection lock stalls only that tenant). Once an event's entries committed it
 * announces the records they went to on every node, this one included ({@link TimelineAppended}), where
 * {@link TimelineInvalidator} drops their cached first pages.
 */
public final class TimelineVerticle extends DomainEventVerticle {

    static final String PROJECTED = "switchboard.timeline.events";

    private static final Logger log = LoggerFactory.getLogger(TimelineVerticle.class);

    private final TimelineProjector projector;
    private final ProjectionLag lag;
    private final Counter applied;
    private final Counter duplicate;
    private final Counter failed;
    private final Map<UUID, Future<Void>> tails = new HashMap<>();
    private final TimelineAppended appended;
    private final TimelineInvalidator invalidator;

    TimelineVerticle(Db db, TenantBus bus, ProjectionLag lag, MeterRegistry registry,
                     TimelineAppended appended, TimelineInvalidator invalidator) {
        super(bus);
        this.appended = appended;
        this.invalidator = invalidator;
        this.projector = new TimelineProjector(db);
        this.lag = lag;
        this.applied = outcome(registry, "applied");
        this.duplicate = outcome(registry, "duplicate");
        this.failed = outcome(registry, "failed");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder(PROJECTED).description("domain events applied to the timeline projection, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** Subscribes, then deploys the cache invalidator as a child (undeployed with this verticle). */
    @Override
    public Future<?> start() {
        return super.start().compose(v -> vertx.deployVerticle(invalidator));
    }

    @Override
    protected Future<Void> drained() {
        return Future.all(tails.values().stream().toList()).mapEmpty();
    }

    @Override
    protected void handle(EventEnvelope event) {
        if (!TimelineRules.handles(event.type())) {
            return;
        }
        UUID tenant = event.tenantId();
        lag.received(event);
        Future<Void> next = tails.getOrDefault(tenant, Future.succeededFuture())
                .transform(ignored -> projector.apply(event).transform(ar -> {
                    lag.done(event);
                    if (ar.failed()) {
                        failed.increment();
                        log.warn("timeline projection failed [tenant: {}, event: {}, type: {}]", tenant, event.id(), event.type(),
                                ar.cause());
                    } else if (ar.result() == null) {
                        duplicate.increment();
                    } else {
                        applied.increment();
                        appended.publish(event, ar.result());
                    }
                    return Future.<Void>succeededFuture();
                }));
        tails.put(tenant, next);
        next.onComplete(ar -> tails.remove(tenant, next));
    }
}
