package dev.switchboard.cases;

import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Cases. Every statement binds the tenant; reads for a caller embed {@link CaseVisibility}. */
final class CaseStore {

    static final String INSERT = """
            INSERT INTO cases AS c (tenant_id, id, number, title, contact_id, pipeline_id, stage, priority, owner_user_id,
                owner_queue_id, team_id, source, campaign, created_by, custom_fields)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            RETURNING\s""" + Case.COLUMNS;
    static final String FIND = "SELECT " + Case.COLUMNS + " FROM cases c WHERE c.tenant_id = $1 AND c.id = $2";
    static final String FIND_VISIBLE = FIND + " AND " + CaseVisibility.predicate(3);
    /** The visible case, locked until the transaction ends so that checks and the write see the same state. */
    static final String LOCK_VISIBLE = FIND_VISIBLE + " FOR UPDATE OF c";
    static final String LOCK_VISIBLE_MANY = "SELECT " + Case.COLUMNS + " FROM cases c WHERE c.tenant_id = $1 AND c.id = ANY($2) AND "
            + CaseVisibility.predicate(3) + " ORDER BY c.id FOR UPDATE OF c";
    static final String SAVE = """
            UPDATE cases c SET title = $3, contact_id = $4, stage = $5, previous_stage = $6, priority = $7,
                owner_user_id = $8, owner_queue_id = $9, team_id = $10,
                archived_at = CASE WHEN $11 THEN coalesce(c.archived_at, now()) END, custom_fields = $13,
                version = c.version + 1, updated_at = now()
            WHERE c.tenant_id = $1 AND c.id = $2 AND c.version = $12
            RETURNING\s""" + Case.COLUMNS;
    /** Atomic claim: only a case still waiting in its queue; of two racing claims exactly one matches. */
    static final String CLAIM = """
            UPDATE cases c SET owner_user_id = $3, version = c.version + 1, updated_at = now()
            WHERE c.tenant_id = $1 AND c.id = $2 AND c.owner_queue_id IS NOT NULL AND c.owner_user_id IS NULL
                AND c.archived_at IS NULL
            RETURNING\s""" + Case.COLUMNS;

    private CaseStore() {
    }

    /** Inserts the case; completes with it as stored (its timestamps set). */
    static Future<Case> insert(SqlConnection conn, UUID tenantId, Case c) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(tenantId, c.id(), c.number(), c.title(), c.contactId(),
                c.pipelineId(), c.stage(), c.priority(), c.ownerUserId(), c.ownerQueueId(), c.teamId(), c.source(), c.campaign(),
                c.createdBy(), c.customFields()))).map(CaseStore::firstOrNull);
    }

    static Future<Case> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(CaseStore::firstOrNull);
    }

    static Future<Case> findVisible(SqlConnection conn, Principal p, UUID id) {
        return conn.preparedQuery(FIND_VISIBLE).execute(CaseVisibility.bind(Tuple.of(p.tenantId(), id), p)).map(CaseStore::firstOrNull);
    }

    static Future<Case> lockVisible(SqlConnection conn, Principal p, UUID id) {
        return conn.preparedQuery(LOCK_VISIBLE).execute(CaseVisibility.bind(Tuple.of(p.tenantId(), id), p)).map(CaseStore::firstOrNull);
    }

    static Future<List<Case>> lockVisible(SqlConnection conn, Principal p, UUID[] ids) {
        return conn.preparedQuery(LOCK_VISIBLE_MANY).execute(CaseVisibility.bind(Tuple.tuple().addUUID(p.tenantId()).addArrayOfUUID(ids), p)).map(CaseStore::all);
    }

    static Future<List<Case>> list(SqlConnection conn, Principal p, CaseFilter f, CustomFieldFilter custom, Pages page) {
        CaseListQuery query = CaseListQuery.of(p, f, custom, page);
        return conn.preparedQuery(query.sql()).execute(query.tuple()).map(CaseStore::all);
    }

    /** Writes {@code after}'s changeable fields if the case is still at {@code expectedVersion}; null otherwise. */
    static Future<Case> save(SqlConnection conn, UUID tenantId, Case after, int expectedVersion) {
        Tuple tuple = Tuple.of(tenantId, after.id(), after.title(), after.contactId(), after.stage(), after.previousStage())
                .addValue(after.priority()).addValue(after.ownerUserId()).addValue(after.ownerQueueId()).addValue(after.teamId())
                .addBoolean(after.archived()).addInteger(expectedVersion).addValue(after.customFields());
        return conn.preparedQuery(SAVE).execute(tuple).map(CaseStore::firstOrNull);
    }

    /** The claimed case, or null when it was not waiting in a queue (any more). */
    static Future<Case> claim(SqlConnection conn, UUID tenantId, UUID id, UUID userId) {
        return conn.preparedQuery(CLAIM).execute(Tuple.of(tenantId, id, userId)).map(CaseStore::firstOrNull);
    }

    private static List<Case> all(RowSet<Row> rows) {
        List<Case> out = new ArrayList<>();
        rows.forEach(row -> out.add(Case.FROM_ROW.apply(row)));
        return out;
    }

    private static Case firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Case.FROM_ROW.apply(rows.iterator().next());
    }
}
