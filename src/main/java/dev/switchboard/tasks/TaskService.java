package dev.switchboard.tasks;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.fields.CustomFieldDefinition;
import dev.switchboard.platform.db.CommitMark;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.GroupCommit;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.MultiMap;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Tasks: create, read, list, update and soft delete, with the rules of {@link TaskAccess}. */
public final class TaskService {

    private static final Map<String, String> REFERENCES = Map.of(
            "tasks_assignee_user_fkey", "assigneeUserId", "tasks_assignee_queue_fkey", "assigneeQueueId", "tasks_team_fkey", "teamId");
    private static final Map<String, String> MISSING = Map.of("assigneeUserId", "no such user in your organization",
            "assigneeQueueId", "no such queue in your organization", "teamId", "no such team in your organization");

    /** The most creations one transaction writes. */
    private static final int MAX_GROUP = 100;

    /** The record type tasks' custom field definitions are filed under. */
    static final String RECORD_TYPE = "task";

    private final Db db;
    private final Changes changes;
    private final Records records;
    private final CustomFieldService customFields;
    private final GroupCommit<UUID, Creation, Task> creations;

    public TaskService(Vertx vertx, Db db, Changes changes, Records records, CustomFieldService customFields) {
        this.db = db;
        this.changes = changes;
        this.records = records;
        this.customFields = customFields;
        this.creations = new GroupCommit<>(vertx, MAX_GROUP, this::createAll);
    }

    /**
     * Creates a task; 403 without {@code tasks.write}, 422 naming the field for an assignee, queue or team that is not
     * one of the organization's (or an inactive user), or a case or contact the caller cannot read. Creations of one
     * organization that arrive together share a transaction ({@link #createAll}).
     */
    public Future<Task> create(Principal p, TaskFields fields) {
        p.require(Permission.TASKS_WRITE);
        Creation creation = new Creation(p, Ids.next(), fields, true, CommitMark.pending(p.tenantId()));
        return creations.submit(p.tenantId(), creation)
                .recover(err -> err instanceof GroupFailed ? createAlone(creation) : Future.failedFuture(err))
                .recover(TaskService::unknownReference);
    }

    /** Like {@link #create(Principal, TaskFields)} for an automation, alone: its required custom fields are not enforced. */
    Future<Task> createByAutomation(Principal p, TaskFields fields) {
        p.require(Permission.TASKS_WRITE);
        return createAlone(new Creation(p, Ids.next(), fields, false, null)).recover(TaskService::unknownReference);
    }

    /** Creates {@code c} in a transaction of its own: a group of one. */
    private Future<Task> createAlone(Creation c) {
        return createAll(c.by().tenantId(), List.of(c)).compose(alone -> alone.get(0));
    }

    /** A task to create: who asks, its id, what they gave, whether a person asks, and their request's commit mark (or null). */
    private record Creation(Principal by, UUID id, TaskFields fields, boolean byPerson, CommitMark mark) {
    }

