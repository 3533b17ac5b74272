package dev.switchboard.timeline;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds one tenant's projection from the durable event log (the {@code outbox} table, which keeps every
 * committed domain event) as a job. The whole rebuild is ONE transaction holding the tenant's projection lock
 * exclusively: it empties the tenant's projection and replays the tenant's events in log order through the same
 * code as live projection. Readers keep seeing the old projection until the commit (MVCC), then the new one at
 * once; live projection of that tenant waits on the lock and then continues in order, re-applying the few events
 * the rebuild already replayed, which is idempotent because an entry's id is its event's id and later events
 * follow. Other tenants' projection does not wait (the projector serialises per tenant).
 */
final class TimelineRebuilder implements JobHandler {

    static final String KIND = "timeline.rebuild";
    static final String REBUILT = "timeline.rebuilt";

    private static final Logger log = LoggerFactory.getLogger(TimelineRebuilder.class);
    private static final int BATCH = 500;
    private static final String[] TYPES = TimelineRules.HANDLED.toArray(String[]::new);

    private final Db db;
    private final Changes changes;
    private final TimelineCache cache;

    TimelineRebuilder(Db db, Changes changes, TimelineCache cache) {
        this.db = db;
        this.changes = changes;
        this.cache = cache;
    }

    @Override
    public Future<Void> run(Job job) {
        UUID tenant = job.tenantId();
        UUID id = UUID.fromString(job.payload().getString("rebuildId"));
        return db.inTenant(tenant, conn -> TimelineRebuildStore.markRunning(conn, tenant, id))
                .compose(v -> rebuild(tenant, id))
                .onSuccess(done -> {
                    cache.invalidateTenant(tenant);
                    log.info("timeline rebuilt [tenant: {}, rebuild: {}, events: {}, entries: {}]", tenant, id, done.eventsReplayed(),
                            done.entries());
                })
                .<Void>mapEmpty()
                .recover(err -> db.inTenant(tenant, conn -> TimelineRebuildStore.markFailed(conn, tenant, id, String.valueOf(err.getMessage())))
                        .transform(ignored -> Future.failedFuture(JobFailure.permanent("timeline rebuild failed: " + err.getMessage()))));
    }

    /** The rebuild transaction; completes with the finished rebuild's row. */
    Future<TimelineRebuild> rebuild(UUID tenant, UUID id) {
        return db.inTenant(tenant, conn -> TimelineRebuildStore.lockAndClear(conn, tenant)
                .compose(v -> replay(conn, tenant, 0L, 0))
                .compose(events -> TimelineRebuildStore.countEntries(conn, tenant)
                        .compose(entries -> TimelineRebuildStore.markCompleted(conn, tenant, id, events, entries)))
                .compose(done -> changes.record(conn, tenant, Actor.SYSTEM, RequestMeta.SYSTEM,
                        Change.created(REBUILT, "timeline_rebuild", id, done.auditView())).map(done)));
    }

    /** Replays the tenant's events after {@code afterSeq} in batches; completes with how many were replayed in all. */
    private static Future<Integer> replay(SqlConnection conn, UUID tenant, long afterSeq, int replayed) {
        return TimelineRebuildStore.events(conn, tenant, afterSeq, TYPES, BATCH).compose(events -> {
            Future<Void> chain = Future.succeededFuture();
            for (EventEnvelope e : events) {
                chain = chain.compose(v -> TimelineProjector.project(conn, e).mapEmpty());
            }
            int total = replayed + events.size();
            return chain.compose(v -> events.size() < BATCH ? Future.succeededFuture(total)
                    : replay(conn, tenant, last(events).seq(), total));
        });
    }

    private static EventEnvelope last(List<EventEnvelope> events) {
        return events.get(events.size() - 1);
    }
}
