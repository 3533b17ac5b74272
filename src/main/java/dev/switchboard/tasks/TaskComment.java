package dev.switchboard.tasks;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A comment on a task. */
public record TaskComment(UUID id, UUID taskId, UUID authorUserId, String body, OffsetDateTime createdAt) {

    static final String COLUMNS = "c.id, c.task_id, c.author_user_id, c.body, c.created_at";

    static final Function<Row, TaskComment> FROM_ROW = row -> new TaskComment(row.getUUID("id"), row.getUUID("task_id"),
            row.getUUID("author_user_id"), row.getString("body"), row.getOffsetDateTime("created_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("taskId", taskId.toString())
                .put("authorUserId", authorUserId.toString())
                .put("body", body)
                .put("createdAt", Timestamps.format(createdAt));
    }
}