    /** A creation's group transaction failed: it runs again in a transaction of its own, which answers for it alone. */
    private static final class GroupFailed extends RuntimeException {
        GroupFailed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Creates tasks of one organization in one transaction: every creation's checks (link reads, custom field values
     * against definitions read once) come back in the first round trip; then the inserts, their audit entries and
     * events, the commit marks of the creations that passed and {@code COMMIT} leave together (nothing recorded comes
     * from the database). A creation whose checks fail gets its own 4xx and writes nothing. Should the transaction fail,
     * a batch of one gets the failure and each creation of a larger batch runs again alone ({@link GroupFailed}), so no
     * creation answers for another's error.
     */
    private Future<List<Future<Task>>> createAll(UUID tenantId, List<Creation> batch) {
        List<CommitMark> marks = new ArrayList<>(batch.size());
        Future<List<Future<Task>>> written = db.inTenantCommitting(tenantId, () -> marks, conn -> {
            Future<List<CustomFieldDefinition>> definitions = customFields.definitions(conn, tenantId, RECORD_TYPE);
            List<Future<TaskFields>> checked = new ArrayList<>(batch.size());
            for (Creation c : batch) {
                TaskFields f = c.fields();
                Future<Void> links = checkLinks(conn, c.by(), f.caseId(), f.contactId(), f.assigneeUserId());
                Future<JsonObject> values = definitions.compose(d -> customFields.createdValues(conn, tenantId, d, f.customFields(),
                        c.byPerson()));
                checked.add(Future.all(links, values).map(v -> f.withCustomFields(values.result())));
            }
            return Future.join(checked).transform(ignored -> {
                List<TaskStore.New> rows = new ArrayList<>(batch.size());
                List<Changes.Made> made = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    Future<TaskFields> check = checked.get(i);
                    if (check.failed() && !(check.cause() instanceof ApiException)) {
                        return Future.failedFuture(check.cause()); // the database failed: nothing of the batch is written
                    }
                    if (check.succeeded()) {
                        Creation c = batch.get(i);
                        rows.add(new TaskStore.New(c.id(), c.by().userId(), check.result()));
                        made.add(new Changes.Made(c.by(), created(c, check.result())));
                        if (c.mark() != null) {
                            marks.add(c.mark());
                        }
                    }
                }
                Future<List<Task>> inserted = rows.isEmpty() ? Future.succeededFuture(List.of()) : TaskStore.insertAll(conn, tenantId, rows);
                Future<Void> recorded = changes.recordAll(conn, made);
                return Future.succeededFuture(inserted.compose(tasks -> recorded.map(v -> outcomes(checked, tasks))));
            });
        });
        return batch.size() == 1 ? written : written.recover(err -> {
            List<Future<Task>> again = new ArrayList<>(batch.size());
            batch.forEach(c -> again.add(Future.failedFuture(new GroupFailed(err))));
            return Future.succeededFuture(again);
        });
    }

    /** Each creation's outcome: its check's failure, or its task as stored ({@code stored} in the order of those that passed). */
    private static List<Future<Task>> outcomes(List<Future<TaskFields>> checked, List<Task> stored) {
        List<Future<Task>> outcomes = new ArrayList<>(checked.size());
        int next = 0;
        for (Future<TaskFields> check : checked) {
            outcomes.add(check.succeeded() ? Future.succeededFuture(stored.get(next++)) : Future.failedFuture(check.cause()));
        }
        return outcomes;
    }

    private static Change created(Creation c, TaskFields checked) {
        return Change.created("task.created", TaskAccess.TYPE, c.id(), checked.unsaved(c.id(), c.by().userId()).auditView());
    }

    /** The task; 404 when it is missing, deleted or not visible to {@code p}. */
    public Future<Task> get(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> TaskAccess.visible(conn, p, id));
    }

    /** The tasks {@code p} sees that match {@code filter} and the {@code cf.} parameters of {@code query}; 400 for a bad one. */
    public Future<List<Task>> list(Principal p, TaskFilter filter, MultiMap query, Pages page) {
        return db.inTenant(p.tenantId(), conn -> customFields.filter(conn, p.tenantId(), RECORD_TYPE, query, page)
                .compose(custom -> TaskStore.list(conn, p.tenantId(), TaskScope.of(p), filter, custom, page)));
    }

    /**
     * Changes the fields present in {@code patch}: 403 unless {@code p} may edit the task (or only changes the
     * status of a task assigned to them); 409/412 when {@code expected} is stale. A null {@code expected} writes
     * over the version read in this transaction (automation).
     */
    public Future<Task> update(Principal p, UUID id, TaskPatch patch, ExpectedVersion expected) {
        return db.inTenant(p.tenantId(), conn -> TaskAccess.visible(conn, p, id).compose(before -> mayChange(p, before, patch)
                .compose(v -> change(conn, p, before, patch, expected)))).recover(TaskService::unknownReference);
    }

    /** Soft-deletes the task; 403 without {@code tasks.delete} (agents cannot delete tasks). */
    public Future<Void> delete(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> TaskAccess.visible(conn, p, id)
                .compose(task -> mayDelete(p).compose(v -> softDelete(conn, p, task))));
    }

    /** 403 unless {@code p} may edit the task, or {@code patch} only changes the status of a task they work on. */
    static Future<Void> mayChange(Principal p, Task before, TaskPatch patch) {
        boolean allowed = patch.onlyStatus() ? TaskAccess.mayWorkOn(p, before) : TaskAccess.mayEdit(p, before);
        return allowed ? Future.succeededFuture() : TaskAccess.forbidden("you may not change this task");
    }

    static Future<Void> mayDelete(Principal p) {
        return p.can(Permission.TASKS_DELETE) ? Future.succeededFuture()
                : TaskAccess.forbidden("requires permission " + Permission.TASKS_DELETE);
    }

    /** Writes an allowed {@code patch} over {@code before} inside the caller's transaction, with its events. */
    Future<Task> change(SqlConnection conn, Principal p, Task before, TaskPatch patch, ExpectedVersion expected) {
        TaskFields after = patch.applyTo(before);
        return checkLinks(conn, p, changed(after.caseId(), before.caseId()), changed(after.contactId(), before.contactId()),
                        changed(after.assigneeUserId(), before.assigneeUserId()))
                .compose(v -> customFields.values(conn, p.tenantId(), RECORD_TYPE, before.customFields(),
                        patch.present().contains("customFields") ? patch.values().customFields() : null))
                .compose(custom -> TaskStore.update(conn, p.tenantId(), before, after.withCustomFields(custom),
                        ExpectedVersion.orRead(expected, before.version())))
                .compose(updated -> updated ? written(conn, p, before.id())
                        : Future.failedFuture(ExpectedVersion.staleOr(expected, "the task")))
                .compose(task -> recordAll(conn, p, events(before, task)).map(task));
    }

    /** Soft-deletes a task whose deletion is allowed, inside the caller's transaction, with its event. */
    Future<Void> softDelete(SqlConnection conn, Principal p, Task task) {
        return TaskStore.softDelete(conn, p.tenantId(), task.id())
                .compose(v -> changes.record(conn, p, Change.deleted("task.deleted", TaskAccess.TYPE, task.id(), task.auditView())));
    }

    /** One change per thing that happened: assigned, completed, and updated for anything else. */
    private static List<Change> events(Task before, Task after) {
        List<Change> out = new ArrayList<>();
        boolean assigned = !Objects.equals(before.assigneeUserId(), after.assigneeUserId())
                || !Objects.equals(before.assigneeQueueId(), after.assigneeQueueId());
        boolean completed = !Task.DONE.equals(before.status()) && Task.DONE.equals(after.status());
        if (assigned) {
            out.add(change("task.assigned", before, after));
        }
        if (completed) {
            out.add(change("task.completed", before, after));
        }
        boolean otherStatus = !completed && !before.status().equals(after.status());
        if (out.isEmpty() || otherStatus || otherFieldsChanged(before, after)) {
            out.add(change("task.updated", before, after));
        }
        return out;
    }

    private static boolean otherFieldsChanged(Task b, Task a) {
        return !Objects.equals(b.title(), a.title()) || !Objects.equals(b.description(), a.description())
                || !Objects.equals(b.caseId(), a.caseId()) || !Objects.equals(b.contactId(), a.contactId())
                || !Objects.equals(b.dueAt(), a.dueAt()) || !Objects.equals(b.priority(), a.priority())
                || !Objects.equals(b.teamId(), a.teamId()) || !Objects.equals(b.customFields(), a.customFields());
    }

    private static Change change(String action, Task before, Task after) {
        return Change.updated(action, TaskAccess.TYPE, after.id(), before.auditView(), after.auditView());
    }

    private Future<Void> recordAll(SqlConnection conn, Principal p, List<Change> list) {
        Future<Void> chain = Future.succeededFuture();
        for (Change c : list) {
            chain = chain.compose(v -> changes.record(conn, p, c));
        }
        return chain;
    }

    private static Future<Task> written(SqlConnection conn, Principal p, UUID id) {
        return TaskStore.find(conn, p.tenantId(), id, TaskAccess.WRITTEN);
    }

    /**
     * The links and a newly set assignee are checked on the write's own connection; the reads go out together. The
     * foreign keys check the queue and team (and that the assignee is of this organization).
     */
    private Future<Void> checkLinks(SqlConnection conn, Principal p, UUID caseId, UUID contactId, UUID assigneeUserId) {
        Future<Void> caseReadable = records.requireReadable(conn, p, "case", caseId, "caseId");
        Future<Void> contactReadable = records.requireReadable(conn, p, "contact", contactId, "contactId");
        Future<Void> assignee = assigneeUserId == null ? Future.succeededFuture()
                : UserStore.find(conn, p.tenantId(), assigneeUserId).compose(user -> user == null || !user.active()
                        ? Future.failedFuture(ApiException.unknownReference("assigneeUserId", "no active user of your organization has this id"))
                        : Future.succeededFuture());
        return caseReadable.compose(v -> contactReadable).compose(v -> assignee);
    }

    private static UUID changed(UUID now, UUID before) {
        return Objects.equals(now, before) ? null : now;
    }

    /** Maps a missing assignee, queue or team to the 422 naming its field. */
    static <T> Future<T> unknownReference(Throwable err) {
        if (err instanceof StoreException s && s.kind() == StoreException.Kind.MISSING_REFERENCE && REFERENCES.containsKey(s.constraint())) {
            String field = REFERENCES.get(s.constraint());
            return Future.failedFuture(ApiException.unknownReference(field, MISSING.get(field)));
        }
        return Future.failedFuture(err);
    }
}
