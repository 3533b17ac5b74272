package dev.switchboard.tasks;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * Comments and time logs on tasks: staff who see a task read them; editors and the assignee add them.
 * Portal customers read the task itself but not this internal activity (403).
 */
public final class TaskActivityService {

    private final Db db;
    private final Changes changes;

    public TaskActivityService(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    public Future<List<TaskComment>> comments(Principal p, UUID taskId, Pages page) {
        return db.inTenant(p.tenantId(), conn -> readable(conn, p, taskId)
                .compose(task -> TaskActivityStore.comments(conn, p.tenantId(), taskId, page)));
    }

    /** Adds a comment; 404 for an invisible task, 403 unless {@code p} may work on it. */
    public Future<TaskComment> comment(Principal p, UUID taskId, String body) {
        return db.inTenant(p.tenantId(), conn -> workable(conn, p, taskId).compose(task ->
                TaskActivityStore.insertComment(conn, p.tenantId(), Ids.next(), taskId, p.userId(), body)
                        .compose(comment -> changes.record(conn, p, activity("task.commented", task, new JsonObject()
                                .put("commentId", comment.id().toString()).put("comment", body))).map(comment))));
    }

    public Future<List<TaskTimeLog>> timeLogs(Principal p, UUID taskId, Pages page) {
        return db.inTenant(p.tenantId(), conn -> readable(conn, p, taskId)
                .compose(task -> TaskActivityStore.timeLogs(conn, p.tenantId(), taskId, page)));
    }

    /** Logs time; 404 for an invisible task, 403 unless {@code p} may work on it. */
    public Future<TaskTimeLog> logTime(Principal p, UUID taskId, TaskTimeLog.Input input) {
        return db.inTenant(p.tenantId(), conn -> workable(conn, p, taskId).compose(task ->
                TaskActivityStore.insertTimeLog(conn, p.tenantId(), Ids.next(), taskId, p.userId(), input)
                        .compose(log -> TaskStore.find(conn, p.tenantId(), taskId, TaskAccess.WRITTEN)
                                .compose(now -> changes.record(conn, p, activity("task.time_logged", now, new JsonObject()
                                        .put("timeLogId", log.id().toString()).put("minutes", log.minutes())
                                        .put("totalMinutes", now.totalMinutes()))))
                                .map(log))));
    }

    private static Future<Task> readable(SqlConnection conn, Principal p, UUID taskId) {
        return TaskAccess.visible(conn, p, taskId).compose(task -> p.isCustomer()
                ? TaskAccess.forbidden("task activity is internal") : Future.succeededFuture(task));
    }

    private static Future<Task> workable(SqlConnection conn, Principal p, UUID taskId) {
        return TaskAccess.visible(conn, p, taskId).compose(task -> TaskAccess.mayWorkOn(p, task)
                ? Future.succeededFuture(task) : TaskAccess.forbidden("you may not work on this task"));
    }

    /** The task's view as it is, plus what was added. */
    private static Change activity(String action, Task task, JsonObject added) {
        return Change.created(action, TaskAccess.TYPE, task.id(), task.auditView().mergeIn(added));
    }
}
