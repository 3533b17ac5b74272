package dev.switchboard.imports;

import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobProgress;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** CSV imports as their callers see them: started as jobs, followed through their job, their rejected rows listed. Needs {@code data.import}. */
final class ImportService {

    private final Db db;
    private final JobQueue jobs;

    ImportService(Db db, JobQueue jobs) {
        this.db = db;
        this.jobs = jobs;
    }

    /** Queues the import of a spooled file; completes with the job, which reports the import's progress. */
    Future<Job> start(ImportRequest request) {
        Principal p = request.principal();
        p.require(Permission.DATA_IMPORT);
        return db.inTenant(p.tenantId(), conn -> jobs.enqueue(conn, p.tenantId(),
                        NewJob.of(ImportJob.KIND_PREFIX + request.type(), request.toPayload()))
                .compose(id -> JobProgress.find(conn, p.tenantId(), id)));
    }

    /** The import's job; 404 when the organization has no import with {@code id}. */
    Future<Job> get(Principal p, UUID id) {
        p.require(Permission.DATA_IMPORT);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** A page of the import's rejected rows, in file order; 404 like {@link #get}. */
    Future<List<RowError>> errors(Principal p, UUID id, Pages page) {
        p.require(Permission.DATA_IMPORT);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id)
                .compose(job -> ImportStore.listErrors(conn, p.tenantId(), id, page)));
    }

    private static Future<Job> existing(SqlConnection conn, Principal p, UUID id) {
        return JobProgress.find(conn, p.tenantId(), id).compose(job -> job == null || !job.kind().startsWith(ImportJob.KIND_PREFIX)
                ? Future.failedFuture(ApiException.notFound("import")) : Future.succeededFuture(job));
    }
}
