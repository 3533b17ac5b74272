package dev.switchboard.tasks;

import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldSort;
import dev.switchboard.platform.db.Columns;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tasks. Every statement binds the tenant; reads apply the caller's {@link TaskScope}. */
final class TaskStore {

    /** Inserts the tasks of one organization, one array element each ({@link Columns}), in the arrays' order. */
    static final String INSERT_ALL = """
            INSERT INTO tasks AS t (tenant_id, id, title, description, case_id, contact_id, assignee_user_id, assignee_queue_id,
                                    due_at, priority, status, completed_at, created_by, team_id, custom_fields)
            SELECT $1, n.id, n.title, n.description, n.case_id, n.contact_id, n.assignee_user_id, n.assignee_queue_id,
                   n.due_at, n.priority, n.status, n.completed_at, n.created_by, n.team_id, NULLIF(n.custom_fields, 'null')
            FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::timestamptz[],
                        $10::text[], $11::text[], $12::timestamptz[], $13::uuid[], $14::uuid[], $15::jsonb[]) WITH ORDINALITY
                 AS n (id, title, description, case_id, contact_id, assignee_user_id, assignee_queue_id, due_at, priority, status,
                       completed_at, created_by, team_id, custom_fields, position)
            ORDER BY n.position
            RETURNING""" + " " + Task.INSERTED_COLUMNS;
    /** The element types of {@link #INSERT_ALL}'s arrays, $2 to $15. */
    private static final Class<?>[] INSERTED_TYPES = {UUID.class, String.class, String.class, UUID.class, UUID.class, UUID.class,
            UUID.class, OffsetDateTime.class, String.class, String.class, OffsetDateTime.class, UUID.class, UUID.class,
            JsonObject.class};
    static final String FIND = "SELECT " + Task.COLUMNS + " FROM tasks t WHERE t.tenant_id = $1 AND t.id = $2 "
            + "AND t.deleted_at IS NULL AND " + TaskScope.predicate(3);
    static final String LIST = "SELECT " + Task.COLUMNS + " FROM tasks t WHERE t.tenant_id = $1 AND t.deleted_at IS NULL "
            + "AND ($2::uuid IS NULL OR t.id > $2) AND " + TaskScope.predicate(4) + """
             AND ($8::text IS NULL OR t.title ILIKE $8 OR t.description ILIKE $8)
             AND ($9::text IS NULL OR t.status = $9)
             AND ($10::uuid IS NULL OR t.assignee_user_id = $10)
             AND ($11::timestamptz IS NULL OR t.due_at >= $11)
             AND ($12::timestamptz IS NULL OR t.due_at <= $12)
             AND (NOT $13::boolean OR (t.due_at < now() AND t.status NOT IN ('done', 'cancelled')))
             AND ($14::uuid IS NULL OR t.case_id = $14)
             AND ($15::uuid IS NULL OR t.contact_id = $15)
             AND """ + CustomFieldFilter.predicate("t.custom_fields", 16) + " ORDER BY t.id LIMIT $3";
    static final String LIST_NEWEST = Pages.reversed(LIST, "t.id");
    static final String UPDATE = """
            UPDATE tasks SET title = $3, description = $4, case_id = $5, contact_id = $6, assignee_user_id = $7,
                             assignee_queue_id = $8, due_at = $9, priority = $10, status = $11, completed_at = $12,
                             team_id = $13, custom_fields = $15, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $14 AND deleted_at IS NULL""";
    static final String SOFT_DELETE = """
            UPDATE tasks SET deleted_at = now(), version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL""";

    private TaskStore() {
    }

    /** A task to insert: its id, who creates it and its fields. */
    record New(UUID id, UUID createdBy, TaskFields fields) {
    }

    /**
     * Inserts the tasks, all of {@code tenantId}, with one statement: the table's per-statement work (constraints,
     * index predicates, row-level security, the search document trigger's setup) is done once for all of them.
     * Answers them as stored, in order.
     */
    static Future<List<Task>> insertAll(SqlConnection conn, UUID tenantId, List<New> tasks) {
        int n = tasks.size();
        List<Object[]> rows = new ArrayList<>(n);
        for (New t : tasks) {
            TaskFields f = t.fields();
            rows.add(new Object[] {t.id(), f.title(), f.description(), f.caseId(), f.contactId(), f.assigneeUserId(),
                    f.assigneeQueueId(), f.dueAt(), f.priority(), f.status(), f.completedAt(null), t.createdBy(), f.teamId(),
                    f.customFields()});
        }
        Tuple params = Columns.append(Tuple.of(tenantId), rows, INSERTED_TYPES);
        return conn.preparedQuery(INSERT_ALL).execute(params).map(result -> {
            Map<UUID, Task> byId = new HashMap<>(n * 2);
            result.forEach(row -> {
                Task task = Task.FROM_ROW.apply(row);
                byId.put(task.id(), task);
            });
            List<Task> stored = new ArrayList<>(n);
            tasks.forEach(t -> stored.add(byId.get(t.id())));
            return stored;
        });
    }

    /** The task when it exists, is not deleted and is in {@code scope}; else null. */
    static Future<Task> find(SqlConnection conn, UUID tenantId, UUID id, TaskScope scope) {
        return conn.preparedQuery(FIND).execute(scope.bind(Tuple.of(tenantId, id))).map(TaskStore::firstOrNull);
    }

    static Future<List<Task>> list(SqlConnection conn, UUID tenantId, TaskScope scope, TaskFilter f, CustomFieldFilter custom,
                                   Pages page) {
        Tuple params = scope.bind(Tuple.of(tenantId, page.after(), page.limit()))
                .addString(f.pattern()).addString(f.status()).addUUID(f.assigneeUserId())
                .addOffsetDateTime(f.dueFrom()).addOffsetDateTime(f.dueTo()).addBoolean(f.overdue())
                .addUUID(f.caseId()).addUUID(f.contactId());
        custom.bind(params);
        CustomFieldSort.Statement statement = custom.sort().statement(page.newestFirst() ? LIST_NEWEST : LIST, "t.id", "t.custom_fields", params);
        return conn.preparedQuery(statement.sql()).execute(statement.tuple()).map(rows -> {
            List<Task> tasks = new ArrayList<>();
            rows.forEach(row -> tasks.add(Task.FROM_ROW.apply(row)));
            return tasks;
        });
    }

    /** False when {@code version} is stale. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, Task before, TaskFields f, int version) {
        Tuple params = Tuple.of(tenantId, before.id(), f.title(), f.description(), f.caseId(), f.contactId(), f.assigneeUserId(),
                f.assigneeQueueId(), f.dueAt(), f.priority(), f.status(), f.completedAt(before), f.teamId(), version)
                .addValue(f.customFields());
        return conn.preparedQuery(UPDATE).execute(params).map(r -> r.rowCount() == 1);
    }

    static Future<Boolean> softDelete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(SOFT_DELETE).execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() == 1);
    }

    private static Task firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Task.FROM_ROW.apply(rows.iterator().next());
    }
}
