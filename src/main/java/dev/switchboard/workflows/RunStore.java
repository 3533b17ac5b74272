package dev.switchboard.workflows;

import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Workflow runs and their steps. Every statement binds the tenant. */
final class RunStore {

    static final String INSERT = """
            INSERT INTO workflow_runs (tenant_id, id, workflow_id, workflow_version, trigger_type, event_id, entity_type, entity_id,
                input, status, depth, origin_event_id, error, dedupe_key, created_at, finished_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (tenant_id, dedupe_key) DO NOTHING""";
    static final String FIND = "SELECT " + Run.COLUMNS + " FROM workflow_runs r WHERE r.tenant_id = $1 AND r.id = $2";
    static final String LIST = "SELECT " + Run.COLUMNS + " FROM workflow_runs r WHERE r.tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR r.workflow_id = $2) AND ($3::text IS NULL OR r.status = $3) "
            + "AND ($4::uuid IS NULL OR r.id > $4) ORDER BY r.id LIMIT $5";
    static final String LIST_NEWEST = Pages.reversed(LIST, "r.id");
    static final String START = """
            UPDATE workflow_runs SET status = 'running' WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running')""";
    static final String FINISH = """
            UPDATE workflow_runs SET status = $3, error = $4, finished_at = $5
            WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running')""";
    static final String STEPS = """
            SELECT s.position, s.action, s.input, s.status, s.result, s.error, s.started_at, s.finished_at FROM workflow_run_steps s
            WHERE s.tenant_id = $1 AND s.run_id = $2 ORDER BY s.position""";
    /** Starts a step that never started, or restarts one whose effect failed (and so never committed). */
    static final String START_STEP = """
            INSERT INTO workflow_run_steps (tenant_id, run_id, position, action, input, status, started_at)
            VALUES ($1, $2, $3, $4, $5, 'started', $6)
            ON CONFLICT (tenant_id, run_id, position) DO UPDATE SET status = 'started', error = NULL, started_at = $6
            WHERE workflow_run_steps.tenant_id = $1 AND workflow_run_steps.status = 'failed'
            RETURNING position""";
    static final String FINISH_STEP = """
            UPDATE workflow_run_steps SET status = $4, result = $5, error = $6, finished_at = $7
            WHERE tenant_id = $1 AND run_id = $2 AND position = $3""";
    /** A step that ran inside the transaction that records it: started and finished at once. */
    static final String RECORD_STEP = """
            INSERT INTO workflow_run_steps (tenant_id, run_id, position, action, input, status, result, error, started_at, finished_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
    /** Runs (not stopped ones) that one originating event caused, directly or through other runs. */
    static final String COUNT_BY_ORIGIN = """
            SELECT count(*) AS runs FROM workflow_runs r
            WHERE r.tenant_id = $1 AND r.origin_event_id = $2 AND r.status <> 'stopped'""";

    private RunStore() {
    }

    /** False when a run with the same dedupe key exists already. */
    static Future<Boolean> insert(SqlClient conn, Run r, String dedupeKey) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {r.tenantId(), r.id(), r.workflowId(), r.workflowVersion(),
                r.triggerType(), r.eventId(), r.entityType(), r.entityId(), r.input(), r.status(), r.depth(), r.originEventId(), r.error(),
                dedupeKey, r.createdAt(), r.finishedAt()})).map(rows -> rows.rowCount() == 1);
    }

    static Future<Run> find(SqlClient conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> WorkflowStore.first(rows, Run.FROM_ROW));
    }

    static Future<List<Run>> list(SqlClient conn, UUID tenantId, UUID workflowId, String status, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? LIST_NEWEST : LIST).execute(Tuple.of(tenantId, workflowId, status, page.after(), page.limit()))
                .map(rows -> WorkflowStore.all(rows, Run.FROM_ROW));
    }

    /** False when the run has finished already. */
    static Future<Boolean> start(SqlClient conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(START).execute(Tuple.of(tenantId, id)).map(rows -> rows.rowCount() == 1);
    }

    /** False when the run had finished already. */
    static Future<Boolean> finish(SqlClient conn, UUID tenantId, UUID id, String status, String error, OffsetDateTime at) {
        return conn.preparedQuery(FINISH).execute(Tuple.of(tenantId, id, status, error, at)).map(rows -> rows.rowCount() == 1);
    }

    static Future<List<JsonObject>> steps(SqlClient conn, UUID tenantId, UUID runId) {
        return conn.preparedQuery(STEPS).execute(Tuple.of(tenantId, runId)).map(rows -> WorkflowStore.all(rows, RunStore::step));
    }

    /** True when this attempt may run the step's effect; false when it already ran (or may have). */
    static Future<Boolean> startStep(SqlClient conn, UUID tenantId, UUID runId, int position, String action, JsonObject input,
                                     OffsetDateTime at) {
        return conn.preparedQuery(START_STEP).execute(Tuple.from(new Object[] {tenantId, runId, position, action, input, at}))
                .map(rows -> rows.rowCount() == 1);
    }

    static Future<Void> finishStep(SqlClient conn, UUID tenantId, UUID runId, int position, String status, JsonObject result,
                                   String error, OffsetDateTime at) {
        return conn.preparedQuery(FINISH_STEP).execute(Tuple.from(new Object[] {tenantId, runId, position, status, result, error, at}))
                .mapEmpty();
    }

    static Future<Void> recordStep(SqlClient conn, UUID tenantId, UUID runId, int position, String action, JsonObject input,
                                   String status, JsonObject result, String error, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
        return conn.preparedQuery(RECORD_STEP).execute(Tuple.from(new Object[] {tenantId, runId, position, action, input, status, result,
                error, startedAt, finishedAt})).mapEmpty();
    }

    static Future<Long> countByOrigin(SqlClient conn, UUID tenantId, UUID originEventId) {
        return conn.preparedQuery(COUNT_BY_ORIGIN).execute(Tuple.of(tenantId, originEventId))
                .map(rows -> rows.iterator().next().getLong("runs"));
    }

    private static JsonObject step(Row row) {
        return new JsonObject()
                .put("position", row.getInteger("position"))
                .put("action", row.getString("action"))
                .put("input", row.getValue("input"))
                .put("status", row.getString("status"))
                .put("result", row.getValue("result"))
                .put("error", row.getString("error"))
                .put("startedAt", Timestamps.format(row.getOffsetDateTime("started_at")))
                .put("finishedAt", Timestamps.format(row.getOffsetDateTime("finished_at")));
    }
}
