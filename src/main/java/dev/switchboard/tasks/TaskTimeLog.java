package dev.switchboard.tasks;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** Time a user spent on a task. */
public record TaskTimeLog(UUID id, UUID taskId, UUID userId, int minutes, String note, OffsetDateTime loggedAt,
                          OffsetDateTime createdAt) {

    static final String COLUMNS = "l.id, l.task_id, l.user_id, l.minutes, l.note, l.logged_at, l.created_at";

    static final Function<Row, TaskTimeLog> FROM_ROW = row -> new TaskTimeLog(row.getUUID("id"), row.getUUID("task_id"),
            row.getUUID("user_id"), row.getInteger("minutes"), row.getString("note"), row.getOffsetDateTime("logged_at"),
            row.getOffsetDateTime("created_at"));

    /** What a client logs. */
    record Input(int minutes, String note, OffsetDateTime loggedAt) {
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("taskId", taskId.toString())
                .put("userId", userId.toString())
                .put("minutes", minutes)
                .put("note", note)
                .put("loggedAt", Timestamps.format(loggedAt))
                .put("createdAt", Timestamps.format(createdAt));
    }
}
