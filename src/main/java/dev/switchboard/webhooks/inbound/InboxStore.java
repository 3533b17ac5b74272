package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The webhook inbox. Every statement binds the tenant; events without one go through a SECURITY DEFINER function. */
final class InboxStore {

    static final String INSERT = """
            INSERT INTO webhook_inbox (tenant_id, id, provider, hook_id, event_id, body, headers, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT DO NOTHING RETURNING id""";
    static final String INSERT_UNROUTED = "SELECT webhook_inbox_insert_unrouted($1, $2, $3, $4, $5, $6, $7) AS id";
    static final String FIND = "SELECT " + InboxEvent.COLUMNS + " FROM webhook_inbox WHERE tenant_id = $1 AND id = $2";
    /** Marks a delivery processed, if it is still to process, and returns it: its row stays locked until the transaction ends. */
    static final String TAKE = "UPDATE webhook_inbox SET status = 'processed', attempts = attempts + 1, last_error = NULL,"
            + " processed_at = $3 WHERE tenant_id = $1 AND id = $2 AND status IN ('received', 'dead') RETURNING " + InboxEvent.COLUMNS;
    static final String LIST = "SELECT " + InboxEvent.COLUMNS + " FROM webhook_inbox WHERE tenant_id = $1 "
            + "AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR provider = $3) "
            + "AND ($4::uuid IS NULL OR id > $4) ORDER BY id LIMIT $5";
    static final String RECORD_FAILURE = """
            UPDATE webhook_inbox SET attempts = attempts + 1, last_error = $3
            WHERE tenant_id = $1 AND id = $2 AND status = 'received'""";
    static final String MARK_DEAD = """
            UPDATE webhook_inbox SET status = 'dead', last_error = $3
            WHERE tenant_id = $1 AND id = $2 AND status = 'received'""";
    static final String REOPEN = """
            UPDATE webhook_inbox SET status = 'received', last_error = NULL
            WHERE tenant_id = $1 AND id = $2 AND status = 'dead'""";

    private InboxStore() {
    }

    /** Stores the event; completes with false when it was already stored (a duplicate delivery). */
    static Future<Boolean> insert(SqlConnection conn, UUID tenantId, UUID id, String provider, UUID hookId, String eventId,
                                  byte[] body, JsonObject headers, OffsetDateTime receivedAt) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, id, provider, hookId, eventId,
                Buffer.buffer(body), headers, receivedAt})).map(rows -> rows.size() == 1);
    }

    /** Stores an event whose tenant is unknown as unroutable; false when it was already stored. */
    static Future<Boolean> insertUnrouted(SqlConnection conn, UUID id, String provider, String eventId, byte[] body,
                                          JsonObject headers, OffsetDateTime receivedAt, String reason) {
        return conn.preparedQuery(INSERT_UNROUTED).execute(Tuple.from(new Object[] {id, provider, eventId, Buffer.buffer(body),
                headers, receivedAt, reason})).map(rows -> rows.iterator().next().getUUID("id") != null);
    }

    static Future<InboxEvent> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(InboxStore::first);
    }

    /**
     * The event marked processed at {@code at} in the caller's transaction, which then applies its effects (a rollback
     * undoes the mark with them); null when it is not to be processed (already processed, or unknown). The row stays
     * locked until the transaction ends, so concurrent runs process it once.
     */
    static Future<InboxEvent> take(SqlConnection conn, UUID tenantId, UUID id, OffsetDateTime at) {
        return conn.preparedQuery(TAKE).execute(Tuple.of(tenantId, id, at)).map(InboxStore::first);
    }

    static Future<List<InboxEvent>> list(SqlConnection conn, UUID tenantId, String status, String provider, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, status, provider, page.after(), page.limit())).map(rows -> {
            List<InboxEvent> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(InboxEvent.FROM_ROW.apply(row)));
            return out;
        });
    }

    static Future<Void> recordFailure(SqlConnection conn, UUID tenantId, UUID id, String error) {
        return conn.preparedQuery(RECORD_FAILURE).execute(Tuple.of(tenantId, id, error)).mapEmpty();
    }

    static Future<Void> markDead(SqlConnection conn, UUID tenantId, UUID id, String error) {
        return conn.preparedQuery(MARK_DEAD).execute(Tuple.of(tenantId, id, error)).mapEmpty();
    }

    /** Puts a dead event back to received; false when it was not dead. */
    static Future<Boolean> reopen(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(REOPEN).execute(Tuple.of(tenantId, id)).map(rows -> rows.rowCount() == 1);
    }

    private static InboxEvent first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : InboxEvent.FROM_ROW.apply(rows.iterator().next());
    }
}
