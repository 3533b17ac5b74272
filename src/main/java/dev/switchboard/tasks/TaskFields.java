package dev.switchboard.tasks;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The values of a task a client sets: everything but ids, counters and timestamps the server keeps. */
record TaskFields(String title, String description, UUID caseId, UUID contactId, UUID assigneeUserId, UUID assigneeQueueId,
                  OffsetDateTime dueAt, String priority, String status, UUID teamId, JsonObject customFields) {

    static TaskFields of(Task t) {
        return new TaskFields(t.title(), t.description(), t.caseId(), t.contactId(), t.assigneeUserId(), t.assigneeQueueId(),
                t.dueAt(), t.priority(), t.status(), t.teamId(), t.customFields());
    }

    /** These values with {@code custom} as the custom field map. */
    TaskFields withCustomFields(JsonObject custom) {
        return new TaskFields(title, description, caseId, contactId, assigneeUserId, assigneeQueueId, dueAt, priority, status, teamId,
                custom);
    }

    /**
     * The task these values make when inserted as {@code id} by {@code createdBy}, before the database adds its
     * timestamps: enough for its audit view, which holds nothing the database computes.
     */
    Task unsaved(UUID id, UUID createdBy) {
        return new Task(id, title, description, caseId, contactId, assigneeUserId, assigneeQueueId, dueAt, priority, status,
                completedAt(null), createdBy, teamId, 0, 1, null, null, customFields);
    }

    /** When the task is done: kept from {@code before} while it stays done, now when it becomes done, else none. */
    OffsetDateTime completedAt(Task before) {
        if (!Task.DONE.equals(status)) {
            return null;
        }
        return before != null && Task.DONE.equals(before.status()) ? before.completedAt() : OffsetDateTime.now();
    }
}
