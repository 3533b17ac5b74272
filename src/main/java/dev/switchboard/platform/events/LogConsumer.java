package dev.switchboard.platform.events;

import dev.switchboard.platform.bus.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;

/**
 * A work consumer of the event log (notifications, timeline projection, workflow intake, outbound webhook
 * fan-out…). It applies each event's effects on the connection it is given, inside the transaction that also
 * moves its checkpoint past the event, so every effect happens exactly once. An effect that fails is retried
 * and, after the configured attempts, the event is parked for an admin to retry.
 */
public interface LogConsumer {

    /** The consumer's stable name: its checkpoints and parked events are kept under it. */
    String name();

    /** The event types this consumer acts on, or null for every type; others never open a transaction. */
    Set<String> types();

    /**
     * Called when this node starts working {@code shard} (at start-up, or when the shard moves here), before its
     * first event: a consumer that keeps node-local knowledge of the log refreshes it here, since another node
     * worked the shard until now. The default does nothing.
     */
    default Future<Void> open(int shard) {
        return Future.succeededFuture();
    }

    /** Whether this consumer acts on {@code event} at all (of its types); events it skips never open a transaction. */
    default boolean wants(EventEnvelope event) {
        return true;
    }

    /**
     * Fetches what {@link #apply} needs from outside the database (a provider's API, say) before the batch's
     * transaction opens, so no connection is held while it waits; {@code apply} finds the result through
     * {@link Batch#prepared}. A failure counts as a failure of the event. Most consumers need nothing.
     */
    default Future<Object> prepare(EventEnvelope event) {
        return Future.succeededFuture();
    }

    /**
     * Called in the transaction, once the effects of a step's events have been sent: the events of one tenant, whose
     * binding is still in effect (consecutive events of a tenant in a batch, or a single event when a batch is retried
     * one event at a time). A consumer that gathers its events' effects into fewer statements sends them here; a
     * failure counts as a failure of the step's first event. The default does nothing.
     */
    default Future<Void> flush(SqlConnection conn, Batch batch) {
        return Future.succeededFuture();
    }

    /** Applies {@code event} on its own, in the caller's transaction (a parked event retried): its effects, then their flush. */
    default Future<Runnable> applyAlone(SqlConnection conn, EventEnvelope event) {
        Batch batch = new Batch();
        return apply(conn, event, batch).compose(action -> flush(conn, batch).map(action));
    }

    /**
     * Called after an attempt at {@code event} failed and its transaction rolled back (outside any transaction),
     * so the consumer can make the failure visible on its own records; the default does nothing.
     */
    default Future<Void> attemptFailed(EventEnvelope event, int attempt, String error) {
        return Future.succeededFuture();
    }

    /**
     * Called in the transaction that parks {@code event} after its last failed attempt (the event's tenant bound),
     * so the consumer can mark its own records; the default does nothing.
     */
    default Future<Void> parked(SqlConnection conn, EventEnvelope event, String error) {
        return Future.succeededFuture();
    }

    /**
     * Applies {@code event}'s effects on {@code conn}, whose transaction has the event's tenant bound. Completes
     * with an action to run once the transaction committed (an announcement to other nodes, say), or null.
     * {@code batch} memoizes reads shared by the events of one transaction.
     */
    Future<Runnable> apply(SqlConnection conn, EventEnvelope event, Batch batch);
}
