package dev.switchboard.workflows;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Per-user opt-outs of automation, by kind: {@code notifications} (notify actions skip the user),
 * {@code emails} (send-email actions to the user are skipped) and {@code assignments} (assign actions never
 * pick the user; a task created for them is created unassigned). Every statement binds the tenant.
 */
final class OptOuts {

    static final String NOTIFICATIONS = "notifications";
    static final String EMAILS = "emails";
    static final String ASSIGNMENTS = "assignments";
    static final List<String> KINDS = List.of(NOTIFICATIONS, EMAILS, ASSIGNMENTS);

    static final String FIND = """
            SELECT o.notifications, o.emails, o.assignments, o.updated_at FROM workflow_opt_outs o
            WHERE o.tenant_id = $1 AND o.user_id = $2""";
    static final String UPSERT = """
            INSERT INTO workflow_opt_outs (tenant_id, user_id, notifications, emails, assignments, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET notifications = $3, emails = $4, assignments = $5, updated_at = $6""";
    /** Which of {@code $2} opted out of kind {@code $3}. */
    static final String OPTED_OUT = """
            SELECT o.user_id FROM workflow_opt_outs o WHERE o.tenant_id = $1 AND o.user_id = ANY($2)
            AND CASE $3 WHEN 'notifications' THEN o.notifications WHEN 'emails' THEN o.emails ELSE o.assignments END""";

    /** Everyone in the tenant who opted out of kind {@code $2}: read once per batch of runs. */
    static final String ALL_OPTED_OUT = """
            SELECT o.user_id FROM workflow_opt_outs o WHERE o.tenant_id = $1
            AND CASE $2 WHEN 'notifications' THEN o.notifications WHEN 'emails' THEN o.emails ELSE o.assignments END""";

    private OptOuts() {
    }

    static Future<JsonObject> find(SqlClient conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, userId)).map(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            return new JsonObject()
                    .put(NOTIFICATIONS, row != null && row.getBoolean(NOTIFICATIONS))
                    .put(EMAILS, row != null && row.getBoolean(EMAILS))
                    .put(ASSIGNMENTS, row != null && row.getBoolean(ASSIGNMENTS))
                    .put("updatedAt", row == null ? null : Timestamps.format(row.getOffsetDateTime("updated_at")));
        });
    }

    static Future<Void> save(SqlClient conn, UUID tenantId, UUID userId, boolean notifications, boolean emails, boolean assignments,
                             OffsetDateTime now) {
        return conn.preparedQuery(UPSERT).execute(Tuple.of(tenantId, userId, notifications, emails, assignments, now)).mapEmpty();
    }

    /** The users among {@code users} who opted out of {@code kind}. */
    static Future<Set<UUID>> optedOut(SqlClient conn, UUID tenantId, List<UUID> users, String kind) {
        if (users.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return conn.preparedQuery(OPTED_OUT).execute(Tuple.of(tenantId, users.toArray(new UUID[0]), kind)).map(OptOuts::users);
    }

    /** Every user of the tenant who opted out of {@code kind}. */
    static Future<Set<UUID>> allOptedOut(SqlClient conn, UUID tenantId, String kind) {
        return conn.preparedQuery(ALL_OPTED_OUT).execute(Tuple.of(tenantId, kind)).map(OptOuts::users);
    }

    private static Set<UUID> users(RowSet<Row> rows) {
        Set<UUID> out = new HashSet<>();
        rows.forEach(row -> out.add(row.getUUID("user_id")));
        return out;
    }
}
