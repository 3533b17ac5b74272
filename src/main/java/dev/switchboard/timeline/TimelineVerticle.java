package dev.switchboard.timeline;

import dev.switchboard.platform.bus.DomainEventVerticle;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the timeline projection: consumes {@link TenantBus#DOMAIN_EVENTS} one at a time, in the order they
 * arrive (a case's contact is known before its notes are rolled up), and invalidates the cached first pages
 * of every record an event touched once its transaction committed.
 */
public final class TimelineVerticle extends DomainEventVerticle {

    static final String PROJECTED = "switchboard.timeline.events";

    private static final Logger log = LoggerFactory.getLogger(TimelineVerticle.class);

    private final TimelineProjector projector;
    private final TimelineCache cache;
    private final Counter applied;
    private final Counter duplicate;
    private final Counter failed;
    private Future<Void> tail = Future.succeededFuture();

    TimelineVerticle(Db db, TenantBus bus, TimelineCache cache, MeterRegistry registry) {
        super(bus);
        this.projector = new TimelineProjector(db);
        this.cache = cache;
        this.applied = outcome(registry, "applied");
        this.duplicate = outcome(registry, "duplicate");
        this.failed = outcome(registry, "failed");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder(PROJECTED).description("domain events applied to the timeline projection, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    protected Future<Void> drained() {
        return tail;
    }

    @Override
    protected void handle(EventEnvelope event) {
        if (!TimelineRules.handles(event.type())) {
            return;
        }
        tail = tail.transform(ignored -> projector.apply(event).transform(ar -> {
            if (ar.failed()) {
                failed.increment();
                log.warn("timeline projection failed [tenant: {}, event: {}, type: {}]", event.tenantId(), event.id(), event.type(),
                        ar.cause());
            } else if (ar.result() == null) {
                duplicate.increment();
            } else {
                applied.increment();
                cache.invalidate(event.tenantId(), ar.result());
            }
            return Future.<Void>succeededFuture();
        }));
    }
}
