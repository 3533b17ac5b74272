package dev.switchboard.notifications;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** One notification of one user; {@code count} says how many repeats collapsed into it. */
public record Notification(UUID id, UUID userId, String type, String title, String body, String link, String entityType,
                           UUID entityId, OffsetDateTime readAt, int count, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, user_id, type, title, body, link, entity_type, entity_id, read_at, count, created_at, updated_at";

    static final Function<Row, Notification> FROM_ROW = row -> new Notification(row.getUUID("id"), row.getUUID("user_id"),
            row.getString("type"), row.getString("title"), row.getString("body"), row.getString("link"),
            row.getString("entity_type"), row.getUUID("entity_id"), row.getOffsetDateTime("read_at"), row.getInteger("count"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("type", type)
                .put("title", title)
                .put("body", body)
                .put("link", link)
                .put("entityType", entityType)
                .put("entityId", entityId == null ? null : entityId.toString())
                .put("readAt", Timestamps.format(readAt))
                .put("count", count)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    /** The audit view and event payload; {@code userId} routes it to the user's own channel. */
    JsonObject auditView() {
        return new JsonObject()
                .put("userId", userId.toString())
                .put("type", type)
                .put("title", title)
                .put("link", link)
                .put("entityType", entityType)
                .put("entityId", entityId == null ? null : entityId.toString())
                .put("count", count)
                .put("read", readAt != null);
    }
}
