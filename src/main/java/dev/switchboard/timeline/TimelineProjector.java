package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one domain event to the projection on the caller's connection; answers the records whose timelines
 * changed. Live projection ({@link TimelineConsumer}) holds the tenant's projection lock shared, a rebuild holds
 * it exclusively ({@link TimelineRebuilder}). Entries are keyed by their event, so applying an event again adds
 * nothing.
 */
final class TimelineProjector {

    /** Shared per-tenant lock of live projection; waits only while a rebuild of the same tenant commits its work. */
    static final String LOCK_SHARED = "SELECT pg_advisory_xact_lock_shared(hashtextextended('timeline:' || $1::text, 0))";

    private TimelineProjector() {
    }

    /** Applies {@code e} on {@code conn}: the live path and the rebuild's replay share it. */
    static Future<Set<Target>> project(SqlConnection conn, EventEnvelope e) {
        UUID conversation = TimelineRules.conversationOf(e);
        Future<Projection.Parent> parent = conversation == null ? Future.succeededFuture()
                : TimelineStore.findParent(conn, e.tenantId(), new Target("conversation", conversation));
        return parent.compose(known -> write(conn, e, TimelineRules.project(e, known)));
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
