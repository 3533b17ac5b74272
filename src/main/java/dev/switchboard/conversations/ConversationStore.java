package dev.switchboard.conversations;

import dev.switchboard.labels.LabelFilter;
import dev.switchboard.labels.LabeledType;
import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldSort;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Conversations and read receipts. Every statement binds the tenant as $1; reads also bind a {@link Viewer}. */
final class ConversationStore {

    /** The viewer's ($3) unread messages: newer than their read position, not their own, notes only if $6. */
    static final String UNREAD = """
            (SELECT count(*) FROM messages m
             WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id AND m.deleted_at IS NULL
               AND ($6 OR m.direction <> 'internal_note') AND m.sender_user_id IS DISTINCT FROM $3
               AND m.id > coalesce((SELECT r.last_read_message_id FROM conversation_reads r
                                    WHERE r.tenant_id = c.tenant_id AND r.conversation_id = c.id AND r.user_id = $3),
                                   '00000000-0000-0000-0000-000000000000'::uuid))::int AS unread_count""";
    static final String FIND = "SELECT " + Conversation.COLUMNS + ", " + UNREAD
            + " FROM conversations c WHERE c.tenant_id = $1 AND " + Viewer.PREDICATE + " AND c.id = $7";
    static final String LIST = "SELECT " + Conversation.COLUMNS + ", " + UNREAD
            + " FROM conversations c WHERE c.tenant_id = $1 AND " + Viewer.PREDICATE + """
             AND ($7::uuid IS NULL OR c.id > $7)
             AND ($8::text IS NULL OR $8 = ANY (c.labels)) AND ($9::text IS NULL OR c.status = $9)
             AND ($10::text IS NULL OR c.channel = $10) AND ($11::uuid IS NULL OR c.assignee_user_id = $11)
             AND ($12::uuid IS NULL OR c.team_id = $12) AND ($13::uuid IS NULL OR c.contact_id = $13)
             AND """ + CustomFieldFilter.predicate("c.custom_fields", 15)
            + " AND " + LabelFilter.allOf(LabeledType.CONVERSATION, "c", 17) + " ORDER BY c.id LIMIT $14";
    static final String LIST_NEWEST = Pages.reversed(LIST, "c.id");
    static final String UNREAD_TOTALS = "SELECT x.id, x.unread_count FROM (SELECT c.id, " + UNREAD
            + " FROM conversations c WHERE c.tenant_id = $1 AND " + Viewer.PREDICATE + """
            ) x WHERE x.unread_count > 0 ORDER BY x.id""";
    static final String INSERT = """
            INSERT INTO conversations (tenant_id, id, channel, contact_id, subject, status, snoozed_until, priority,
                                       assignee_user_id, team_id, labels, created_by, custom_fields)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""";
    static final String UPDATE = """
            UPDATE conversations SET contact_id = $3, subject = $4, status = $5, snoozed_until = $6, priority = $7,
                   assignee_user_id = $8, team_id = $9, labels = $10, custom_fields = $12, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $11""";
    /** A snoozed conversation opens again (at the version it was read at). */
    static final String WAKE = """
            UPDATE conversations SET status = 'open', snoozed_until = NULL, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND status = 'snoozed' AND version = $3""";
    static final String TOUCH = """
            UPDATE conversations SET last_message_at = greatest(last_message_at, $3)
            WHERE tenant_id = $1 AND id = $2""";
    static final String MARK_READ = """
            INSERT INTO conversation_reads (tenant_id, conversation_id, user_id, last_read_message_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, conversation_id, user_id) DO UPDATE
            SET last_read_message_id = excluded.last_read_message_id, read_at = now()
            WHERE conversation_reads.last_read_message_id < excluded.last_read_message_id""";

    /** For system writes: the conversation regardless of viewer, with no unread count. */
    static final String FIND_ANY = "SELECT " + Conversation.COLUMNS + ", 0 AS unread_count FROM conversations c WHERE c.tenant_id = $1 AND c.id = $2";

    private ConversationStore() {
    }

