package dev.switchboard.webhooks.inbound;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** One stored provider event: the raw body exactly as received, its headers, and how processing went. */
public record InboxEvent(UUID tenantId, UUID id, String provider, UUID hookId, String eventId, byte[] body, JsonObject headers,
                         String status, int attempts, String lastError, OffsetDateTime receivedAt, OffsetDateTime processedAt) {

    public static final String RECEIVED = "received";
    public static final String PROCESSED = "processed";
    public static final String DEAD = "dead";

    static final String COLUMNS = "tenant_id, id, provider, hook_id, event_id, body, headers, status, attempts, last_error, "
            + "received_at, processed_at";

    static final Function<Row, InboxEvent> FROM_ROW = row -> new InboxEvent(row.getUUID("tenant_id"), row.getUUID("id"),
            row.getString("provider"), row.getUUID("hook_id"), row.getString("event_id"), row.getBuffer("body").getBytes(),
            (JsonObject) row.getValue("headers"), row.getString("status"), row.getInteger("attempts"), row.getString("last_error"),
            row.getOffsetDateTime("received_at"), row.getOffsetDateTime("processed_at"));

    /** The list view: no body, no headers. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("provider", provider)
                .put("hookId", hookId == null ? null : hookId.toString())
                .put("eventId", eventId)
                .put("status", status)
                .put("attempts", attempts)
                .put("lastError", lastError)
                .put("receivedAt", Timestamps.format(receivedAt))
                .put("processedAt", processedAt == null ? null : Timestamps.format(processedAt));
    }

    /** The inspection view: the headers, and the body as text (it was verified as UTF-8 JSON before storing). */
    public JsonObject toDetailJson() {
        return toJson().put("headers", headers).put("body", new String(body, StandardCharsets.UTF_8));
    }

    Buffer bodyBuffer() {
        return Buffer.buffer(body);
    }

    JsonObject auditView() {
        return new JsonObject().put("provider", provider).put("eventId", eventId).put("status", status)
                .put("hookId", hookId == null ? null : hookId.toString());
    }

    /**
     * Whether processing should run: received, or dead. A dead event runs again only when an admin asked (a retried
     * dead job, a retried parked event), and that retry must process it rather than report success.
     */
    boolean processable() {
        return RECEIVED.equals(status) || DEAD.equals(status);
    }
}
