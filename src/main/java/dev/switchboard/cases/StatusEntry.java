package dev.switchboard.cases;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** One move of a case between stages, with who made it and why. */
public record StatusEntry(UUID id, String fromStage, String toStage, String reason, UUID actorUserId, OffsetDateTime at) {

    static final String COLUMNS = "h.id, h.from_stage, h.to_stage, h.reason, h.actor_id, h.at";

    static final Function<Row, StatusEntry> FROM_ROW = row -> new StatusEntry(row.getUUID("id"), row.getString("from_stage"),
            row.getString("to_stage"), row.getString("reason"), row.getUUID("actor_id"), row.getOffsetDateTime("at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("fromStage", fromStage)
                .put("toStage", toStage)
                .put("reason", reason)
                .put("actorUserId", actorUserId == null ? null : actorUserId.toString())
                .put("at", Timestamps.format(at));
    }
}
