package dev.switchboard.workflows;

import dev.switchboard.platform.db.Columns;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The records projection: the latest audit view of each case, contact, conversation, task and appointment,
 * kept from their events, with due time, status, assignee and last activity. Every statement binds the tenant.
 */
final class RecordStore {

    /** The record types projected. */
    static final Set<String> TYPES = Set.of("case", "contact", "conversation", "task", "appointment");
    /** Statuses that no longer count as open work (due, overdue, load). */
    static final String[] CLOSED = {"done", "cancelled", "closed", "resolved", "won", "lost", "archived"};

    /** Inserts or updates records of tenant $1, one array element each ({@link Columns}), at most one per record. */
    static final String UPSERT_ALL = """
            INSERT INTO workflow_records AS r (tenant_id, entity_type, entity_id, view, due_at, status, assignee_user_id,
                                               last_activity_at)
            SELECT $1, p.entity_type, p.entity_id, NULLIF(p.view, 'null'), p.due_at, p.status, p.assignee_user_id, p.at
            FROM unnest($2::text[], $3::uuid[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::uuid[], $8::timestamptz[])
                 AS p (entity_type, entity_id, view, due_at, status, assignee_user_id, at)
            ON CONFLICT (tenant_id, entity_type, entity_id) DO UPDATE SET view = excluded.view, due_at = excluded.due_at,
                status = excluded.status, assignee_user_id = excluded.assignee_user_id,
                last_activity_at = GREATEST(r.last_activity_at, excluded.last_activity_at)""";
    /** Removes records of tenant $1, one array element each. */
    static final String DELETE_ALL = """
            DELETE FROM workflow_records r USING unnest($2::text[], $3::uuid[]) AS p (entity_type, entity_id)
            WHERE r.tenant_id = $1 AND r.entity_type = p.entity_type AND r.entity_id = p.entity_id""";
    /** The views of records $3 of type $2, for a batch of clock triggers. */
    static final String FIND_ALL = """
            SELECT r.entity_id, r.view FROM workflow_records r WHERE r.tenant_id = $1 AND r.entity_type = $2 AND r.entity_id = ANY($3)""";
    /**
     * Open records of type $2 whose due time lies in ($4, $3] and that workflow $6 has not fired for at that due
     * time yet (the caller shifts the window for "before due" and "after due").
     */
    static final String DUE = """
            SELECT r.entity_id, r.view, r.due_at AS at FROM workflow_records r
            WHERE r.tenant_id = $1 AND r.entity_type = $2 AND r.due_at IS NOT NULL AND r.due_at <= $3 AND r.due_at > $4
              AND NOT (coalesce(r.status, '') = ANY($5))
              AND NOT EXISTS (SELECT 1 FROM workflow_clock_fires f WHERE f.tenant_id = $1 AND f.workflow_id = $6
                              AND f.record_key = r.entity_id::text AND f.due_at = r.due_at)
            ORDER BY r.due_at LIMIT $7""";
    /** Open records of type $2 whose last activity lies in ($4, $3] and that workflow $6 has not fired for since. */
    static final String INACTIVE = """
            SELECT r.entity_id, r.view, r.last_activity_at AS at FROM workflow_records r
            WHERE r.tenant_id = $1 AND r.entity_type = $2 AND r.last_activity_at <= $3 AND r.last_activity_at > $4
              AND NOT (coalesce(r.status, '') = ANY($5))
              AND NOT EXISTS (SELECT 1 FROM workflow_clock_fires f WHERE f.tenant_id = $1 AND f.workflow_id = $6
                              AND f.record_key = r.entity_id::text AND f.due_at = r.last_activity_at)
            ORDER BY r.last_activity_at LIMIT $7""";
    /** How many open records of type $2 each of $3 is assigned. */
    static final String LOAD = """
            SELECT r.assignee_user_id, count(*) AS open FROM workflow_records r
            WHERE r.tenant_id = $1 AND r.entity_type = $2 AND r.assignee_user_id = ANY($3) AND NOT (coalesce(r.status, '') = ANY($4))
            GROUP BY r.assignee_user_id""";

