package dev.switchboard.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The progress a running job reports, written in the job's own transactions so that it always matches what the job
 * committed (a job that resumes after a crash reads where it was).
 */
public final class JobProgress {

    static final String SET = "UPDATE jobs SET progress = $3 WHERE tenant_id = $1 AND id = $2";

    private JobProgress() {
    }

    public static Future<Void> set(SqlClient conn, UUID tenantId, UUID jobId, JsonObject progress) {
        return conn.preparedQuery(SET).execute(Tuple.of(tenantId, jobId, progress)).mapEmpty();
    }

    /** The job, or null when the organization has none with {@code id}. */
    public static Future<Job> find(SqlClient conn, UUID tenantId, UUID id) {
        return JobStore.find(conn, tenantId, id);
    }
}
