package dev.switchboard.views;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A user's named filter and sort set for one record list, private or shared with a team or the organization. */
public record SavedView(UUID id, UUID ownerUserId, String name, String resourceType, JsonObject filters, String sort,
                        String visibility, UUID teamId, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "v.id, v.owner_user_id, v.name, v.resource_type, v.filters, v.sort, v.visibility, v.team_id, "
            + "v.version, v.created_at, v.updated_at";

    static final Function<Row, SavedView> FROM_ROW = row -> new SavedView(row.getUUID("id"), row.getUUID("owner_user_id"),
            row.getString("name"), row.getString("resource_type"), (JsonObject) row.getValue("filters"), row.getString("sort"),
            row.getString("visibility"), row.getUUID("team_id"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"));

    public JsonObject toJson() {
        return auditView()
                .put("id", id.toString())
                .put("ownerUserId", ownerUserId.toString())
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject()
                .put("name", name)
                .put("resourceType", resourceType)
                .put("filters", filters.copy())
                .put("sort", sort)
                .put("visibility", visibility)
                .put("teamId", teamId == null ? null : teamId.toString());
    }
}
