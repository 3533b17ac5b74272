package dev.switchboard.jobs;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The job queue as admins see it: their organization's jobs, and dead letters sent back to the queue. Needs {@code workflows.manage}. */
public final class JobService {

    private final Db db;
    private final Changes changes;
    private final Clock clock;

    public JobService(Db db, Changes changes, Clock clock) {
        this.db = db;
        this.changes = changes;
        this.clock = clock;
    }

    public Future<List<Job>> list(Principal p, String status, Pages page) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> JobStore.list(conn, p.tenantId(), status, page));
    }

    /** The job; 404 when there is none in the caller's organization. */
    public Future<Job> get(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Queues a dead job again with a fresh set of attempts; 404 when missing, 409 when the job is not dead. */
    public Future<Job> retry(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before ->
                JobStore.requeueDead(conn, p.tenantId(), id, clock.instant()).compose(requeued -> requeued
                        ? existing(conn, p, id).compose(after -> changes.record(conn, p,
                                Change.updated("job.retried", "job", id, before.auditView(), after.auditView())).map(after))
                        : Future.failedFuture(ApiException.conflict("job-not-dead", "only dead jobs can be retried; this one is "
                                + before.status())))));
    }

    private static Future<Job> existing(SqlConnection conn, Principal p, UUID id) {
        return JobStore.find(conn, p.tenantId(), id).compose(job -> job == null
                ? Future.failedFuture(ApiException.notFound("job")) : Future.succeededFuture(job));
    }
}
