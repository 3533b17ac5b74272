package dev.switchboard.webhooks.outbound;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A tenant's receiver of domain events: where to POST them, which event types, and the signing secret. */
public record WebhookEndpoint(UUID id, String url, String description, List<String> eventTypes, String secret, boolean enabled,
                              String disabledReason, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, url, description, event_types, secret, enabled, disabled_reason, version, created_at, updated_at";

    static final Function<Row, WebhookEndpoint> FROM_ROW = row -> new WebhookEndpoint(row.getUUID("id"), row.getString("url"),
            row.getString("description"), Arrays.asList(row.getArrayOfStrings("event_types")), row.getString("secret"),
            row.getBoolean("enabled"), row.getString("disabled_reason"), row.getInteger("version"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));

    /** The API view; the secret only appears in the answer to creation. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("url", url)
                .put("description", description)
                .put("eventTypes", new JsonArray(eventTypes))
                .put("enabled", enabled)
                .put("disabledReason", disabledReason)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    /** This endpoint with its secret as given (the plaintext, for the answer to creation). */
    WebhookEndpoint withSecret(String plaintext) {
        return new WebhookEndpoint(id, url, description, eventTypes, plaintext, enabled, disabledReason, version, createdAt, updatedAt);
    }

    public JsonObject toJsonWithSecret() {
        return toJson().put("secret", secret);
    }

    /** Never the secret. */
    JsonObject auditView() {
        return new JsonObject().put("url", url).put("eventTypes", new JsonArray(eventTypes)).put("enabled", enabled);
    }
}
