package dev.switchboard.contacts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Moves everything that refers to one contact ($2) to another ($3) of the same organization ($1), in one statement:
 * cases, tasks, conversations, message senders, notes, appointment attendance and links, portal users, pending
 * invites and the contact's timeline. Where the survivor already attends an appointment, is already linked to it or
 * already has a timeline entry, the merged contact's duplicate row is dropped instead of moved.
 */
final class DuplicateMergeStore {

    static final String LOCK = """
            SELECT id FROM contacts WHERE tenant_id = $1 AND id IN ($2, $3) ORDER BY id FOR UPDATE""";
    static final String MARK_MERGED = """
            UPDATE contacts SET archived_at = coalesce(archived_at, now()), merged_into_id = $3, version = version + 1,
                   updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND merged_into_id IS NULL""";
    static final String MOVE = """
            WITH moved_cases AS (
                UPDATE cases SET contact_id = $3, version = version + 1, updated_at = now()
                WHERE tenant_id = $1 AND contact_id = $2 RETURNING 1),
            moved_tasks AS (
                UPDATE tasks SET contact_id = $3, version = version + 1, updated_at = now()
                WHERE tenant_id = $1 AND contact_id = $2 RETURNING 1),
            moved_conversations AS (
                UPDATE conversations SET contact_id = $3, version = version + 1, updated_at = now()
                WHERE tenant_id = $1 AND contact_id = $2 RETURNING 1),
            moved_messages AS (
                UPDATE messages SET sender_contact_id = $3 WHERE tenant_id = $1 AND sender_contact_id = $2 RETURNING 1),
            moved_notes AS (
                UPDATE notes SET entity_id = $3 WHERE tenant_id = $1 AND entity_type = 'contact' AND entity_id = $2 RETURNING 1),
            dropped_attendees AS (
                DELETE FROM appointment_attendees a WHERE a.tenant_id = $1 AND a.contact_id = $2 AND EXISTS (
                    SELECT 1 FROM appointment_attendees s
                    WHERE s.tenant_id = $1 AND s.appointment_id = a.appointment_id AND s.contact_id = $3) RETURNING 1),
            moved_attendees AS (
                UPDATE appointment_attendees a SET contact_id = $3 WHERE a.tenant_id = $1 AND a.contact_id = $2 AND NOT EXISTS (
                    SELECT 1 FROM appointment_attendees s
                    WHERE s.tenant_id = $1 AND s.appointment_id = a.appointment_id AND s.contact_id = $3) RETURNING 1),
            dropped_links AS (
                DELETE FROM appointment_links l WHERE l.tenant_id = $1 AND l.entity_type = 'contact' AND l.entity_id = $2
                  AND EXISTS (SELECT 1 FROM appointment_links s WHERE s.tenant_id = $1 AND s.appointment_id = l.appointment_id
                                 AND s.entity_type = 'contact' AND s.entity_id = $3) RETURNING 1),
            moved_links AS (
                UPDATE appointment_links l SET entity_id = $3 WHERE l.tenant_id = $1 AND l.entity_type = 'contact' AND l.entity_id = $2
                  AND NOT EXISTS (SELECT 1 FROM appointment_links s WHERE s.tenant_id = $1 AND s.appointment_id = l.appointment_id
                                     AND s.entity_type = 'contact' AND s.entity_id = $3) RETURNING 1),
            moved_users AS (
                UPDATE users SET contact_id = $3 WHERE tenant_id = $1 AND contact_id = $2 RETURNING id),
            moved_invites AS (
                UPDATE invites SET contact_id = $3 WHERE tenant_id = $1 AND contact_id = $2 RETURNING 1),
            dropped_entries AS (
                DELETE FROM timeline_entries e WHERE e.tenant_id = $1 AND e.record_type = 'contact' AND e.record_id = $2
                  AND EXISTS (SELECT 1 FROM timeline_entries s WHERE s.tenant_id = $1 AND s.record_type = 'contact'
                                 AND s.record_id = $3 AND s.entry_id = e.entry_id) RETURNING 1),
            moved_entries AS (
                UPDATE timeline_entries e SET record_id = $3 WHERE e.tenant_id = $1 AND e.record_type = 'contact' AND e.record_id = $2
                  AND NOT EXISTS (SELECT 1 FROM timeline_entries s WHERE s.tenant_id = $1 AND s.record_type = 'contact'
                                     AND s.record_id = $3 AND s.entry_id = e.entry_id) RETURNING 1),
            moved_parents AS (
                UPDATE timeline_parents SET contact_id = $3 WHERE tenant_id = $1 AND contact_id = $2 RETURNING 1)
            SELECT (SELECT count(*) FROM moved_cases)::int AS cases,
                   (SELECT count(*) FROM moved_tasks)::int AS tasks,
                   (SELECT count(*) FROM moved_conversations)::int AS conversations,
                   (SELECT count(*) FROM moved_messages)::int AS messages,
                   (SELECT count(*) FROM moved_notes)::int AS notes,
                   (SELECT count(*) FROM moved_attendees)::int + (SELECT count(*) FROM dropped_attendees)::int AS appointments,
                   (SELECT count(*) FROM moved_links)::int + (SELECT count(*) FROM dropped_links)::int AS appointment_links,
                   (SELECT count(*) FROM moved_users)::int AS portal_users,
                   (SELECT coalesce(array_agg(id::text), '{}') FROM moved_users) AS portal_user_ids,
                   (SELECT count(*) FROM moved_invites)::int AS invites,
                   (SELECT count(*) FROM moved_entries)::int + (SELECT count(*) FROM dropped_entries)::int AS timeline_entries,
                   (SELECT count(*) FROM moved_parents)::int AS timeline_parents""";

    private DuplicateMergeStore() {
    }

    /** Locks both contacts' rows, in id order so two opposite merges cannot deadlock. */
    static Future<Void> lock(SqlConnection conn, UUID tenantId, UUID survivorId, UUID mergedId) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(tenantId, survivorId, mergedId)).mapEmpty();
    }

    /** Archives the merged contact with its pointer to the survivor; false when it was merged already. */
    static Future<Boolean> markMerged(SqlConnection conn, UUID tenantId, UUID mergedId, UUID survivorId) {
        return conn.preparedQuery(MARK_MERGED).execute(Tuple.of(tenantId, mergedId, survivorId)).map(r -> r.rowCount() == 1);
    }

    /** Moves every reference; answers how many rows of each kind moved, and which portal users now see the survivor. */
    static Future<JsonObject> moveReferences(SqlConnection conn, UUID tenantId, UUID mergedId, UUID survivorId) {
        return conn.preparedQuery(MOVE).execute(Tuple.of(tenantId, mergedId, survivorId)).map(rows -> {
            Row row = rows.iterator().next();
            return new JsonObject().put("cases", row.getInteger("cases")).put("tasks", row.getInteger("tasks"))
                    .put("conversations", row.getInteger("conversations")).put("messages", row.getInteger("messages"))
                    .put("notes", row.getInteger("notes")).put("appointments", row.getInteger("appointments"))
                    .put("appointmentLinks", row.getInteger("appointment_links")).put("portalUsers", row.getInteger("portal_users"))
                    .put("invites", row.getInteger("invites")).put("timelineEntries", row.getInteger("timeline_entries"))
                    .put("timelineParents", row.getInteger("timeline_parents"))
                    .put("portalUserIds", new JsonArray(List.of(row.getArrayOfStrings("portal_user_ids"))));
        });
    }
}
