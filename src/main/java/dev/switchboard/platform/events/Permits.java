package dev.switchboard.platform.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Caps how many consumer batches hold a pooled connection at once, so the log's consumers never take the
 * pool from requests. Used from one context only.
 */
final class Permits {

    private final Queue<Promise<Void>> waiting = new ArrayDeque<>();
    private int available;

    Permits(int permits) {
        this.available = permits;
    }

    Future<Void> acquire() {
        if (available > 0) {
            available--;
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        waiting.add(promise);
        return promise.future();
    }

    void release() {
        Promise<Void> next = waiting.poll();
        if (next != null) {
            next.complete();
        } else {
            available++;
        }
    }
}
