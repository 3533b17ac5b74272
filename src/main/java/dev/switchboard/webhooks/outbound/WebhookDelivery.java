package dev.switchboard.webhooks.outbound;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** One attempt to deliver one event to one endpoint. */
public record WebhookDelivery(UUID id, UUID endpointId, UUID eventId, String eventType, UUID jobId, int attempt, Integer statusCode,
                              int durationMs, boolean succeeded, String error, OffsetDateTime attemptedAt) {

    static final String COLUMNS = "id, endpoint_id, event_id, event_type, job_id, attempt, status_code, duration_ms, succeeded, "
            + "error, attempted_at";

    static final Function<Row, WebhookDelivery> FROM_ROW = row -> new WebhookDelivery(row.getUUID("id"), row.getUUID("endpoint_id"),
            row.getUUID("event_id"), row.getString("event_type"), row.getUUID("job_id"), row.getInteger("attempt"),
            row.getInteger("status_code"), row.getInteger("duration_ms"), row.getBoolean("succeeded"), row.getString("error"),
            row.getOffsetDateTime("attempted_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("endpointId", endpointId.toString())
                .put("eventId", eventId.toString())
                .put("eventType", eventType)
                .put("jobId", jobId.toString())
                .put("attempt", attempt)
                .put("statusCode", statusCode)
                .put("durationMs", durationMs)
                .put("succeeded", succeeded)
                .put("error", error)
                .put("attemptedAt", Timestamps.format(attemptedAt));
    }
}
