package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.SqlErrors;
import dev.switchboard.platform.outbox.OutboxRelay;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of webhook acknowledgements: deliveries that arrive while a write is under way wait for it and
 * then go out together, as one multi-row insert in one statement (and one commit), which also appends each new
 * delivery to the event log. Under light load a delivery is written at once, alone; under heavy load a commit
 * serves many. Safe from every event loop; each caller's answer comes back on its own context.
 * <p>
 * A delivery may come with what its processing records ({@link Delivery#processed}): it is then stored processed,
 * with its audit entry and domain event, by the same statement. Should that statement fail, the batch is stored
 * again as plain deliveries, whose processing the inbox consumer runs, retries and parks like any other; only
 * when that fails too do the callers get the failure.
 */
final class InboxWriter {

    private static final String RECEIVE = "SELECT webhook_inbox_receive_processed($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
            + " $12, $13, $14, $15) AS id";
    private static final int MAX_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

    private final Vertx vertx;
    private final Db db;
    private final List<Pending> waiting = new ArrayList<>();
    private boolean writing;

    InboxWriter(Vertx vertx, Db db) {
        this.vertx = vertx;
        this.db = db;
    }

    /**
     * One verified delivery of a known tenant; {@code processed}, when not null, is what its processing records (a
     * change of this delivery, {@code id}), written with it.
     */
    record Delivery(UUID tenantId, UUID id, String provider, UUID hookId, String eventId, byte[] body, JsonObject headers,
                    OffsetDateTime receivedAt, Changes.SystemRecord processed) {
    }

    private record Pending(Delivery delivery, Promise<Boolean> stored, Context context) {
    }

    /** Stores {@code delivery} durably; completes with false when it was stored before (a duplicate). */
    Future<Boolean> write(Delivery delivery) {
        Context context = vertx.getOrCreateContext();
        Promise<Boolean> stored = Promise.promise();
        List<Pending> batch;
        synchronized (this) {
            waiting.add(new Pending(delivery, stored, context));
            batch = writing ? null : take();
        }
        if (batch != null) {
            flush(batch);
        }
        return stored.future();
    }

    /** The next batch to write, marking a write under way; null when nothing waits. Holds the monitor. */
    private List<Pending> take() {
        if (waiting.isEmpty()) {
            writing = false;
            return null;
        }
        int n = Math.min(waiting.size(), MAX_BATCH);
        List<Pending> batch = new ArrayList<>(waiting.subList(0, n));
        waiting.subList(0, n).clear();
        writing = true;
        return batch;
    }

    private void flush(List<Pending> batch) {
        boolean processing = batch.stream().anyMatch(p -> p.delivery().processed() != null);
        store(batch, true).recover(err -> {
            if (!processing) {
                return Future.failedFuture(err);
            }
            log.warn("storing {} webhook deliveries with their processing failed; stored for the inbox consumer instead: {}",
                    batch.size(), err.getMessage());
            return store(batch, false);
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                Set<UUID> stored = ar.result();
                if (!stored.isEmpty()) {
                    vertx.eventBus().send(OutboxRelay.WAKE_ADDRESS, null);
                }
                batch.forEach(p -> p.context().runOnContext(v -> p.stored().complete(stored.contains(p.delivery().id()))));
            } else {
                batch.forEach(p -> p.context().runOnContext(v -> p.stored().fail(ar.cause())));
            }
            List<Pending> next;
            synchronized (this) {
                next = take();
            }
            if (next != null) {
                flush(next);
            }
        });
    }

    /** Stores {@code batch} in one statement, with what processing records when {@code processed}; the ids stored. */
    private Future<Set<UUID>> store(List<Pending> batch, boolean processed) {
        int n = batch.size();
        UUID[] tenants = new UUID[n];
        UUID[] ids = new UUID[n];
        String[] providers = new String[n];
        UUID[] hooks = new UUID[n];
        String[] eventIds = new String[n];
        Buffer[] bodies = new Buffer[n];
        JsonObject[] headers = new JsonObject[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] actions = new String[n];
        String[] entityTypes = new String[n];
        UUID[] auditIds = new UUID[n];
        JsonObject[] afters = new JsonObject[n];
        UUID[] logIds = new UUID[n];
        JsonObject[] payloads = new JsonObject[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Delivery d = batch.get(i).delivery();
            tenants[i] = d.tenantId();
            ids[i] = d.id();
            providers[i] = d.provider();
            hooks[i] = d.hookId();
            eventIds[i] = d.eventId();
            bodies[i] = Buffer.buffer(d.body());
            headers[i] = d.headers();
            received[i] = d.receivedAt();
            Changes.SystemRecord record = processed ? d.processed() : null;
            if (record != null) {
                actions[i] = record.action();
                entityTypes[i] = record.entityType();
                auditIds[i] = record.auditId();
                afters[i] = record.after();
                logIds[i] = record.event().id();
                payloads[i] = record.event().data();
                occurred[i] = record.event().occurredAt().atOffset(ZoneOffset.UTC);
            }
        }
        Tuple args = Tuple.from(new Object[] {tenants, ids, providers, hooks, eventIds, bodies, headers, received, actions,
                entityTypes, auditIds, afters, logIds, payloads, occurred});
        return db.pool().preparedQuery(RECEIVE).execute(args).recover(SqlErrors::translate).map(rows -> {
            Set<UUID> stored = new HashSet<>();
            for (Row row : rows) {
                stored.add(row.getUUID("id"));
            }
            return stored;
        });
    }
}
