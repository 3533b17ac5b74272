package dev.switchboard.events;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of parked events; every statement is bound to the caller's tenant. */
final class ParkedEventStore {

    static final String LIST = "SELECT " + ParkedEvent.COLUMNS + """
             FROM parked_events
            WHERE tenant_id = $1 AND ($2::text IS NULL OR consumer = $2) AND ($3::uuid IS NULL OR id > $3)
            ORDER BY id LIMIT $4""";
    static final String LOCK = "SELECT " + ParkedEvent.COLUMNS + " FROM parked_events WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
    static final String DELETE = "DELETE FROM parked_events WHERE tenant_id = $1 AND id = $2";
    static final String FAILED_AGAIN = "UPDATE parked_events SET attempts = attempts + 1, last_error = $3 WHERE tenant_id = $1 AND id = $2 "
            + "RETURNING " + ParkedEvent.COLUMNS;

    private ParkedEventStore() {
    }

    static Future<List<ParkedEvent>> list(SqlConnection conn, UUID tenantId, String consumer, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, consumer, page.after(), page.limit()))
                .map(ParkedEventStore::all);
    }

    /** The parked event, locked until the transaction ends; null when there is none. */
    static Future<ParkedEvent> lock(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(tenantId, id)).map(ParkedEventStore::one);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    static Future<ParkedEvent> failedAgain(SqlConnection conn, UUID tenantId, UUID id, String error) {
        return conn.preparedQuery(FAILED_AGAIN).execute(Tuple.of(tenantId, id, error)).map(ParkedEventStore::one);
    }

    private static ParkedEvent one(RowSet<Row> rows) {
        return rows.size() == 0 ? null : ParkedEvent.FROM_ROW.apply(rows.iterator().next());
    }

    private static List<ParkedEvent> all(RowSet<Row> rows) {
        List<ParkedEvent> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(ParkedEvent.FROM_ROW.apply(row)));
        return out;
    }
}
