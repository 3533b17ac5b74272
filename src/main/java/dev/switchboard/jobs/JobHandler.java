package dev.switchboard.jobs;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Runs the jobs of one kind. Runs are at-least-once: a job whose worker died is run again, so
 * handlers make their effects idempotent (the job id is a good key). Fail with {@link JobFailure} to
 * say whether a retry can help; any other failure is retried.
 */
public interface JobHandler {

    Future<Void> run(Job job);

    /** This kind's retry policy; null uses the queue's default backoff. */
    default RetryPolicy retryPolicy() {
        return null;
    }

    /** Called once when the job is dead-lettered, inside the tenant transaction that marks it dead. */
    default Future<Void> onDead(SqlConnection conn, Job job, String error) {
        return Future.succeededFuture();
    }
}
