package dev.switchboard.ai;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reply drafts. Every statement binds the tenant. */
final class DraftStore {

    static final String INSERT = """
            INSERT INTO ai_drafts (tenant_id, id, conversation_id, body, confidence, reasoning, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING""" + " " + ReplyDraft.COLUMNS;
    static final String FIND = "SELECT " + ReplyDraft.COLUMNS + " FROM ai_drafts WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + ReplyDraft.COLUMNS + """
             FROM ai_drafts WHERE tenant_id = $1 AND conversation_id = $2 AND ($3::uuid IS NULL OR id < $3)
            ORDER BY id DESC LIMIT $4""";
    /** Takes a pending draft for a decision; nothing comes back when it was decided already. */
    static final String DECIDE = """
            UPDATE ai_drafts SET status = $3, decided_by = $4, decided_at = now()
            WHERE tenant_id = $1 AND id = $2 AND status = 'pending' RETURNING""" + " " + ReplyDraft.COLUMNS;
    static final String SENT_AS = """
            UPDATE ai_drafts SET message_id = $3, body = $4 WHERE tenant_id = $1 AND id = $2 RETURNING""" + " " + ReplyDraft.COLUMNS;
    /** Gives back a draft whose message could not be posted. */
    static final String REOPEN = """
            UPDATE ai_drafts SET status = 'pending', decided_by = NULL, decided_at = NULL
            WHERE tenant_id = $1 AND id = $2 AND message_id IS NULL""";
    static final String COUNTS = "SELECT status, count(*) AS n FROM ai_drafts WHERE tenant_id = $1 GROUP BY status";

    private DraftStore() {
    }

    static Future<ReplyDraft> insert(SqlConnection conn, UUID tenantId, UUID id, UUID conversationId, JsonObject answer, UUID by) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, id, conversationId, answer.getString("body"),
                new java.math.BigDecimal(answer.getNumber("confidence").toString()).setScale(3, java.math.RoundingMode.HALF_UP),
                answer.getString("reasoning"), by})).map(DraftStore::first);
    }

    static Future<ReplyDraft> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(DraftStore::first);
    }

    static Future<List<ReplyDraft>> list(SqlConnection conn, UUID tenantId, UUID conversationId, UUID before, int limit) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, conversationId, before, limit)).map(rows -> {
            List<ReplyDraft> out = new ArrayList<>();
            rows.forEach(r -> out.add(ReplyDraft.FROM_ROW.apply(r)));
            return out;
        });
    }

    static Future<ReplyDraft> decide(SqlConnection conn, UUID tenantId, UUID id, String status, UUID by) {
        return conn.preparedQuery(DECIDE).execute(Tuple.of(tenantId, id, status, by)).map(DraftStore::first);
    }

    static Future<ReplyDraft> sentAs(SqlConnection conn, UUID tenantId, UUID id, UUID messageId, String body) {
        return conn.preparedQuery(SENT_AS).execute(Tuple.of(tenantId, id, messageId, body)).map(DraftStore::first);
    }

    static Future<Void> reopen(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(REOPEN).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** How many drafts are in each status. */
    static Future<JsonObject> counts(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(COUNTS).execute(Tuple.of(tenantId)).map(rows -> {
            JsonObject out = new JsonObject().put(ReplyDraft.PENDING, 0L).put(ReplyDraft.ACCEPTED, 0L).put(ReplyDraft.REJECTED, 0L);
            rows.forEach(r -> out.put(r.getString("status"), r.getLong("n")));
            return out;
        });
    }

    private static ReplyDraft first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : ReplyDraft.FROM_ROW.apply(rows.iterator().next());
    }
}
