package dev.switchboard.replies;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/**
 * A reply template: the organization's (no owner) or one user's own, found by its short code, name or text; its
 * body is a Mustache template filled from a conversation and its contact.
 */
public record CannedResponse(UUID id, UUID ownerUserId, String shortCode, String name, String body, int version,
                             UUID createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String ORGANIZATION = "organization";
    static final String PERSONAL = "personal";

    static final String COLUMNS = "r.id, r.owner_user_id, r.short_code, r.name, r.body, r.version, r.created_by, r.created_at, r.updated_at";

    static final Function<Row, CannedResponse> FROM_ROW = row -> new CannedResponse(row.getUUID("id"), row.getUUID("owner_user_id"),
            row.getString("short_code"), row.getString("name"), row.getString("body"), row.getInteger("version"),
            row.getUUID("created_by"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));

    String scope() {
        return ownerUserId == null ? ORGANIZATION : PERSONAL;
    }

    public JsonObject toJson() {
        return auditView()
                .put("id", id.toString())
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject()
                .put("scope", scope())
                .put("ownerUserId", ownerUserId == null ? null : ownerUserId.toString())
                .put("shortCode", shortCode)
                .put("name", name)
                .put("body", body)
                .put("version", version);
    }
}
