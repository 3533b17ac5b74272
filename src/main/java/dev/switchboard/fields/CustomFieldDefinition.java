package dev.switchboard.fields;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A typed field an organization adds to one record type. {@code key} names the value in the records' custom field
 * map and never changes; {@code label} is what people see. An archived field takes no new values; stored ones stay.
 */
public record CustomFieldDefinition(UUID id, String recordType, String key, String label, String type, List<String> options,
                                    boolean required, Object defaultValue, int position, int version, OffsetDateTime createdAt,
                                    OffsetDateTime updatedAt, OffsetDateTime archivedAt) {

    static final String COLUMNS = "d.id, d.record_type, d.key, d.label, d.type, d.options, d.required, d.default_value::text AS default_value, "
            + "d.position, d.version, d.created_at, d.updated_at, d.archived_at";

    static final Function<Row, CustomFieldDefinition> FROM_ROW = row -> new CustomFieldDefinition(row.getUUID("id"),
            row.getString("record_type"), row.getString("key"), row.getString("label"), row.getString("type"),
            List.of(row.getArrayOfStrings("options")), row.getBoolean("required"), decode(row.getString("default_value")),
            row.getInteger("position"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("archived_at"));

    private static Object decode(String json) {
        return json == null ? null : io.vertx.core.json.Json.decodeValue(json);
    }

    public boolean archived() {
        return archivedAt != null;
    }

    public JsonObject toJson() {
        return auditView()
                .put("id", id.toString())
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt))
                .put("archivedAt", Timestamps.format(archivedAt));
    }

    JsonObject auditView() {
        return new JsonObject()
                .put("recordType", recordType)
                .put("key", key)
                .put("label", label)
                .put("type", type)
                .put("options", new JsonArray(options))
                .put("required", required)
                .put("default", defaultValue)
                .put("position", position)
                .put("archived", archived());
    }
}
