package dev.switchboard.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A group as the identity provider pushed it, with its members' ids and display names. */
record ScimGroup(UUID tenantId, UUID id, String displayName, String externalId, int version, OffsetDateTime createdAt,
                 OffsetDateTime updatedAt, List<Member> members) {

    static final String COLUMNS = "tenant_id, id, display_name, external_id, version, created_at, updated_at";

    /** One member: a user of the organization. */
    record Member(UUID userId, String display) {
    }

    static final Function<Row, ScimGroup> FROM_ROW = r -> new ScimGroup(r.getUUID("tenant_id"), r.getUUID("id"),
            r.getString("display_name"), r.getString("external_id"), r.getInteger("version"), r.getOffsetDateTime("created_at"),
            r.getOffsetDateTime("updated_at"), List.of());

    ScimGroup withMembers(List<Member> members) {
        return new ScimGroup(tenantId, id, displayName, externalId, version, createdAt, updatedAt, List.copyOf(members));
    }

    JsonObject auditView() {
        JsonArray ids = new JsonArray();
        members.forEach(m -> ids.add(m.userId().toString()));
        return new JsonObject().put("displayName", displayName).put("externalId", externalId).put("memberIds", ids);
    }
}
