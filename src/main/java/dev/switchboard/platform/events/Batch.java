package dev.switchboard.platform.events;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the events of one consumer transaction share: reads made once per transaction (a tenant's webhook
 * endpoints, say) instead of once per event. Never outlives its transaction.
 */
public final class Batch {

    private final Map<Object, Future<?>> memo = new HashMap<>();
    private final Map<java.util.UUID, Object> prepared = new HashMap<>();

    /** What {@link LogConsumer#prepare} fetched for the event with {@code eventId}, or null. */
    public Object prepared(java.util.UUID eventId) {
        return prepared.get(eventId);
    }

    /** A fresh batch for another transaction over the same events: what was prepared, none of the reads. */
    Batch again() {
        Batch next = new Batch();
        next.prepared.putAll(prepared);
        return next;
    }

    void prepared(java.util.UUID eventId, Object value) {
        if (value != null) {
            prepared.put(eventId, value);
        }
    }

    /**
     * The object of {@code type} that the events of this transaction share (writes gathered for one statement, say),
     * made by {@code create} the first time it is asked for.
     */
    public <T> T state(Class<T> type, Supplier<T> create) {
        return once(type, () -> Future.succeededFuture(create.get())).result();
    }

    /** The result of {@code read} for {@code key}, read at most once in this transaction. */
    @SuppressWarnings("unchecked")
    public <T> Future<T> once(Object key, Supplier<Future<T>> read) {
        Future<?> known = memo.get(key);
        if (known == null) {
            known = read.get();
            memo.put(key, known);
        }
        return (Future<T>) known;
    }
}
