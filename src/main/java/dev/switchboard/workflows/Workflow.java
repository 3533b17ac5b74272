package dev.switchboard.workflows;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** An automation rule of one organization: a checked definition, on or off, at a version. */
record Workflow(UUID tenantId, UUID id, String name, String description, Definition definition, boolean enabled, int version,
                UUID createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime enabledAt) {

    static final String COLUMNS = "w.tenant_id, w.id, w.name, w.description, w.definition, w.enabled, w.version, w.created_by, "
            + "w.created_at, w.updated_at, w.enabled_at";

    static final Function<Row, Workflow> FROM_ROW = row -> new Workflow(row.getUUID("tenant_id"), row.getUUID("id"),
            row.getString("name"), row.getString("description"), Definition.fromJson((JsonObject) row.getValue("definition")),
            row.getBoolean("enabled"), row.getInteger("version"), row.getUUID("created_by"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("enabled_at"));

    String triggerType() {
        return definition.triggerType();
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("description", description)
                .put("enabled", enabled)
                .put("version", version)
                .put("definition", definition.toJson())
                .put("createdBy", createdBy.toString())
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject().put("name", name).put("enabled", enabled).put("triggerType", triggerType()).put("version", version)
                .put("status", enabled ? "enabled" : "disabled");
    }
}
