package dev.switchboard.tenancy;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A tenant: everything else belongs to exactly one organization. */
public record Organization(UUID id, String name, String slug, String timezone, boolean active, OffsetDateTime createdAt) {

    static final Function<Row, Organization> FROM_ROW = row -> new Organization(
            row.getUUID("id"),
            row.getString("name"),
            row.getString("slug"),
            row.getString("timezone"),
            row.getBoolean("active"),
            row.getOffsetDateTime("created_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("slug", slug)
                .put("timezone", timezone)
                .put("active", active)
                .put("createdAt", Timestamps.format(createdAt));
    }
}
