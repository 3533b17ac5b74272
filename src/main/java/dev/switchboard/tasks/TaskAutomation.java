package dev.switchboard.tasks;

import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Tasks for automation (workflow actions): the same service and rules as the API, driven by request-shaped
 * JSON. Bodies are checked exactly as the API checks them (400 with field errors).
 */
public final class TaskAutomation {

    private final TaskService tasks;

    public TaskAutomation(TaskService tasks) {
        this.tasks = tasks;
    }

    /**
     * Creates a task from a body as {@code POST /api/v1/tasks} takes it; completes with the task as the API shows it.
     * Custom field defaults fill in, but a required custom field is not enforced: nobody is there to give it.
     */
    public Future<JsonObject> create(Principal p, JsonObject body) {
        return tasks.createByAutomation(p, TaskRequests.create(body)).map(Task::toJson);
    }

    /** Applies a patch as {@code PATCH /api/v1/tasks/{id}} takes it, to the task as it stands. */
    public Future<JsonObject> update(Principal p, UUID id, JsonObject patch) {
        return tasks.update(p, id, TaskRequests.patch(patch), null).map(Task::toJson);
    }
}