    /** Filters of the conversation list; null means "any". {@code labelIds}: managed labels, all of them. */
    record Filter(String label, String status, String channel, UUID assigneeUserId, UUID teamId, UUID contactId, UUID[] labelIds) {
    }

    /** The conversation as {@code viewer} sees it, or null when it is missing or not visible. */
    static Future<Conversation> find(SqlConnection conn, UUID tenantId, Viewer viewer, UUID id) {
        return conn.preparedQuery(FIND).execute(viewer.bind(Tuple.of(tenantId)).addUUID(id)).map(ConversationStore::firstOrNull);
    }

    static Future<List<Conversation>> list(SqlConnection conn, UUID tenantId, Viewer viewer, Filter f, CustomFieldFilter custom,
                                           Pages page) {
        Tuple args = custom.bind(viewer.bind(Tuple.of(tenantId)).addUUID(page.after()).addString(f.label()).addString(f.status())
                .addString(f.channel()).addUUID(f.assigneeUserId()).addUUID(f.teamId()).addUUID(f.contactId())
                .addInteger(page.limit())).addArrayOfUUID(f.labelIds());
        CustomFieldSort.Statement statement = custom.sort().statement(page.newestFirst() ? LIST_NEWEST : LIST, "c.id", "c.custom_fields", args);
        return conn.preparedQuery(statement.sql()).execute(statement.tuple()).map(rows -> {
            List<Conversation> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(Conversation.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** {@code {total, conversations: [{conversationId, unreadCount}]}} over every conversation the viewer sees. */
    static Future<JsonObject> unreadTotals(SqlConnection conn, UUID tenantId, Viewer viewer) {
        return conn.preparedQuery(UNREAD_TOTALS).execute(viewer.bind(Tuple.of(tenantId))).map(rows -> {
            JsonArray items = new JsonArray();
            long total = 0;
            for (Row row : rows) {
                int count = row.getInteger("unread_count");
                total += count;
                items.add(new JsonObject().put("conversationId", row.getUUID("id").toString()).put("unreadCount", count));
            }
            return new JsonObject().put("total", total).put("conversations", items);
        });
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, ConversationFields f, UUID createdBy) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[]{tenantId, id, f.channel(), f.contactId(), f.subject(),
                f.status(), f.snoozedUntil(), f.priority(), f.assigneeUserId(), f.teamId(), f.labels().toArray(new String[0]),
                createdBy, f.customFields()})).mapEmpty();
    }

    /** False when {@code version} is no longer current. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, ConversationFields f, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.from(new Object[]{tenantId, id, f.contactId(), f.subject(), f.status(),
                        f.snoozedUntil(), f.priority(), f.assigneeUserId(), f.teamId(), f.labels().toArray(new String[0]), version,
                        f.customFields()}))
                .map(r -> r.rowCount() == 1);
    }

    /** True when the snoozed conversation (still at {@code version}) woke up. */
    static Future<Boolean> wake(SqlConnection conn, UUID tenantId, UUID id, int version) {
        return conn.preparedQuery(WAKE).execute(Tuple.of(tenantId, id, version)).map(r -> r.rowCount() == 1);
    }

    static Future<Void> touch(SqlConnection conn, UUID tenantId, UUID id, OffsetDateTime at) {
        return conn.preparedQuery(TOUCH).execute(Tuple.of(tenantId, id, at)).mapEmpty();
    }

    /** Moves the user's read position forward to {@code messageId}; false when it already was there or further. */
    static Future<Boolean> markRead(SqlConnection conn, UUID tenantId, UUID id, UUID userId, UUID messageId) {
        return conn.preparedQuery(MARK_READ).execute(Tuple.of(tenantId, id, userId, messageId)).map(r -> r.rowCount() == 1);
    }

    static Future<Conversation> findAny(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND_ANY).execute(Tuple.of(tenantId, id)).map(ConversationStore::firstOrNull);
    }

    private static Conversation firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Conversation.FROM_ROW.apply(rows.iterator().next());
    }
}
