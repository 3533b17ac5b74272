package dev.switchboard.cases;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Each case's status history. Every statement binds the tenant. */
final class StatusHistoryStore {

    static final String INSERT = """
            INSERT INTO case_status_history (tenant_id, id, case_id, from_stage, to_stage, reason, actor_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";
    static final String LIST = "SELECT " + StatusEntry.COLUMNS + " FROM case_status_history h WHERE h.tenant_id = $1 "
            + "AND h.case_id = $2 AND ($3::uuid IS NULL OR h.id > $3) ORDER BY h.id LIMIT $4";

    private StatusHistoryStore() {
    }

    static Future<Void> append(SqlConnection conn, UUID tenantId, UUID caseId, String from, String to, String reason, UUID actorId) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, Ids.next(), caseId, from, to, reason, actorId)).mapEmpty();
    }

    static Future<List<StatusEntry>> list(SqlConnection conn, UUID tenantId, UUID caseId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, caseId, page.after(), page.limit())).map(rows -> {
            List<StatusEntry> out = new ArrayList<>();
            rows.forEach(row -> out.add(StatusEntry.FROM_ROW.apply(row)));
            return out;
        });
    }
}
