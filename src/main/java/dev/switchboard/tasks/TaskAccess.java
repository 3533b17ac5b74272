package dev.switchboard.tasks;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import dev.switchboard.tenancy.Visibility;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who may do what with a task. Reading follows {@link TaskScope}. Editing: the creator, the assignee and
 * managers (who read all tasks), each with {@code tasks.write}. The assignee may always change the
 * status, comment and log time. Portal customers only read.
 */
public final class TaskAccess implements RecordAccess {

    static final String TYPE = "task";
    /** For reading back a task the caller has just written, whatever their scope is now. */
    static final TaskScope WRITTEN = new TaskScope(new Visibility(true, null, new UUID[0]), null);

    private final Db db;

    public TaskAccess(Db db) {
        this.db = db;
    }

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        return db.inTenant(p.tenantId(), conn -> canRead(conn, p, type, id));
    }

    @Override
    public Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        return TaskStore.find(conn, p.tenantId(), id, TaskScope.of(p)).map(Objects::nonNull);
    }

    /** The task when {@code p} may see it; 404 when it is missing, deleted or out of their scope. */
    static Future<Task> visible(SqlConnection conn, Principal p, UUID id) {
        return TaskStore.find(conn, p.tenantId(), id, TaskScope.of(p)).compose(task -> task == null
                ? Future.failedFuture(ApiException.notFound("task")) : Future.succeededFuture(task));
    }

    static boolean mayEdit(Principal p, Task t) {
        return !p.isCustomer() && p.can(Permission.TASKS_WRITE)
                && (p.userId().equals(t.createdBy()) || t.isAssignee(p.userId()) || p.can(Permission.TASKS_READ_ALL));
    }

    /** Status changes, comments and time logs: editors and the assignee. */
    static boolean mayWorkOn(Principal p, Task t) {
        return mayEdit(p, t) || (!p.isCustomer() && t.isAssignee(p.userId()));
    }

    static <T> Future<T> forbidden(String detail) {
        return Future.failedFuture(ApiException.forbidden(detail));
    }
}
