package dev.switchboard.imports;

import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.jobs.JobProgress;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;

/**
 * Runs import jobs ({@code import.contacts}, ...). A run reads the progress the job stored last and carries on from
 * there, so a job that died mid-way and runs again never imports a row twice. The spooled file is removed once the
 * import is done or has failed for good.
 */
final class ImportJob implements JobHandler {

    static final String KIND_PREFIX = "import.";

    private final Vertx vertx;
    private final Db db;
    private final Changes changes;
    private final Map<String, ImportTarget<?>> targets;
    private final ImportSpool spool;

    ImportJob(Vertx vertx, Db db, Changes changes, Map<String, ImportTarget<?>> targets, ImportSpool spool) {
        this.vertx = vertx;
        this.db = db;
        this.changes = changes;
        this.targets = Map.copyOf(targets);
        this.spool = spool;
    }

    @Override
    public Future<Void> run(Job job) {
        ImportRequest request = ImportRequest.of(job.tenantId(), job.payload());
        ImportTarget<?> target = targets.get(request.type());
        if (target == null) {
            return Future.failedFuture(JobFailure.permanent("no import of " + request.type()));
        }
        return db.inTenant(job.tenantId(), conn -> JobProgress.find(conn, job.tenantId(), job.id())).compose(current -> {
            ImportProgress progress = ImportProgress.resume(request, current == null ? null : current.progress());
            Future<Void> run = progress.done() ? Future.succeededFuture() : start(target, request, job, progress);
            return run.compose(v -> spool.remove(request.file()));
        });
    }

    private <T> Future<Void> start(ImportTarget<T> target, ImportRequest request, Job job, ImportProgress progress) {
        return new ImportRun<>(vertx, db, changes, target, request, job.id(), spool.path(request.file()), progress).run();
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        return spool.remove(ImportRequest.of(job.tenantId(), job.payload()).file());
    }
}
