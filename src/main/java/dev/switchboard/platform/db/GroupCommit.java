package dev.switchboard.platform.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group commit: writes of one key that arrive while a write of that key is under way wait for it, then go out
 * together, so one transaction (and one round trip per step) serves all of them. Under light load a write goes out
 * at once, alone; under heavy load a commit serves many. Keys write independently of each other, one batch at a time
 * each. Safe from every event loop; each caller's outcome comes back on its own context.
 *
 * @param <K> what writes are grouped by (a tenant, or one constant for a single queue)
 * @param <T> one write
 * @param <R> one write's result
 */
public final class GroupCommit<K, T, R> {

    /** Writes a batch. */
    @FunctionalInterface
    public interface Writer<K, T, R> {
        /**
         * Writes {@code items}, all of {@code key}; completes once they are durable (or not) with one outcome per item,
         * in their order. A failure of the returned future fails every item with it.
         */
        Future<List<Future<R>>> write(K key, List<T> items);
    }

    private record Pending<T, R>(T item, Promise<R> outcome, Context context) {
    }

    private final Vertx vertx;
    private final int maxBatch;
    private final Writer<K, T, R> writer;
    /** The writes waiting, by key; a key is present while a batch of it is under way. */
    private final Map<K, List<Pending<T, R>>> waiting = new HashMap<>();

    public GroupCommit(Vertx vertx, int maxBatch, Writer<K, T, R> writer) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.vertx = vertx;
        this.maxBatch = maxBatch;
        this.writer = writer;
    }

    /** Writes {@code item} with the other writes of {@code key} of the moment; completes with its own outcome. */
    public Future<R> submit(K key, T item) {
        Promise<R> outcome = Promise.promise();
        Pending<T, R> pending = new Pending<>(item, outcome, vertx.getOrCreateContext());
        List<Pending<T, R>> batch = null;
        synchronized (this) {
            List<Pending<T, R>> queue = waiting.get(key);
            if (queue == null) {
                // nothing of this key under way: this write goes at once
                waiting.put(key, new ArrayList<>());
                batch = List.of(pending);
            } else {
                queue.add(pending);
            }
        }
        if (batch != null) {
            write(key, batch);
        }
        return outcome.future();
    }

    private void write(K key, List<Pending<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item()));
        Future<List<Future<R>>> written;
        try {
            written = writer.write(key, items);
        } catch (RuntimeException e) {
            written = Future.failedFuture(e);
        }
        written.onComplete(ar -> {
            for (int i = 0; i < batch.size(); i++) {
                Pending<T, R> p = batch.get(i);
                Future<R> outcome = ar.failed() ? Future.failedFuture(ar.cause())
                        : i < ar.result().size() ? ar.result().get(i)
                        : Future.failedFuture(new IllegalStateException("the batch writer gave no outcome for an item"));
                p.context().runOnContext(v -> outcome.onComplete(p.outcome()));
            }
            List<Pending<T, R>> next = next(key);
            if (next != null) {
                write(key, next);
            }
        });
    }

    /** The key's next batch, or null (and the key idle) when nothing waits. */
    private synchronized List<Pending<T, R>> next(K key) {
        List<Pending<T, R>> queue = waiting.get(key);
        if (queue.isEmpty()) {
            waiting.remove(key);
            return null;
        }
        int n = Math.min(queue.size(), maxBatch);
        List<Pending<T, R>> batch = new ArrayList<>(queue.subList(0, n));
        queue.subList(0, n).clear();
        return batch;
    }
}
