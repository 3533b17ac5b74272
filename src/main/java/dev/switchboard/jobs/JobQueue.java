package dev.switchboard.jobs;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Enqueues jobs inside the caller's transaction, so a job exists exactly when the change that asked
 * for it committed. After the commit the local workers are woken, so the job starts at once.
 */
public final class JobQueue {

    private final Vertx vertx;
    private final JobHandlers handlers;
    private final Clock clock;

    public JobQueue(Vertx vertx, JobHandlers handlers, Clock clock) {
        this.vertx = vertx;
        this.handlers = handlers;
        this.clock = clock;
    }

    /** Enqueues {@code job} for {@code tenantId}; completes with its id (the earlier job's id when deduplicated). */
    public Future<UUID> enqueue(SqlConnection conn, UUID tenantId, NewJob job) {
        Instant now = clock.instant();
        return insert(conn, tenantId, job, job.delay() == null ? now : now.plus(job.delay()), now);
    }

    /** Enqueues {@code job} to run at {@code runAt} (by the queue's clock), never earlier; at once when that has passed. */
    public Future<UUID> enqueueAt(SqlConnection conn, UUID tenantId, NewJob job, Instant runAt) {
        return insert(conn, tenantId, job, runAt, clock.instant());
    }

    private Future<UUID> insert(SqlConnection conn, UUID tenantId, NewJob job, Instant runAt, Instant now) {
        Db.afterCommit(conn, () -> vertx.eventBus().send(JobWorker.WAKE_ADDRESS, null));
        return JobStore.insert(conn, tenantId, Ids.next(), job, runAt, handlers.policy(job.kind()).maxAttempts(), now);
    }
}
