package dev.switchboard.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Hands out per-tenant case numbers 1, 2, 3… from a counter row updated in the creating transaction: the
 * row lock serialises concurrent creations, and a rolled-back creation returns its number, so there are no gaps.
 */
final class CaseNumbers {

    static final String NEXT = """
            INSERT INTO case_counters (tenant_id, last_number) VALUES ($1, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET last_number = case_counters.last_number + 1
            RETURNING last_number""";

    private CaseNumbers() {
    }

    static Future<Long> next(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(NEXT).execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong("last_number"));
    }
}
