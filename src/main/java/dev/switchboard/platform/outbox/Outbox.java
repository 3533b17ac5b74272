package dev.switchboard.platform.outbox;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;

/**
 * Stores domain events in the caller's transaction. When that transaction commits, the relay is woken
 * so the event reaches the bus at once; a rolled-back event never existed.
 */
public final class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (tenant_id, id, type, actor_type, actor_id, correlation_id, payload, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";

    private final Vertx vertx;

    public Outbox(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Wakes the relay once the transaction open on {@code conn} commits; for writers that insert their event
     * themselves (in one statement with other rows) instead of through {@link #append}.
     */
    public void wakeRelayOnCommit(SqlConnection conn) {
        Db.afterCommit(conn, () -> vertx.eventBus().send(OutboxRelay.WAKE_ADDRESS, null));
    }

    /** Appends {@code event} inside the transaction open on {@code conn}. */
    public Future<Void> append(SqlConnection conn, EventEnvelope event) {
        if (!event.hasTenant()) {
            return Future.failedFuture(new IllegalArgumentException("event without tenant [type: " + event.type() + "]"));
        }
        wakeRelayOnCommit(conn);
        return conn.preparedQuery(INSERT).execute(Tuple.of(
                        event.tenantId(), event.id(), event.type(), event.actor().type().wire(), event.actor().id(),
                        event.correlationId(), event.data(), event.occurredAt().atOffset(ZoneOffset.UTC)))
                .mapEmpty();
    }
}
