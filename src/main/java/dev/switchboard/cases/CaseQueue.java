package dev.switchboard.cases;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A queue cases wait in until someone claims them; bound to a team (whose members see it) or to nobody (everyone). */
public record CaseQueue(UUID id, String name, String description, UUID teamId, int version, OffsetDateTime createdAt,
                        OffsetDateTime updatedAt) {

    static final String COLUMNS = "q.id, q.name, q.description, q.team_id, q.version, q.created_at, q.updated_at";

    static final Function<Row, CaseQueue> FROM_ROW = row -> new CaseQueue(row.getUUID("id"), row.getString("name"),
            row.getString("description"), row.getUUID("team_id"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("description", description)
                .put("teamId", teamId == null ? null : teamId.toString())
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject().put("name", name).put("description", description)
                .put("teamId", teamId == null ? null : teamId.toString());
    }
}
