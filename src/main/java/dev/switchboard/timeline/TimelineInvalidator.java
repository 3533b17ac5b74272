package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Drops this node's cached first pages of the records a committed event touches, whichever node projected it.
 * Its input is an address of committed domain events: {@link TenantBus#DOMAIN_EVENTS} on one node, a node
 * broadcast of committed events with several. Because another node's projection may commit a little after the
 * event arrives here, each invalidation is repeated once after {@link #SETTLE_MILLIS}. A rebuild's
 * {@code timeline.rebuilt} drops the whole tenant.
 */
public final class TimelineInvalidator extends VerticleBase {

    static final long SETTLE_MILLIS = 2_000;

    private final TenantBus bus;
    private final String address;
    private final TimelineCache cache;
    private final Db db;
    private MessageConsumer<Object> consumer;

    TimelineInvalidator(TenantBus bus, String address, TimelineCache cache, Db db) {
        this.bus = bus;
        this.address = address;
        this.cache = cache;
        this.db = db;
    }

    @Override
    public Future<?> start() {
        consumer = bus.consumer(address, this::handle);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer.unregister();
    }

    private void handle(EventEnvelope e) {
        if (e.type().equals(TimelineRebuilder.REBUILT)) {
            cache.invalidateTenant(e.tenantId());
            return;
        }
        if (!TimelineRules.handles(e.type())) {
            return;
        }
        touched(e).onSuccess(records -> {
            cache.invalidate(e.tenantId(), records);
            vertx.setTimer(SETTLE_MILLIS, id -> cache.invalidate(e.tenantId(), records));
        });
    }

    /** The records whose timelines {@code e} changes, with the contacts (and cases) its parents roll up to. */
    private Future<Set<Target>> touched(EventEnvelope e) {
        UUID tenant = e.tenantId();
        return db.inTenant(tenant, conn -> {
            UUID conversation = TimelineRules.conversationOf(e);
            Future<Projection.Parent> known = conversation == null ? Future.succeededFuture()
                    : TimelineStore.findParent(conn, tenant, new Target("conversation", conversation));
            return known.compose(parent -> {
                Projection p = TimelineRules.project(e, parent);
                Set<Target> records = new LinkedHashSet<>(p.targets());
                Future<Void> chain = Future.succeededFuture();
                for (Target via : p.rollup()) {
                    chain = chain.compose(v -> TimelineStore.findParent(conn, tenant, via).map(found -> {
                        if (found != null && found.contactId() != null) {
                            records.add(new Target("contact", found.contactId()));
                        }
                        return null;
                    }));
                }
                if (p.removeEntity() || p.visibility().refreshes()) {
                    // deletions and visibility changes reach every record already showing the entity
                    chain = chain.compose(v -> TimelineStore.recordsOf(conn, tenant, p.entity()).map(all -> {
                        records.addAll(all);
                        return null;
                    }));
                }
                return chain.map(records);
            });
        });
    }
}
