package dev.switchboard.conversations;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** An omnichannel thread with a contact, as one caller sees it (with that caller's unread count). */
public record Conversation(UUID id, String channel, UUID contactId, String subject, String status, OffsetDateTime snoozedUntil,
                           String priority, UUID assigneeUserId, UUID teamId, List<String> labels, OffsetDateTime lastMessageAt,
                           UUID createdBy, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt, int unreadCount,
                           JsonObject customFields) {

    public static final Set<String> CHANNELS = Set.of("email", "web_chat", "sms", "internal");
    public static final Set<String> STATUSES = Set.of("open", "pending", "snoozed", "resolved", "closed");
    public static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");

    static final String COLUMNS = "c.id, c.channel, c.contact_id, c.subject, c.status, c.snoozed_until, c.priority, "
            + "c.assignee_user_id, c.team_id, c.labels, c.last_message_at, c.created_by, c.version, c.created_at, c.updated_at, "
            + "c.custom_fields";

    static final Function<Row, Conversation> FROM_ROW = row -> new Conversation(row.getUUID("id"), row.getString("channel"),
            row.getUUID("contact_id"), row.getString("subject"), row.getString("status"), row.getOffsetDateTime("snoozed_until"),
            row.getString("priority"), row.getUUID("assignee_user_id"), row.getUUID("team_id"),
            List.of(row.getArrayOfStrings("labels")), row.getOffsetDateTime("last_message_at"), row.getUUID("created_by"),
            row.getInteger("version"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"),
            row.getInteger("unread_count"), (JsonObject) row.getValue("custom_fields"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("channel", channel)
                .put("contactId", str(contactId))
                .put("subject", subject)
                .put("status", status)
                .put("snoozedUntil", Timestamps.format(snoozedUntil))
                .put("priority", priority)
                .put("assigneeUserId", str(assigneeUserId))
                .put("teamId", str(teamId))
                .put("labels", new JsonArray(labels))
                .put("lastMessageAt", Timestamps.format(lastMessageAt))
                .put("unreadCount", unreadCount)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt))
                .put("customFields", customFields);
    }

    /** The audit view and event payload: the meaningful fields, including the ones notifications route by. */
    public JsonObject auditView() {
        return new JsonObject()
                .put("channel", channel)
                .put("contactId", str(contactId))
                .put("subject", subject)
                .put("status", status)
                .put("snoozedUntil", Timestamps.format(snoozedUntil))
                .put("priority", priority)
                .put("assigneeUserId", str(assigneeUserId))
                .put("teamId", str(teamId))
                .put("labels", new JsonArray(labels))
                .put("customFields", customFields);
    }

    static String str(UUID id) {
        return id == null ? null : id.toString();
    }
}
