package dev.switchboard.platform.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Idempotency for event consumers: record the event id in the same transaction as the consumer's
 * effects, and skip the effects when it was already recorded.
 */
public final class ProcessedEvents {

    private static final String MARK = """
            INSERT INTO processed_events (tenant_id, consumer, event_id) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING""";

    private ProcessedEvents() {
    }

    /** True the first time {@code consumer} sees {@code eventId}; false on every redelivery. */
    public static Future<Boolean> firstDelivery(SqlConnection conn, UUID tenantId, String consumer, UUID eventId) {
        return conn.preparedQuery(MARK).execute(Tuple.of(tenantId, consumer, eventId)).map(rows -> rows.rowCount() == 1);
    }
}
