package dev.switchboard.webhooks.inbound;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A tenant's inbound hook: a URL others POST Standard Webhooks-signed events to, and its signing secret. */
public record InboundHook(UUID id, String name, String secret, boolean enabled, int version, OffsetDateTime createdAt,
                          OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, name, secret, enabled, version, created_at, updated_at";

    static final Function<Row, InboundHook> FROM_ROW = row -> new InboundHook(row.getUUID("id"), row.getString("name"),
            row.getString("secret"), row.getBoolean("enabled"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"));

    /** The API view; the secret only appears in the answer to creation. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("enabled", enabled)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    /** This hook with its secret as given: the plaintext after {@link dev.switchboard.platform.secrets.SecretBox#open}. */
    InboundHook withSecret(String plaintext) {
        return new InboundHook(id, name, plaintext, enabled, version, createdAt, updatedAt);
    }

    public JsonObject toJsonWithSecret() {
        return toJson().put("secret", secret);
    }

    /** Never the secret. */
    JsonObject auditView() {
        return new JsonObject().put("name", name).put("enabled", enabled);
    }
}
