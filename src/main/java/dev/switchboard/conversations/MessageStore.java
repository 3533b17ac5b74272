package dev.switchboard.conversations;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Messages of conversations. Every statement binds the tenant as $1; deleted messages are never read. */
final class MessageStore {

    static final String INSERT = """
            INSERT INTO messages (tenant_id, id, conversation_id, direction, body, sender_user_id, sender_contact_id,
                                  delivery_status, delivery_updated_at, email_message_id, in_reply_to, email_references, send_job_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8::text IS NULL THEN NULL ELSE now() END, $9, $10, $11, $12)
            RETURNING""" + " " + Message.COLUMNS.replace("m.", "");
    /** A message by id alone, however the system came by it (an event), unless deleted. */
    static final String FIND_ANY = "SELECT " + Message.COLUMNS + " FROM messages m WHERE m.tenant_id = $1 AND m.id = $2 AND m.deleted_at IS NULL";
    static final String CLASSIFY = """
            UPDATE messages m SET classification = $3, version = version + 1
            WHERE m.tenant_id = $1 AND m.id = $2 AND m.deleted_at IS NULL
            RETURNING""" + " " + Message.COLUMNS;
    static final String LIST = "SELECT " + Message.COLUMNS + """
             FROM messages m
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.deleted_at IS NULL
              AND ($3 OR m.direction <> 'internal_note') AND ($4::uuid IS NULL OR m.id > $4)
            ORDER BY m.id LIMIT $5""";
    static final String LIST_NEWEST = Pages.reversed(LIST, "m.id");
    static final String FIND = "SELECT " + Message.COLUMNS + """
             FROM messages m
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.id = $3 AND m.deleted_at IS NULL
              AND ($4 OR m.direction <> 'internal_note')""";
    static final String LATEST = """
            SELECT m.id FROM messages m
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.deleted_at IS NULL AND ($3 OR m.direction <> 'internal_note')
            ORDER BY m.id DESC LIMIT 1""";
    static final String SOFT_DELETE = """
            UPDATE messages SET deleted_at = now(), deleted_by = $4, version = version + 1
            WHERE tenant_id = $1 AND conversation_id = $2 AND id = $3 AND deleted_at IS NULL""";
    /** Moves the delivery state only up its rank (see message_delivery_rank in the migration). */
    static final String UPDATE_DELIVERY = """
            UPDATE messages m SET delivery_status = $4, delivery_updated_at = now(), version = version + 1
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.id = $3 AND m.deleted_at IS NULL
              AND m.direction = 'outbound' AND message_delivery_rank(m.delivery_status) < message_delivery_rank($4)
            RETURNING""" + " " + Message.COLUMNS;

    /** Threading: the conversation of the newest message whose Message-ID is one of $2. */
    static final String THREAD_OF = """
            SELECT m.conversation_id FROM messages m
            WHERE m.tenant_id = $1 AND m.email_message_id = ANY($2) AND m.deleted_at IS NULL
            ORDER BY m.id DESC LIMIT 1""";
    /** The newest email of a conversation the next reply answers: its Message-ID and References. */
    static final String THREAD_TAIL = """
            SELECT m.email_message_id, m.email_references FROM messages m
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.email_message_id IS NOT NULL AND m.deleted_at IS NULL
              AND m.direction <> 'internal_note'
            ORDER BY m.id DESC LIMIT 1""";
    /** For the sender: the outbound message, unless deleted, locked. */
    static final String LOCK_ANY = "SELECT " + Message.COLUMNS + """
             FROM messages m
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.id = $3 AND m.direction = 'outbound' AND m.deleted_at IS NULL
            FOR UPDATE""";
    static final String LOCK_BY_PROVIDER_ID = "SELECT " + Message.COLUMNS + """
             FROM messages m
            WHERE m.tenant_id = $1 AND m.provider_message_id = $2 AND m.direction = 'outbound'
            ORDER BY m.id LIMIT 1 FOR UPDATE""";
    /** Resend accepted the message: its id there, and "sent" (also after an earlier attempt gave up, when its job is retried). */
    static final String MARK_SENT = """
            UPDATE messages m SET provider_message_id = $4, delivery_error = NULL, version = version + 1,
                delivery_status = CASE WHEN m.delivery_status IN ('queued', 'failed') THEN 'sent' ELSE m.delivery_status END,
                delivery_updated_at = now()
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.id = $3
            RETURNING""" + " " + Message.COLUMNS;
    static final String ATTEMPT_FAILED = """
            UPDATE messages SET delivery_error = left($4, 2000) WHERE tenant_id = $1 AND conversation_id = $2 AND id = $3""";
    /** Gave up sending: "failed" with the reason (ranked like a bounce, so nothing later hides it). */
    static final String MARK_FAILED = """
            UPDATE messages m SET delivery_status = 'failed', delivery_error = left($4, 2000), delivery_updated_at = now(),
                version = version + 1
            WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.id = $3 AND m.direction = 'outbound'
              AND message_delivery_rank(m.delivery_status) < message_delivery_rank('failed')
            RETURNING""" + " " + Message.COLUMNS;
    static final String BY_EMAIL_MESSAGE_ID = "SELECT " + Message.COLUMNS + " FROM messages m WHERE m.tenant_id = $1 AND m.email_message_id = $2";

