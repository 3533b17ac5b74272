package dev.switchboard.events;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/**
 * An event a work consumer gave up on after its attempts, waiting for an admin to retry it.
 *
 * @param status {@code parked}, or {@code applied} in the answer to a retry that succeeded
 */
public record ParkedEvent(UUID id, String consumer, UUID eventId, String eventType, long position, int attempts,
                          String lastError, OffsetDateTime parkedAt, String status) {

    static final String COLUMNS = "id, consumer, event_id, event_type, position, attempts, last_error, parked_at";

    static final Function<Row, ParkedEvent> FROM_ROW = row -> new ParkedEvent(row.getUUID("id"), row.getString("consumer"),
            row.getUUID("event_id"), row.getString("event_type"), row.getLong("position"), row.getInteger("attempts"),
            row.getString("last_error"), row.getOffsetDateTime("parked_at"), "parked");

    ParkedEvent applied() {
        return new ParkedEvent(id, consumer, eventId, eventType, position, attempts, lastError, parkedAt, "applied");
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("consumer", consumer)
                .put("eventId", eventId.toString())
                .put("eventType", eventType)
                .put("position", position)
                .put("attempts", attempts)
                .put("lastError", lastError)
                .put("parkedAt", parkedAt.toInstant().toString())
                .put("status", status);
    }

    JsonObject auditView() {
        return new JsonObject().put("consumer", consumer).put("eventId", eventId.toString()).put("eventType", eventType)
                .put("attempts", attempts);
    }
}
