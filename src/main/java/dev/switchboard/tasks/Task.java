package dev.switchboard.tasks;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** A to-do for a user or a queue, optionally linked to a case and/or a contact. */
public record Task(UUID id, String title, String description, UUID caseId, UUID contactId, UUID assigneeUserId,
                   UUID assigneeQueueId, OffsetDateTime dueAt, String priority, String status, OffsetDateTime completedAt,
                   UUID createdBy, UUID teamId, int totalMinutes, int version, OffsetDateTime createdAt,
                   OffsetDateTime updatedAt, JsonObject customFields) {

    public static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    public static final Set<String> STATUSES = Set.of("open", "in_progress", "done", "cancelled");
    static final String DONE = "done";

    private static final String OWN_COLUMNS = "t.id, t.title, t.description, t.case_id, t.contact_id, t.assignee_user_id, "
            + "t.assignee_queue_id, t.due_at, t.priority, t.status, t.completed_at, t.created_by, t.team_id, t.version, "
            + "t.created_at, t.updated_at, t.custom_fields";

    static final String COLUMNS = OWN_COLUMNS + ", (SELECT coalesce(sum(l.minutes), 0) FROM task_time_logs l "
            + "WHERE l.tenant_id = t.tenant_id AND l.task_id = t.id)::int AS total_minutes";

    /** The columns of a task just inserted: it has no time logged yet. */
    static final String INSERTED_COLUMNS = OWN_COLUMNS + ", 0 AS total_minutes";

    static final Function<Row, Task> FROM_ROW = row -> new Task(row.getUUID("id"), row.getString("title"),
            row.getString("description"), row.getUUID("case_id"), row.getUUID("contact_id"), row.getUUID("assignee_user_id"),
            row.getUUID("assignee_queue_id"), row.getOffsetDateTime("due_at"), row.getString("priority"),
            row.getString("status"), row.getOffsetDateTime("completed_at"), row.getUUID("created_by"), row.getUUID("team_id"),
            row.getInteger("total_minutes"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"), (JsonObject) row.getValue("custom_fields"));

    boolean isAssignee(UUID userId) {
        return userId != null && userId.equals(assigneeUserId);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("title", title)
                .put("description", description)
                .put("caseId", str(caseId))
                .put("contactId", str(contactId))
                .put("assigneeUserId", str(assigneeUserId))
                .put("assigneeQueueId", str(assigneeQueueId))
                .put("dueAt", Timestamps.format(dueAt))
                .put("priority", priority)
                .put("status", status)
                .put("completedAt", Timestamps.format(completedAt))
                .put("createdBy", createdBy.toString())
                .put("teamId", str(teamId))
                .put("totalMinutes", totalMinutes)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt))
                .put("customFields", customFields);
    }

    /** The audit and event view: the fields notifications and workflows decide on. */
    public JsonObject auditView() {
        return new JsonObject()
                .put("title", title)
                .put("status", status)
                .put("priority", priority)
                .put("dueAt", Timestamps.format(dueAt))
                .put("assigneeUserId", str(assigneeUserId))
                .put("assigneeQueueId", str(assigneeQueueId))
                .put("teamId", str(teamId))
                .put("caseId", str(caseId))
                .put("contactId", str(contactId))
                .put("createdBy", createdBy.toString())
                .put("customFields", customFields);
    }

    static String str(UUID id) {
        return id == null ? null : id.toString();
    }
}
