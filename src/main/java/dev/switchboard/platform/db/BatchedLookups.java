package dev.switchboard.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lookups by key within one tenant that arrive at about the same time, answered by one statement for many keys
 * instead of a transaction each: a tenant's first lookup is sent at once, and the lookups that arrive while it runs
 * go out together in the next one (at most {@code maxKeys} per statement). A lookup is always answered by a statement
 * sent after it was asked, so it sees everything committed before it, as a statement of its own would. A burst of a
 * thousand sockets of distinct users costs a handful of statements rather than a thousand. Safe from any thread; the
 * futures complete on the thread that completes the statement.
 */
public final class BatchedLookups<K, V> {

    /** Loads the values of {@code keys} of one tenant; a key missing from the answer has no value (null). */
    @FunctionalInterface
    public interface Load<K, V> {
        Future<Map<K, V>> load(UUID tenantId, List<K> keys);
    }

    private final Load<K, V> load;
    private final int maxKeys;
    /** Per tenant with a statement in flight: the lookups waiting for the next one, in arrival order. */
    private final Map<UUID, Map<K, List<Promise<V>>>> waiting = new HashMap<>();

    public BatchedLookups(int maxKeys, Load<K, V> load) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive");
        }
        this.maxKeys = maxKeys;
        this.load = load;
    }

    /** The value of {@code key} in {@code tenantId}, or null when there is none. */
    public Future<V> get(UUID tenantId, K key) {
        Promise<V> answer = Promise.promise();
        boolean first;
        synchronized (this) {
            Map<K, List<Promise<V>>> queue = waiting.get(tenantId);
            first = queue == null;
            if (first) {
                queue = new LinkedHashMap<>();
                waiting.put(tenantId, queue);
            }
            queue.computeIfAbsent(key, k -> new ArrayList<>(1)).add(answer);
        }
        if (first) {
            next(tenantId);
        }
        return answer.future();
    }

    /** Sends the tenant's waiting lookups (up to {@code maxKeys}), or ends its turn when none wait. */
    private void next(UUID tenantId) {
        Map<K, List<Promise<V>>> batch = new LinkedHashMap<>();
        synchronized (this) {
            Map<K, List<Promise<V>>> queue = waiting.get(tenantId);
            if (queue.isEmpty()) {
                waiting.remove(tenantId);
                return;
            }
            Iterator<Map.Entry<K, List<Promise<V>>>> it = queue.entrySet().iterator();
            while (it.hasNext() && batch.size() < maxKeys) {
                Map.Entry<K, List<Promise<V>>> e = it.next();
                batch.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        Future<Map<K, V>> loaded;
        try {
            loaded = load.load(tenantId, new ArrayList<>(batch.keySet()));
        } catch (RuntimeException e) {
            loaded = Future.failedFuture(e);
        }
        loaded.onComplete(result -> {
            batch.forEach((key, answers) -> answers.forEach(answer -> {
                if (result.succeeded()) {
                    answer.complete(result.result().get(key));
                } else {
                    answer.fail(result.cause());
                }
            }));
            next(tenantId);
        });
    }
}
