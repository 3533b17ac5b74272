package dev.switchboard.identity;

import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** An identity provider group's name mapped to a role (null: none) and teams. */
record GroupMapping(UUID tenantId, UUID id, String groupName, Role role, List<UUID> teamIds, int version, OffsetDateTime createdAt,
                    OffsetDateTime updatedAt) {

    static final String COLUMNS = "tenant_id, id, group_name, role, team_ids, version, created_at, updated_at";

    static final Function<Row, GroupMapping> FROM_ROW = r -> new GroupMapping(r.getUUID("tenant_id"), r.getUUID("id"),
            r.getString("group_name"), r.getString("role") == null ? null : Role.fromWire(r.getString("role")),
            List.of(r.getArrayOfUUIDs("team_ids")), r.getInteger("version"), r.getOffsetDateTime("created_at"),
            r.getOffsetDateTime("updated_at"));

    JsonObject toJson() {
        return auditView()
                .put("id", id.toString())
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject()
                .put("groupName", groupName)
                .put("role", role == null ? null : role.wire())
                .put("teamIds", new JsonArray(teamIds.stream().map(UUID::toString).toList()));
    }
}
