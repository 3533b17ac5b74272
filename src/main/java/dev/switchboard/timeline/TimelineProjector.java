package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.outbox.ProcessedEvents;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one domain event to the projection in one transaction with its processed-event mark, so a
 * redelivered event changes nothing; answers the records whose timelines changed.
 */
final class TimelineProjector {

    static final String CONSUMER = "timeline";

    private final Db db;

    TimelineProjector(Db db) {
        this.db = db;
    }

    /** The records touched; null when the event was seen before. */
    Future<Set<Target>> apply(EventEnvelope e) {
        UUID tenant = e.tenantId();
        return db.inTenant(tenant, conn -> ProcessedEvents.firstDelivery(conn, tenant, CONSUMER, e.id()).compose(first -> {
            if (!first) {
                return Future.succeededFuture((Set<Target>) null);
            }
            UUID conversation = TimelineRules.conversationOf(e);
            Future<Projection.Parent> parent = conversation == null ? Future.succeededFuture()
                    : TimelineStore.findParent(conn, tenant, new Target("conversation", conversation));
            return parent.compose(known -> write(conn, e, TimelineRules.project(e, known)));
        }));
    }

    private static Future<Set<Target>> write(SqlConnection conn, EventEnvelope e, Projection p) {
        UUID tenant = e.tenantId();
        Set<Target> touched = new LinkedHashSet<>();
        if (p.removeEntity()) {
            return TimelineStore.deleteEntity(conn, tenant, p.entity()).map(deleted -> {
                touched.addAll(deleted);
                return touched;
            });
        }
        Future<Void> chain = p.parent() == null ? Future.succeededFuture() : TimelineStore.upsertParent(conn, tenant, p.parent());
        Set<Target> records = new LinkedHashSet<>(p.targets());
        for (Target via : p.rollup()) {
            chain = chain.compose(v -> TimelineStore.findParent(conn, tenant, via).map(parent -> {
                if (parent != null && parent.contactId() != null) {
                    records.add(new Target("contact", parent.contactId()));
                }
                return null;
            }));
        }
        chain = chain.compose(v -> {
            Future<Void> inserts = Future.succeededFuture();
            for (Target record : records) {
                inserts = inserts.compose(x -> TimelineStore.insert(conn, e, record, p));
            }
            touched.addAll(records);
            return inserts;
        });
        if (p.visibility().refreshes()) {
            chain = chain.compose(v -> TimelineStore.refreshVisibility(conn, tenant, p).map(updated -> {
                touched.addAll(updated);
                return null;
            }));
        }
        return chain.map(touched);
    }
}
