package dev.switchboard.cases;

import dev.switchboard.platform.db.Rows;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Pipelines. Every statement binds the tenant. */
final class PipelineStore {

    static final String INSERT = """
            INSERT INTO pipelines (tenant_id, id, name, is_default, stages, transitions) VALUES ($1, $2, $3, $4, $5, $6)""";
    static final String INSERT_DEFAULT = """
            INSERT INTO pipelines (tenant_id, id, name, is_default, stages, transitions) VALUES ($1, $2, $3, true, $4, $5)
            ON CONFLICT DO NOTHING""";
    static final String FIND = "SELECT " + Pipeline.COLUMNS + " FROM pipelines p WHERE p.tenant_id = $1 AND p.id = $2";
    /** The pipelines named (lower case) in $2 or with the ids in $3. */
    static final String FIND_NAMED = "SELECT " + Pipeline.COLUMNS + " FROM pipelines p WHERE p.tenant_id = $1 "
            + "AND (lower(p.name) = ANY($2::text[]) OR p.id = ANY($3::uuid[]))";
    static final String FIND_DEFAULT = "SELECT " + Pipeline.COLUMNS + " FROM pipelines p WHERE p.tenant_id = $1 AND p.is_default";
    static final String LIST = "SELECT " + Pipeline.COLUMNS + " FROM pipelines p WHERE p.tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR p.id > $2) ORDER BY p.id LIMIT $3";
    static final String UPDATE = """
            UPDATE pipelines SET name = $3, stages = $4, transitions = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $6""";
    static final String DELETE = "DELETE FROM pipelines WHERE tenant_id = $1 AND id = $2";
    static final String STAGES_IN_USE = """
            SELECT DISTINCT CASE WHEN c.archived_at IS NULL THEN c.stage ELSE c.previous_stage END AS stage
            FROM cases c WHERE c.tenant_id = $1 AND c.pipeline_id = $2""";

    private PipelineStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, String name, List<PipelineStage> stages,
                               List<Transition> transitions) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, name, false, Pipeline.stagesJson(stages),
                Pipeline.transitionsJson(transitions))).mapEmpty();
    }

    /**
     * Creates the tenant's default pipeline unless it has one; true when this call created it. Any conflict means a
     * concurrent transaction created it first: two racing inserts may collide on the name's unique index before the
     * default's, so no single index is named as the arbiter.
     */
    static Future<Boolean> insertDefault(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(INSERT_DEFAULT).execute(Tuple.of(tenantId, id, DefaultPipeline.NAME,
                Pipeline.stagesJson(DefaultPipeline.STAGES), Pipeline.transitionsJson(DefaultPipeline.TRANSITIONS)))
                .map(r -> r.rowCount() == 1);
    }

    static Future<Pipeline> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(PipelineStore::firstOrNull);
    }

    static Future<List<Pipeline>> findNamed(SqlConnection conn, UUID tenantId, Set<String> names, Set<UUID> ids) {
        return conn.preparedQuery(FIND_NAMED).execute(Tuple.tuple().addUUID(tenantId).addArrayOfString(names.toArray(new String[0]))
                .addArrayOfUUID(ids.toArray(new UUID[0]))).map(rows -> Rows.all(rows, Pipeline.FROM_ROW));
    }

    static Future<Pipeline> findDefault(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(FIND_DEFAULT).execute(Tuple.of(tenantId)).map(PipelineStore::firstOrNull);
    }

    static Future<List<Pipeline>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<Pipeline> out = new ArrayList<>();
            rows.forEach(row -> out.add(Pipeline.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** False when the version did not match. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, String name, List<PipelineStage> stages,
                                  List<Transition> transitions, int version) {
        JsonArray transitionsJson = Pipeline.transitionsJson(transitions);
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, id, name, Pipeline.stagesJson(stages), transitionsJson, version))
                .map(r -> r.rowCount() == 1);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** The stage keys cases of this pipeline are in now (for archived cases: the stage a restore returns to). */
    static Future<List<String>> stagesInUse(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(STAGES_IN_USE).execute(Tuple.of(tenantId, id)).map(rows -> {
            List<String> out = new ArrayList<>();
            rows.forEach(row -> out.add(row.getString("stage")));
            return out;
        });
    }

    private static Pipeline firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Pipeline.FROM_ROW.apply(rows.iterator().next());
    }
}