    private RecordStore() {
    }

    /** Changes to several records of one tenant, written with one statement for the upserts and one for the removals. */
    static final class Changes {

        private static final Class<?>[] UPSERTED = {String.class, UUID.class, JsonObject.class, OffsetDateTime.class,
                String.class, UUID.class, OffsetDateTime.class};
        private static final Class<?>[] REMOVED = {String.class, UUID.class};

        private final UUID tenantId;
        private final List<Object[]> upserts = new ArrayList<>();
        private final List<Object[]> removals = new ArrayList<>();

        Changes(UUID tenantId) {
            this.tenantId = tenantId;
        }

        /** Record {@code id} of {@code type} now has {@code view} (null: it is gone), with activity at {@code at}. */
        void add(String type, UUID id, JsonObject view, OffsetDateTime at) {
            if (view == null) {
                removals.add(new Object[] {type, id});
                return;
            }
            String assignee = view.getString("assigneeUserId", view.getString("ownerUserId"));
            upserts.add(new Object[] {type, id, view, view.getValue("dueAt") instanceof String s ? parse(s) : null,
                    view.getString("status"), assignee == null ? null : UUID.fromString(assignee), at});
        }

        Future<Void> write(SqlClient conn) {
            Future<?> upserted = upserts.isEmpty() ? Future.succeededFuture()
                    : conn.preparedQuery(UPSERT_ALL).execute(Columns.append(Tuple.of(tenantId), upserts, UPSERTED));
            Future<?> removed = removals.isEmpty() ? Future.succeededFuture()
                    : conn.preparedQuery(DELETE_ALL).execute(Columns.append(Tuple.of(tenantId), removals, REMOVED));
            return Future.all(upserted, removed).mapEmpty();
        }
    }

    /** The views of those of {@code ids} that are projected, by id. */
    static Future<Map<UUID, JsonObject>> findAll(SqlClient conn, UUID tenantId, String type, List<UUID> ids) {
        return conn.preparedQuery(FIND_ALL).execute(Tuple.of(tenantId, type, ids.toArray(new UUID[0]))).map(rows -> {
            Map<UUID, JsonObject> out = new HashMap<>();
            rows.forEach(row -> out.put(row.getUUID("entity_id"), (JsonObject) row.getValue("view")));
            return out;
        });
    }

    /** Rows {@code entity_id, view, at} (the due time) not yet fired by {@code workflowId}. */
    static Future<List<Row>> due(SqlClient conn, UUID tenantId, String type, OffsetDateTime upTo, OffsetDateTime after, UUID workflowId,
                                 int limit) {
        return conn.preparedQuery(DUE).execute(Tuple.from(new Object[] {tenantId, type, upTo, after, CLOSED, workflowId, limit}))
                .map(rows -> WorkflowStore.all(rows, row -> row));
    }

    /** Rows {@code entity_id, view, at} (the last activity) not yet fired by {@code workflowId}. */
    static Future<List<Row>> inactive(SqlClient conn, UUID tenantId, String type, OffsetDateTime upTo, OffsetDateTime after,
                                      UUID workflowId, int limit) {
        return conn.preparedQuery(INACTIVE).execute(Tuple.from(new Object[] {tenantId, type, upTo, after, CLOSED, workflowId, limit}))
                .map(rows -> WorkflowStore.all(rows, row -> row));
    }

    static Future<Map<UUID, Long>> load(SqlClient conn, UUID tenantId, String type, List<UUID> users) {
        return conn.preparedQuery(LOAD).execute(Tuple.from(new Object[] {tenantId, type, users.toArray(new UUID[0]), CLOSED}))
                .map(rows -> {
                    Map<UUID, Long> out = new HashMap<>();
                    rows.forEach(row -> out.put(row.getUUID("assignee_user_id"), row.getLong("open")));
                    return out;
                });
    }

    private static OffsetDateTime parse(String s) {
        try {
            return OffsetDateTime.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
