package dev.switchboard.workflows;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Workflows and their saved versions. Every statement binds the tenant. */
final class WorkflowStore {

    static final String INSERT = """
            INSERT INTO workflows (tenant_id, id, name, description, trigger_type, definition, enabled, created_by, created_at,
                updated_at, enabled_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::boolean, $8, $9::timestamptz, $9::timestamptz, CASE WHEN $7::boolean THEN $9::timestamptz END)""";
    static final String SNAPSHOT = """
            INSERT INTO workflow_versions (tenant_id, workflow_id, version, name, definition, created_by, created_at)
            SELECT w.tenant_id, w.id, w.version, w.name, w.definition, $3, w.updated_at FROM workflows w
            WHERE w.tenant_id = $1 AND w.id = $2""";
    static final String FIND = "SELECT " + Workflow.COLUMNS + " FROM workflows w WHERE w.tenant_id = $1 AND w.id = $2 "
            + "AND w.deleted_at IS NULL";
    static final String LIST = "SELECT " + Workflow.COLUMNS + " FROM workflows w WHERE w.tenant_id = $1 AND w.deleted_at IS NULL "
            + "AND ($2::boolean IS NULL OR w.enabled = $2) AND ($3::uuid IS NULL OR w.id > $3) ORDER BY w.id LIMIT $4";
    static final String ENABLED_FOR = "SELECT " + Workflow.COLUMNS + " FROM workflows w WHERE w.tenant_id = $1 "
            + "AND w.trigger_type = ANY($2) AND w.enabled AND w.deleted_at IS NULL ORDER BY w.id";
    static final String UPDATE = """
            UPDATE workflows SET name = $3, description = $4, trigger_type = $5, definition = $6, version = version + 1,
                updated_at = $7
            WHERE tenant_id = $1 AND id = $2 AND version = $8 AND deleted_at IS NULL""";
    static final String SET_ENABLED = """
            UPDATE workflows SET enabled = $3::boolean, enabled_at = CASE WHEN $3::boolean AND NOT enabled THEN $4::timestamptz ELSE enabled_at END,
                version = version + 1, updated_at = $4::timestamptz
            WHERE tenant_id = $1 AND id = $2 AND version = $5 AND deleted_at IS NULL""";
    static final String DELETE = """
            UPDATE workflows SET deleted_at = $3, enabled = false WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL""";
    static final String VERSIONS = """
            SELECT v.version, v.name, v.definition, v.created_by, v.created_at FROM workflow_versions v
            WHERE v.tenant_id = $1 AND v.workflow_id = $2 AND ($3::integer IS NULL OR v.version < $3)
            ORDER BY v.version DESC LIMIT $4""";
    static final String VERSION = """
            SELECT v.version, v.name, v.definition, v.created_by, v.created_at FROM workflow_versions v
            WHERE v.tenant_id = $1 AND v.workflow_id = $2 AND v.version = $3""";

    private WorkflowStore() {
    }

    static Future<Void> insert(SqlClient conn, Workflow w) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {w.tenantId(), w.id(), w.name(), w.description(),
                w.triggerType(), w.definition().toJson(), w.enabled(), w.createdBy(), w.createdAt()})).mapEmpty();
    }

    /** Saves the workflow as it is now as its current version. */
    static Future<Void> snapshot(SqlClient conn, UUID tenantId, UUID id, UUID by) {
        return conn.preparedQuery(SNAPSHOT).execute(Tuple.of(tenantId, id, by)).mapEmpty();
    }

    static Future<Workflow> find(SqlClient conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> first(rows, Workflow.FROM_ROW));
    }

    static Future<List<Workflow>> list(SqlClient conn, UUID tenantId, Boolean enabled, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, enabled, page.after(), page.limit()))
                .map(rows -> all(rows, Workflow.FROM_ROW));
    }

    /** The enabled workflows of {@code triggerTypes}. */
    static Future<List<Workflow>> enabledFor(SqlClient conn, UUID tenantId, String... triggerTypes) {
        return conn.preparedQuery(ENABLED_FOR).execute(Tuple.of(tenantId).addArrayOfString(triggerTypes)).map(rows -> all(rows, Workflow.FROM_ROW));
    }

    /** False when {@code expected} is stale. */
    static Future<Boolean> update(SqlClient conn, UUID tenantId, UUID id, String name, String description, Definition d,
                                  OffsetDateTime now, int expected) {
        return conn.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {tenantId, id, name, description, d.triggerType(),
                d.toJson(), now, expected})).map(rows -> rows.rowCount() == 1);
    }

    /** False when {@code expected} is stale. */
    static Future<Boolean> setEnabled(SqlClient conn, UUID tenantId, UUID id, boolean enabled, OffsetDateTime now, int expected) {
        return conn.preparedQuery(SET_ENABLED).execute(Tuple.of(tenantId, id, enabled, now, expected)).map(rows -> rows.rowCount() == 1);
    }

    static Future<Void> delete(SqlClient conn, UUID tenantId, UUID id, OffsetDateTime now) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id, now)).mapEmpty();
    }

    /** Saved versions, newest first; {@code before} is the keyset cursor (a version number). */
    static Future<List<JsonObject>> versions(SqlClient conn, UUID tenantId, UUID id, Integer before, int limit) {
        return conn.preparedQuery(VERSIONS).execute(Tuple.of(tenantId, id, before, limit)).map(rows -> all(rows, WorkflowStore::version));
    }

    static Future<JsonObject> version(SqlClient conn, UUID tenantId, UUID id, int version) {
        return conn.preparedQuery(VERSION).execute(Tuple.of(tenantId, id, version)).map(rows -> first(rows, WorkflowStore::version));
    }

    private static JsonObject version(Row row) {
        return new JsonObject()
                .put("version", row.getInteger("version"))
                .put("name", row.getString("name"))
                .put("definition", row.getValue("definition"))
                .put("createdBy", row.getUUID("created_by").toString())
                .put("createdAt", dev.switchboard.tenancy.Timestamps.format(row.getOffsetDateTime("created_at")));
    }

    static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
    }

    static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(mapper.apply(row)));
        return out;
    }
}
