package dev.switchboard.cases;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Case queues. Every statement binds the tenant. */
final class QueueStore {

    static final String INSERT = """
            INSERT INTO case_queues (tenant_id, id, name, description, team_id) VALUES ($1, $2, $3, $4, $5)""";
    static final String FIND = "SELECT " + CaseQueue.COLUMNS + " FROM case_queues q WHERE q.tenant_id = $1 AND q.id = $2";
    static final String LIST = "SELECT " + CaseQueue.COLUMNS + " FROM case_queues q WHERE q.tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR q.id > $2) ORDER BY q.id LIMIT $3";
    static final String UPDATE = """
            UPDATE case_queues SET name = $3, description = $4, team_id = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $6""";
    static final String DELETE = "DELETE FROM case_queues WHERE tenant_id = $1 AND id = $2";

    private QueueStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, String name, String description, UUID teamId) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, name, description, teamId)).mapEmpty();
    }

    static Future<CaseQueue> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(QueueStore::firstOrNull);
    }

    static Future<List<CaseQueue>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<CaseQueue> out = new ArrayList<>();
            rows.forEach(row -> out.add(CaseQueue.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** False when the version did not match. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, String name, String description, UUID teamId,
                                  int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, id, name, description, teamId, version))
                .map(r -> r.rowCount() == 1);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    private static CaseQueue firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : CaseQueue.FROM_ROW.apply(rows.iterator().next());
    }
}
