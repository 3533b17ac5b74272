package dev.switchboard.replies;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Canned responses. Every statement binds the tenant, and reads bind the caller: a personal response exists only for
 * its owner.
 */
final class CannedResponseStore {

    /** $1 tenant, $2 the caller: the organization's responses and the caller's own. */
    private static final String VISIBLE = "r.tenant_id = $1 AND (r.owner_user_id IS NULL OR r.owner_user_id = $2)";

    static final String INSERT = """
            INSERT INTO canned_responses (tenant_id, id, owner_user_id, short_code, name, body, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";
    static final String FIND = "SELECT " + CannedResponse.COLUMNS + " FROM canned_responses r WHERE " + VISIBLE + " AND r.id = $3";
    /**
     * Newest first, optionally one scope ($3: organization or personal), optionally matching $4 (a short code prefix)
     * or $5 (a prefix text query over name and body).
     */
    static final String LIST = "SELECT " + CannedResponse.COLUMNS + " FROM canned_responses r WHERE " + VISIBLE + """
              AND ($3::text IS NULL OR ($3 = 'organization') = (r.owner_user_id IS NULL))
              AND ($4::text IS NULL OR r.short_code LIKE $4 || '%'
                   OR ($5::text IS NOT NULL AND to_tsvector('simple', r.name || ' ' || r.body) @@ to_tsquery('simple', $5)))
              AND ($6::uuid IS NULL OR r.id < $6)
            ORDER BY r.id DESC LIMIT $7""";
    static final String UPDATE = """
            UPDATE canned_responses SET short_code = $3, name = $4, body = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $6""";
    static final String DELETE = "DELETE FROM canned_responses WHERE tenant_id = $1 AND id = $2";
    static final String FIND_ANY = "SELECT " + CannedResponse.COLUMNS + " FROM canned_responses r WHERE r.tenant_id = $1 AND r.id = $2";

    private CannedResponseStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, CannedResponse r) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, r.id(), r.ownerUserId(), r.shortCode(), r.name(), r.body())
                .addUUID(r.createdBy())).mapEmpty();
    }

    /** The response if {@code caller} sees it (the organization's, or their own), else null. */
    static Future<CannedResponse> find(SqlConnection conn, UUID tenantId, UUID caller, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, caller, id)).map(CannedResponseStore::firstOrNull);
    }

    static Future<CannedResponse> findAny(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND_ANY).execute(Tuple.of(tenantId, id)).map(CannedResponseStore::firstOrNull);
    }

    static Future<List<CannedResponse>> list(SqlConnection conn, UUID tenantId, UUID caller, String scope, String codePrefix,
                                             String textQuery, Pages page) {
        Tuple tuple = Tuple.of(tenantId, caller, scope, codePrefix, textQuery).addUUID(page.after()).addInteger(page.limit());
        return conn.preparedQuery(LIST).execute(tuple).map(rows -> {
            List<CannedResponse> out = new ArrayList<>();
            rows.forEach(row -> out.add(CannedResponse.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** False when the version did not match. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, CannedResponse r, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, r.id(), r.shortCode(), r.name(), r.body(), version))
                .map(rows -> rows.rowCount() == 1);
    }

    static Future<Boolean> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() == 1);
    }

    private static CannedResponse firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : CannedResponse.FROM_ROW.apply(rows.iterator().next());
    }
}
