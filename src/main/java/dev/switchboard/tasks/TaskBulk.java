package dev.switchboard.tasks;

import dev.switchboard.bulk.BulkRequest;
import dev.switchboard.bulk.BulkTarget;
import dev.switchboard.bulk.ItemErrors;
import dev.switchboard.platform.db.Together;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Bulk changes of tasks: a status, an assignee (user or queue), or archiving (the soft delete, with
 * {@code tasks.delete}), for up to 1,000 tasks. Every task is checked as its single change would be; one refusal
 * changes nothing. Tasks carry no labels.
 */
public final class TaskBulk implements BulkTarget {

    private static final Set<String> FIELDS = Set.of(TaskPatch.STATUS, "assigneeUserId", "assigneeQueueId");

    private final Db db;
    private final TaskService tasks;

    public TaskBulk(Db db, TaskService tasks) {
        this.db = db;
        this.tasks = tasks;
    }

    @Override
    public String segment() {
        return "tasks";
    }

    @Override
    public Future<List<UUID>> apply(Principal p, JsonObject body) {
        Validator v = new Validator(body);
        BulkRequest shared = BulkRequest.parse(body, v);
        TaskPatch patch = patch(body, v);
        if (shared.relabels()) {
            v.fail("addLabelIds", "tasks carry no labels");
        }
        if (patch.present().isEmpty() && !shared.archive()) {
            v.fail("body", "names no change (status, assigneeUserId, assigneeQueueId, archive)");
        }
        if (shared.archive() && !patch.present().isEmpty()) {
            v.fail("archive", "cannot be combined with a status or assignee change");
        }
        v.check();
        return db.inTenant(p.tenantId(), conn -> check(conn, p, shared, patch)
                .compose(found -> write(conn, p, shared, patch, found))
                .map(shared.ids()))
                .recover(TaskService::unknownReference);
    }

    private static TaskPatch patch(JsonObject body, Validator v) {
        Set<String> present = new HashSet<>();
        FIELDS.stream().filter(body::containsKey).forEach(present::add);
        String status = present.contains(TaskPatch.STATUS) ? v.oneOf(TaskPatch.STATUS, Task.STATUSES) : null;
        UUID user = BulkRequest.optionalId(body, "assigneeUserId", v);
        UUID queue = BulkRequest.optionalId(body, "assigneeQueueId", v);
        return new TaskPatch(Set.copyOf(present), new TaskFields(null, null, null, null, user, queue, null, null, status, null, null));
    }

    /** Every task read and checked; fails listing every refused one. */
    private static Future<List<Task>> check(SqlConnection conn, Principal p, BulkRequest shared, TaskPatch patch) {
        ItemErrors errors = new ItemErrors(shared.ids());
        List<Task> found = new ArrayList<>();
        return Together.each(shared.ids(), id -> errors.check(id, TaskAccess.visible(conn, p, id).compose(task -> {
            found.add(task);
            return shared.archive() ? TaskService.mayDelete(p) : TaskService.mayChange(p, task, patch);
        }))).compose(v -> errors.verdict()).map(found);
    }

    private Future<Void> write(SqlConnection conn, Principal p, BulkRequest shared, TaskPatch patch, List<Task> found) {
        return Together.each(found, task -> shared.archive() ? tasks.softDelete(conn, p, task) : tasks.change(conn, p, task, patch, null));
    }
}