    private MessageStore() {
    }

    static Future<Message> insert(SqlConnection conn, UUID tenantId, Message m) {
        Tuple args = Tuple.from(new Object[]{tenantId, m.id(), m.conversationId(), m.direction(), m.body(), m.senderUserId(),
                m.senderContactId(), m.deliveryStatus(), m.emailMessageId(), m.inReplyTo(), m.references().toArray(new String[0]),
                m.sendJobId()});
        return conn.preparedQuery(INSERT).execute(args).map(MessageStore::firstOrNull);
    }

    static Future<List<Message>> list(SqlConnection conn, UUID tenantId, UUID conversationId, boolean seesNotes, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? LIST_NEWEST : LIST)
                .execute(Tuple.of(tenantId, conversationId, seesNotes, page.after(), page.limit())).map(rows -> {
            List<Message> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(Message.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** The message, or null when it is missing, deleted, or a note and {@code seesNotes} is false. */
    static Future<Message> find(SqlConnection conn, UUID tenantId, UUID conversationId, UUID id, boolean seesNotes) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, conversationId, id, seesNotes)).map(MessageStore::firstOrNull);
    }

    /** The newest message the reader may see, or null when there is none. */
    static Future<UUID> latest(SqlConnection conn, UUID tenantId, UUID conversationId, boolean seesNotes) {
        return conn.preparedQuery(LATEST).execute(Tuple.of(tenantId, conversationId, seesNotes))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
    }

    static Future<Boolean> softDelete(SqlConnection conn, UUID tenantId, UUID conversationId, UUID id, UUID by) {
        return conn.preparedQuery(SOFT_DELETE).execute(Tuple.of(tenantId, conversationId, id, by)).map(r -> r.rowCount() == 1);
    }

    /** The updated message, or null when {@code status} ranks no higher than the current state. */
    static Future<Message> updateDelivery(SqlConnection conn, UUID tenantId, UUID conversationId, UUID id, String status) {
        return conn.preparedQuery(UPDATE_DELIVERY).execute(Tuple.of(tenantId, conversationId, id, status)).map(MessageStore::firstOrNull);
    }

    /** The conversation an email answering {@code threadIds} belongs to, or null. */
    static Future<UUID> threadOf(SqlConnection conn, UUID tenantId, String[] threadIds) {
        return conn.preparedQuery(THREAD_OF).execute(Tuple.of(tenantId).addArrayOfString(threadIds))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("conversation_id"));
    }

    /** The message (even a deleted one) with this email Message-ID, or null. */
    static Future<Message> byEmailMessageId(SqlConnection conn, UUID tenantId, String messageId) {
        return conn.preparedQuery(BY_EMAIL_MESSAGE_ID).execute(Tuple.of(tenantId, messageId)).map(MessageStore::firstOrNull);
    }

    /** The Message-ID and References of the conversation's newest email, or null when it has none. */
    static Future<List<String>> threadTail(SqlConnection conn, UUID tenantId, UUID conversationId) {
        return conn.preparedQuery(THREAD_TAIL).execute(Tuple.of(tenantId, conversationId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            List<String> chain = new ArrayList<>(List.of(row.getArrayOfStrings("email_references")));
            chain.add(row.getString("email_message_id"));
            return chain;
        });
    }

    static Future<Message> lockAny(SqlConnection conn, UUID tenantId, UUID conversationId, UUID id) {
        return conn.preparedQuery(LOCK_ANY).execute(Tuple.of(tenantId, conversationId, id)).map(MessageStore::firstOrNull);
    }

    static Future<Message> lockByProviderId(SqlConnection conn, UUID tenantId, String providerMessageId) {
        return conn.preparedQuery(LOCK_BY_PROVIDER_ID).execute(Tuple.of(tenantId, providerMessageId)).map(MessageStore::firstOrNull);
    }

    static Future<Message> markSent(SqlConnection conn, UUID tenantId, UUID conversationId, UUID id, String providerMessageId) {
        return conn.preparedQuery(MARK_SENT).execute(Tuple.of(tenantId, conversationId, id, providerMessageId)).map(MessageStore::firstOrNull);
    }

    static Future<Void> attemptFailed(SqlConnection conn, UUID tenantId, UUID conversationId, UUID id, String error) {
        return conn.preparedQuery(ATTEMPT_FAILED).execute(Tuple.of(tenantId, conversationId, id, error)).mapEmpty();
    }

    /** The failed message, or null when it had failed or bounced already. */
    static Future<Message> markFailed(SqlConnection conn, UUID tenantId, UUID conversationId, UUID id, String error) {
        return conn.preparedQuery(MARK_FAILED).execute(Tuple.of(tenantId, conversationId, id, error)).map(MessageStore::firstOrNull);
    }

    static Future<Message> findAny(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND_ANY).execute(Tuple.of(tenantId, id)).map(MessageStore::firstOrNull);
    }

    static Future<Message> classify(SqlConnection conn, UUID tenantId, UUID id, io.vertx.core.json.JsonObject classification) {
        return conn.preparedQuery(CLASSIFY).execute(Tuple.of(tenantId, id, classification)).map(MessageStore::firstOrNull);
    }

    private static Message firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Message.FROM_ROW.apply(rows.iterator().next());
    }
}
