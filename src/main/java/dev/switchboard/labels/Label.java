package dev.switchboard.labels;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A managed label of an organization: a name unique whatever its case, a {@code #rrggbb} colour and a description. */
public record Label(UUID id, String name, String color, String description, int version, OffsetDateTime createdAt,
                    OffsetDateTime updatedAt) {

    static final String COLUMNS = "l.id, l.name, l.color, l.description, l.version, l.created_at, l.updated_at";

    static final Function<Row, Label> FROM_ROW = row -> new Label(row.getUUID("id"), row.getString("name"), row.getString("color"),
            row.getString("description"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("color", color)
                .put("description", description)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject().put("name", name).put("color", color).put("description", description);
    }
}
