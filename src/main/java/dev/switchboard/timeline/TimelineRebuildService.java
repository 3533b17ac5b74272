package dev.switchboard.timeline;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Requests rebuilds of the caller's organization's timeline and reports on them; {@code timeline.rebuild} only. */
final class TimelineRebuildService {

    private final Db db;
    private final Changes changes;
    private final JobQueue jobs;

    TimelineRebuildService(Db db, Changes changes, JobQueue jobs) {
        this.db = db;
        this.changes = changes;
        this.jobs = jobs;
    }

    /** Queues a rebuild of the caller's organization; 403 without {@code timeline.rebuild}. */
    Future<TimelineRebuild> request(Principal p) {
        p.require(Permission.TIMELINE_REBUILD);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> jobs.enqueue(conn, p.tenantId(),
                        NewJob.of(TimelineRebuilder.KIND, new JsonObject().put("rebuildId", id.toString())))
                .compose(jobId -> TimelineRebuildStore.insert(conn, p.tenantId(), id, p.userId(), jobId))
                .compose(r -> changes.record(conn, p, Change.created("timeline.rebuild_requested", "timeline_rebuild", id,
                        r.auditView())).map(r)));
    }

    /** One rebuild of the caller's organization; 403 without {@code timeline.rebuild}, 404 when unknown. */
    Future<TimelineRebuild> get(Principal p, UUID id) {
        p.require(Permission.TIMELINE_REBUILD);
        return db.inTenant(p.tenantId(), conn -> TimelineRebuildStore.find(conn, p.tenantId(), id))
                .compose(r -> r == null ? Future.failedFuture(ApiException.notFound("timeline rebuild")) : Future.succeededFuture(r));
    }
}
