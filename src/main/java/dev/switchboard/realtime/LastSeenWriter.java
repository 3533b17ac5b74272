package dev.switchboard.realtime;

import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists users' last-seen times without a transaction per connect: the first touch is written at once, and
 * the touches that arrive while a write is in flight are written together next, one statement per tenant. A
 * burst of a thousand joins costs a handful of writes. Safe from any thread.
 */
final class LastSeenWriter {

    private static final Logger log = LoggerFactory.getLogger(LastSeenWriter.class);

    private final Db db;
    private Map<UUID, Map<UUID, Instant>> pending = new HashMap<>();
    private boolean writing;
    private List<Promise<Void>> flushed = new ArrayList<>();

    LastSeenWriter(Db db) {
        this.db = db;
    }

    /** Records that the user was seen at {@code at}; the latest time per user wins. */
    void touch(UUID tenantId, UUID userId, Instant at) {
        synchronized (this) {
            pending.computeIfAbsent(tenantId, t -> new HashMap<>()).merge(userId, at, (a, b) -> a.isAfter(b) ? a : b);
            if (writing) {
                return;
            }
            writing = true;
        }
        writeNext();
    }

    /** Completes once every touch made so far is written (or failed and was logged); for a clean stop. */
    synchronized Future<Void> flush() {
        if (!writing) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        flushed.add(done);
        return done.future();
    }

    private void writeNext() {
        Map<UUID, Map<UUID, Instant>> batch;
        List<Promise<Void>> idle = null;
        synchronized (this) {
            batch = pending;
            pending = new HashMap<>();
            if (batch.isEmpty()) {
                writing = false;
                idle = flushed;
                flushed = new ArrayList<>();
            }
        }
        if (idle != null) {
            idle.forEach(Promise::complete);
            return;
        }
        List<Future<Void>> writes = new ArrayList<>(batch.size());
        batch.forEach((tenantId, seen) -> writes.add(db.inTenant(tenantId, conn -> PresenceStore.touch(conn, tenantId, seen))
                .onFailure(err -> log.warn("last seen not stored [tenant: {}, users: {}]", tenantId, seen.size(), err))));
        Future.join(writes).onComplete(done -> writeNext());
    }
}
