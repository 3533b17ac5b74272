package dev.switchboard.jobs;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The job table. Claiming crosses tenants through {@code jobs_claim}; everything else binds the tenant,
 * and every completion is guarded by the claiming worker's id and the attempt it claimed, so a run whose
 * lease expired or whose node was held dead (and whose job was claimed again) cannot record an outcome any more.
 */
final class JobStore {

    static final String INSERT = """
            INSERT INTO jobs (tenant_id, id, kind, payload, run_at, max_attempts, dedupe_key, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            RETURNING id""";
    static final String FIND_DEDUPED = "SELECT id FROM jobs WHERE tenant_id = $1 AND dedupe_key = $2";
    static final String CLAIM = "SELECT * FROM jobs_claim($1, $2, $3, $4, $5, make_interval(secs => $6))";
    static final String DUE_STATS = "SELECT * FROM jobs_due_stats($1)";
    static final String SUCCEED = """
            UPDATE jobs SET status = 'succeeded', finished_at = $4, locked_until = NULL
            WHERE tenant_id = $1 AND id = $2 AND locked_by = $3 AND status = 'running' AND attempts = $5""";
    static final String RESCHEDULE = """
            UPDATE jobs SET status = 'queued', run_at = $4, last_error = $5, locked_by = NULL, locked_until = NULL
            WHERE tenant_id = $1 AND id = $2 AND locked_by = $3 AND status = 'running' AND attempts = $6""";
    static final String BURY = """
            UPDATE jobs SET status = 'dead', finished_at = $4, last_error = $5, locked_until = NULL
            WHERE tenant_id = $1 AND id = $2 AND locked_by = $3 AND status = 'running' AND attempts = $6""";
    static final String RELEASE = """
            UPDATE jobs SET status = 'queued', attempts = attempts - 1, locked_by = NULL, locked_until = NULL
            WHERE tenant_id = $1 AND id = $2 AND locked_by = $3 AND status = 'running' AND attempts = $4""";
    static final String FIND = "SELECT " + Job.COLUMNS + " FROM jobs WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + Job.COLUMNS + " FROM jobs WHERE tenant_id = $1 "
            + "AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR id > $3) ORDER BY id LIMIT $4";
    static final String LIST_NEWEST = Pages.reversed(LIST, "id");
    static final String REQUEUE_DEAD = """
            UPDATE jobs SET status = 'queued', attempts = 0, run_at = $3, finished_at = NULL, locked_by = NULL,
                locked_until = NULL
            WHERE tenant_id = $1 AND id = $2 AND status = 'dead'""";

    private static final int MAX_ERROR_LENGTH = 2000;

    private JobStore() {
    }

    /** Inserts the job, or finds the one already enqueued under the same dedupe key; completes with its id. */
    static Future<UUID> insert(SqlClient conn, UUID tenantId, UUID id, NewJob job, Instant runAt, int maxAttempts, Instant now) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, id, job.kind(),
                        job.payload() == null ? new JsonObject() : job.payload(), at(runAt), maxAttempts, job.dedupeKey(), at(now)}))
                .compose(rows -> rows.size() == 1
                        ? Future.succeededFuture(rows.iterator().next().getUUID("id"))
                        : conn.preparedQuery(FIND_DEDUPED).execute(Tuple.of(tenantId, job.dedupeKey()))
                                .map(found -> found.iterator().next().getUUID("id")));
    }

    /** Claims due jobs, and running ones whose lease ran out or whose node was not seen alive within {@code nodeTtl}. */
    static Future<List<Job>> claim(SqlClient conn, String worker, String node, Duration nodeTtl, Instant now, long leaseMillis, int limit) {
        return conn.preparedQuery(CLAIM).execute(Tuple.of(worker, node, at(now), (int) Math.min(leaseMillis, Integer.MAX_VALUE), limit,
                        nodeTtl.toMillis() / 1000.0))
                .map(JobStore::all);
    }

    /** How many jobs are due now, and the run time of the oldest of them (null when none). */
    static Future<Row> dueStats(SqlClient conn, Instant now) {
        return conn.preparedQuery(DUE_STATS).execute(Tuple.of(at(now))).map(rows -> rows.iterator().next());
    }

    static Future<Boolean> succeed(SqlClient conn, Job job, String worker, Instant now) {
        return update(conn, SUCCEED, Tuple.of(job.tenantId(), job.id(), worker, at(now), job.attempts()));
    }

    static Future<Boolean> reschedule(SqlClient conn, Job job, String worker, Instant runAt, String error) {
        return update(conn, RESCHEDULE, Tuple.of(job.tenantId(), job.id(), worker, at(runAt), truncate(error), job.attempts()));
    }

    static Future<Boolean> bury(SqlClient conn, Job job, String worker, Instant now, String error) {
        return update(conn, BURY, Tuple.of(job.tenantId(), job.id(), worker, at(now), truncate(error), job.attempts()));
    }

    static Future<Boolean> release(SqlClient conn, Job job, String worker) {
        return update(conn, RELEASE, Tuple.of(job.tenantId(), job.id(), worker, job.attempts()));
    }

    static Future<Job> find(SqlClient conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : Job.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<Job>> list(SqlClient conn, UUID tenantId, String status, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? LIST_NEWEST : LIST).execute(Tuple.of(tenantId, status, page.after(), page.limit())).map(JobStore::all);
    }

    /** False when the job is not dead. */
    static Future<Boolean> requeueDead(SqlClient conn, UUID tenantId, UUID id, Instant now) {
        return update(conn, REQUEUE_DEAD, Tuple.of(tenantId, id, at(now)));
    }

    private static Future<Boolean> update(SqlClient conn, String sql, Tuple args) {
        return conn.preparedQuery(sql).execute(args).map(rows -> rows.rowCount() == 1);
    }

    private static List<Job> all(RowSet<Row> rows) {
        List<Job> jobs = new ArrayList<>(rows.size());
        rows.forEach(row -> jobs.add(Job.FROM_ROW.apply(row)));
        return jobs;
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() <= MAX_ERROR_LENGTH ? e : e.substring(0, MAX_ERROR_LENGTH);
    }
}
