package dev.switchboard.workflows;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The sweeper's statements: cross-tenant claims through security-definer functions, and the per-tenant
 * dedupe table whose insert is the claim of one clock trigger (workflow + record + period).
 */
final class ClockStore {

    static final String TENANTS = "SELECT tenant_id FROM workflow_clock_tenants()";
    static final String CLAIM_REMINDERS = "SELECT * FROM workflow_claim_reminders($1, $2)";
    /** Scopes the rest of a cross-tenant transaction to one tenant, for row-level security. */
    static final String SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)";
    static final String FIRE = """
            INSERT INTO workflow_clock_fires (tenant_id, workflow_id, record_key, period, due_at, fired_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""";

    private ClockStore() {
    }

    static Future<List<UUID>> tenants(SqlClient conn) {
        return conn.query(TENANTS).execute().map(rows -> WorkflowStore.all(rows, row -> row.getUUID("tenant_id")));
    }

    /** Claims due reminders of every tenant: rows {@code tenant_id, appointment_id, offset_minutes, fire_at}. */
    static Future<List<Row>> claimReminders(SqlClient conn, Instant now, int limit) {
        return conn.preparedQuery(CLAIM_REMINDERS).execute(Tuple.of(at(now), limit)).map(rows -> WorkflowStore.all(rows, row -> row));
    }

    static Future<Void> setTenant(SqlClient conn, UUID tenantId) {
        return conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString())).mapEmpty();
    }

    /** True when this call claimed the trigger; false when it fired before (on any node). */
    static Future<Boolean> fire(SqlClient conn, UUID tenantId, UUID workflowId, String recordKey, String period, OffsetDateTime due,
                                Instant now) {
        return conn.preparedQuery(FIRE).execute(Tuple.from(new Object[] {tenantId, workflowId, recordKey, period, due, at(now)}))
                .map(rows -> rows.rowCount() == 1);
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
