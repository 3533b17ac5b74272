package dev.switchboard.tenancy;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A named group of users, used for visibility, queues and routing. */
public record Team(UUID id, String name, String description, int version, int memberCount, OffsetDateTime createdAt) {

    static final String COLUMNS = "t.id, t.name, t.description, t.version, t.created_at, "
            + "(SELECT count(*) FROM team_members m WHERE m.tenant_id = t.tenant_id AND m.team_id = t.id)::int AS member_count";

    static final Function<Row, Team> FROM_ROW = row -> new Team(row.getUUID("id"), row.getString("name"),
            row.getString("description"), row.getInteger("version"), row.getInteger("member_count"),
            row.getOffsetDateTime("created_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("description", description)
                .put("version", version)
                .put("memberCount", memberCount)
                .put("createdAt", Timestamps.format(createdAt));
    }

    public JsonObject auditView() {
        return new JsonObject().put("name", name).put("description", description);
    }
}
